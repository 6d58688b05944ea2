package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/synth"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/internal/textfold"
	"github.com/aidgraph/aidgraph/model"
)

// oraclePrefix starts the names of the tables the oracle searches: copies of the searched
// columns, folded.
const oraclePrefix = "oracle_"

// mirror copies the searched columns of every searched table, folded, into oracle tables, and
// returns every searched text as stored.
func mirror(t *testing.T, db *sql.DB, d store.Dialect) []string {
	t.Helper()
	var texts []string
	for table, cols := range store.SearchedColumns() {
		mirror := oraclePrefix + table
		create := "CREATE TABLE " + mirror + " (id BIGINT PRIMARY KEY"
		for _, c := range cols {
			create += ", " + c + " TEXT"
		}
		create += ")"
		if d == store.MySQL {
			create += " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
		}
		if _, err := db.Exec("DROP TABLE IF EXISTS " + mirror); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(create); err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query("SELECT id, " + strings.Join(cols, ", ") + " FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		var inserts [][]any
		for rows.Next() {
			var id int64
			values := make([]sql.NullString, len(cols))
			dest := []any{&id}
			for i := range values {
				dest = append(dest, &values[i])
			}
			if err := rows.Scan(dest...); err != nil {
				t.Fatal(err)
			}
			row := []any{id}
			for _, v := range values {
				if !v.Valid {
					row = append(row, nil)
					continue
				}
				texts = append(texts, v.String)
				row = append(row, textfold.Fold(v.String))
			}
			inserts = append(inserts, row)
		}
		rows.Close()
		insert := "INSERT INTO " + mirror + " VALUES (?" + strings.Repeat(", ?", len(cols)) + ")"
		for _, r := range inserts {
			if _, err := db.Exec(insert, r...); err != nil {
				t.Fatal(err)
			}
		}
	}
	slices.Sort(texts)
	return texts
}

// traditional writes some simplified characters as traditional ones, the way a user might type.
var traditional = strings.NewReplacer("卢", "盧", "县", "縣", "学", "學", "乡", "鄉", "镇", "鎮", "医", "醫", "项", "項",
	"门", "門", "扶", "扶", "帮", "幫", "贫", "貧", "户", "戶", "万", "萬", "元", "元", "区", "區", "发", "發", "务", "務",
	"农", "農", "业", "業", "职", "職", "脱", "脫", "疗", "療", "远", "遠", "程", "程", "们", "們", "对", "對", "阳", "陽", "张", "張")

// variants returns s as a user might also type it: traditional, full-width or in capitals.
func variants(rng *rand.Rand, s string) string {
	switch rng.IntN(4) {
	case 0:
		return traditional.Replace(s)
	case 1:
		return strings.Map(func(r rune) rune {
			if r > ' ' && r <= '~' {
				return r - '!' + 0xFF01
			}
			return r
		}, s)
	case 2:
		return strings.ToUpper(s)
	}
	return s
}

// draw returns n texts to search for: substrings of 1 to 8 characters of stored texts, some
// as a user might type them otherwise.
func draw(rng *rand.Rand, texts []string, n int) []string {
	var out []string
	for len(out) < n {
		rs := []rune(texts[rng.IntN(len(texts))])
		if len(rs) == 0 {
			continue
		}
		size := 1 + rng.IntN(min(8, len(rs)))
		start := rng.IntN(len(rs) - size + 1)
		q := string(rs[start : start+size])
		if rng.IntN(3) == 0 {
			q = variants(rng, q)
		}
		if strings.TrimSpace(q) != "" {
			out = append(out, q)
		}
	}
	return out
}

// compareWithOracle searches for q through the index, two pages of size, and compares the
// hits, their order, scores, fields and the count with the oracle's.
func compareWithOracle(t *testing.T, s *store.Store, q string, types []model.SearchType, size int) {
	t.Helper()
	ctx := context.Background()
	asked := slices.Clone(types)
	if asked == nil {
		asked = slices.Clone(model.AllSearchType)
	}
	want, err := s.OracleSearch(ctx, oraclePrefix, textfold.Fold(strings.TrimSpace(q)), asked)
	if err != nil {
		t.Fatalf("oracle %q: %v", q, err)
	}
	var after *string
	for pageNo := range 2 {
		conn, err := s.Search(ctx, q, types, paging.Args{First: &size, After: after})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		hits, err := conn.Nodes()
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		info, err := conn.PageInfo()
		if err != nil {
			t.Fatal(err)
		}
		from := min(len(want), pageNo*size)
		page := want[from:min(len(want), from+size)]
		if len(hits) != len(page) {
			t.Fatalf("search %q %v page %d: %d hits, the oracle %d (%v)", q, types, pageNo, len(hits), len(page), page)
		}
		for i, h := range hits {
			w := page[i]
			if h.Ref.Kind != w.T || h.Ref.ID != w.ID || h.Score != w.Score || h.MatchedField != w.Field {
				t.Fatalf("search %q %v page %d hit %d: %s %d %d %s, the oracle %+v", q, types, pageNo, i, h.Ref.Kind, h.Ref.ID, h.Score, h.MatchedField, w)
			}
		}
		if more := len(want) > from+size; info.HasNextPage != more {
			t.Fatalf("search %q page %d: hasNextPage %v, want %v", q, pageNo, info.HasNextPage, more)
		}
		if pageNo == 0 {
			n, err := conn.TotalCount()
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) {
				t.Fatalf("search %q %v: totalCount %d, the oracle %d", q, types, n, len(want))
			}
		}
		if info.EndCursor == nil {
			return
		}
		after = info.EndCursor
	}
}

// TestSearchMatchesLike holds search through the index to LIKE over every row (the search it
// replaced, kept as the oracle), on random substrings of stored texts, on the article's data
// and on generated data, both ways a search ranks: checking every candidate, and reading them
// in rank order.
func TestSearchMatchesLike(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		for _, data := range []string{"article", "synthetic"} {
			t.Run(data, func(t *testing.T) {
				var s *store.Store
				if data == "article" {
					s = testdb.Open(t, d)
				} else {
					s = testdb.OpenEmpty(t, d)
					if _, err := synth.Generate(context.Background(), s, synth.Scales["small"]); err != nil {
						t.Fatal(err)
					}
				}
				texts := mirror(t, testdb.SQL(t, s), d)
				rng := rand.New(rand.NewPCG(22, uint64(len(data))))
				fixed := []string{"卢氏", "盧氏", "ＬＵＳＨＩ", "Lushi", "411224", "4112", "县", "村", "1", "01", "0", "synthetic", "学校", "學校", "%", "_", "!"}
				random, settings := 200, []struct{ few, lo, hi, filter int }{{2000, 16, 4096, 100000}, {0, 16, 4096, 100000}, {0, 1, 3, 100000}, {0, 1, 3, 0}}
				if raceDetector { // the answers are checked without it; under it, the paths are run
					random, settings = 20, settings[1:3]
				}
				queries := append(fixed, draw(rng, texts, random)...)
				for _, c := range settings {
					t.Run(fmt.Sprintf("few=%d,chunks=%d-%d,filter=%d", c.few, c.lo, c.hi, c.filter), func(t *testing.T) {
						old := store.SetFewCandidates(c.few)
						defer store.SetFewCandidates(old)
						oldFilter := store.SetFilterMax(c.filter)
						defer store.SetFilterMax(oldFilter)
						defer store.SetChunks(c.lo, c.hi)()
						for i, q := range queries {
							var types []model.SearchType
							if i%5 == 4 {
								types = []model.SearchType{model.AllSearchType[rng.IntN(len(model.AllSearchType))], model.AllSearchType[rng.IntN(len(model.AllSearchType))]}
							}
							compareWithOracle(t, s, q, types, 1+rng.IntN(12))
						}
					})
				}
			})
		}
	})
}

// TestSearchBounds: past countCandidates rows holding its rarest gram, a text's totalCount is a
// lower bound (exact for a text that is itself a gram), and paging it backward is refused.
func TestSearchBounds(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.Open(t, d)
		mirror(t, testdb.SQL(t, s), d)
		defer store.SetCountCandidates(3)()
		for _, q := range []string{"县", "卢氏", "乡镇"} {
			want, err := s.OracleSearch(ctx, oraclePrefix, q, slices.Clone(model.AllSearchType))
			if err != nil {
				t.Fatal(err)
			}
			conn, err := s.Search(ctx, q, nil, paging.Args{})
			if err != nil {
				t.Fatal(err)
			}
			n, err := conn.TotalCount()
			if err != nil {
				t.Fatal(err)
			}
			if len([]rune(q)) == 1 && n != len(want) || n > len(want) || n == 0 {
				t.Errorf("%q: totalCount %d, %d hits", q, n, len(want))
			}
			last := 2
			back, err := s.Search(ctx, q, nil, paging.Args{Last: &last})
			if err == nil {
				_, err = back.Nodes()
			}
			if len(want) > 3 && (err == nil || !strings.Contains(err.Error(), "page forward")) {
				t.Errorf("%q: last 2 of %d hits: %v", q, len(want), err)
			}
		}
	})
}

// TestSchemaStatesSearchCountBounds: the schema's description of totalCount states the bounds
// the store counts within.
func TestSchemaStatesSearchCountBounds(t *testing.T) {
	schema, err := os.ReadFile("../../schema/search.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	candidates, filter := store.SearchCountBounds()
	for _, n := range []int{candidates, filter} {
		if text := thousands(n); !strings.Contains(string(schema), text) {
			t.Errorf("schema/search.graphqls does not state %s", text)
		}
	}
}

// thousands writes n with commas between groups of three digits, as the schema does.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
