package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/aidgraph/aidgraph/model"
)

// Hooks for the search tests (package store_test).

// SetFewCandidates sets how many candidates a search checks whole, and returns the old value.
func SetFewCandidates(n int) int {
	old := fewCandidates
	fewCandidates = n
	return old
}

// SetFilterMax sets the most rows of a gram filter reads, and returns the old value.
func SetFilterMax(n int) int {
	old := filterMax
	filterMax = n
	return old
}

// SetCountCandidates sets how many candidates totalCount checks at most, and returns a
// function that sets it back.
func SetCountCandidates(n int) func() {
	old := countCandidates
	countCandidates = n
	return func() { countCandidates = old }
}

// SetChunks sets the bounds of the chunks the streams of a common text are read in, and returns
// a function that sets them back.
func SetChunks(lo, hi int) func() {
	oldLo, oldHi := minChunk, maxChunk
	minChunk, maxChunk = lo, hi
	return func() { minChunk, maxChunk = oldLo, oldHi }
}

// SearchedColumns lists the searched columns of each table.
func SearchedColumns() map[string][]string {
	out := map[string][]string{}
	for _, k := range searchKinds {
		for _, c := range k.cols {
			out[k.table] = append(out[k.table], c.name)
		}
	}
	return out
}

// OracleHit is a hit of the LIKE oracle.
type OracleHit struct {
	T     string
	ID    int64 `gorm:"column:id"`
	Score int
	Len   int
	Field string
}

// OracleSearch is search as LIKE over every row of the tables prefix+table (copies of the
// searched columns, folded), ranked as search ranks, all hits.
func (s *Store) OracleSearch(ctx context.Context, prefix, text string, types []model.SearchType) ([]OracleHit, error) {
	var parts []string
	var args []any
	seen := map[model.SearchType]bool{}
	sort.Slice(types, func(i, j int) bool { return types[i] < types[j] })
	for _, t := range types {
		if seen[t] {
			continue
		}
		seen[t] = true
		sb := searchables[t]
		c := sb.query(prefix+tableOfRef(sb.ref), text, s.charLength(), s.like)
		parts = append(parts, c.sql)
		args = append(args, c.args...)
	}
	var hits []OracleHit
	err := s.session(ctx).Raw("SELECT * FROM ("+strings.Join(parts, " UNION ALL ")+") hits ORDER BY score DESC, len, t, id", args...).Scan(&hits).Error
	return hits, err
}

// charLength is the SQL function that counts characters (MySQL's LENGTH counts bytes).
func (s *Store) charLength() string {
	if s.dialect == MySQL {
		return "CHAR_LENGTH"
	}
	return "LENGTH"
}

// query selects the rows of table (the kind's own, or a copy of its searched columns) that
// match text: search as it was before the index, LIKE over every row, kept as the oracle, with their score, best field and its length.
func (sb searchable) query(table, text, charLength string, like func(column string) string) cond {
	exact, prefix, inside := escapeLike(text), escapeLike(text)+"%", "%"+escapeLike(text)+"%"
	type tier struct {
		column, pattern string
		score           string
	}
	var tiers []tier
	for _, c := range append(append([]string{}, sb.primary...), sb.second...) {
		whole := exact
		if full, err := model.NormalizeCode(text); c == "code" && err == nil {
			whole = full // "411224" names 卢氏县 (411224000000) exactly, as region(code:) does
		}
		tiers = append(tiers, tier{c, whole, "100"})
	}
	for _, c := range append(append([]string{}, sb.primary...), sb.second...) {
		tiers = append(tiers, tier{c, prefix, "80"})
	}
	for _, c := range sb.primary {
		tiers = append(tiers, tier{c, inside, "60"})
	}
	for _, c := range sb.second {
		tiers = append(tiers, tier{c, inside, "50"})
	}
	for _, c := range sb.text {
		tiers = append(tiers, tier{c, inside, "30"})
	}
	var score, length, field, match strings.Builder
	var tierArgs, matchArgs []any
	score.WriteString("CASE")
	length.WriteString("CASE")
	field.WriteString("CASE")
	for _, t := range tiers {
		column := table + "." + t.column
		matches := like(column)
		score.WriteString(" WHEN " + matches + " THEN " + t.score)
		length.WriteString(" WHEN " + matches + " THEN " + charLength + "(" + column + ")")
		field.WriteString(" WHEN " + matches + " THEN '" + fieldNames[t.column] + "'")
		tierArgs = append(tierArgs, t.pattern)
	}
	score.WriteString(" ELSE 0 END")
	length.WriteString(" ELSE 0 END")
	field.WriteString(" ELSE '' END")
	for i, c := range append(append(append([]string{}, sb.primary...), sb.second...), sb.text...) {
		if i > 0 {
			match.WriteString(" OR ")
		}
		match.WriteString(like(table + "." + c))
		matchArgs = append(matchArgs, inside)
	}
	sql := "SELECT '" + sb.ref + "' AS t, " + table + ".id AS id, " + score.String() + " AS score, " +
		length.String() + " AS len, " + field.String() + " AS field FROM " + table + " WHERE " + match.String()
	var args []any
	for range 3 { // score, len and field each test the tiers
		args = append(args, tierArgs...)
	}
	return cond{sql, append(args, matchArgs...)}
}

// RebuildSearchIndex builds the search index again from the rows, as start-up does for a
// database without it.
func (s *Store) RebuildSearchIndex(ctx context.Context) error {
	if err := s.primary(ctx).Exec("DELETE FROM search_index_state").Error; err != nil {
		return err
	}
	return s.ensureSearchIndex(ctx)
}

// SearchIndex returns every row of the search index's tables as text, in key order, with the
// counts of each gram and kind summed over their shards (zero counts left out).
func (s *Store) SearchIndex(ctx context.Context) (map[string][]string, error) {
	out := map[string][]string{}
	for table, q := range map[string]string{
		"search_texts":       "SELECT t, id, col, cls, len, folded FROM search_texts ORDER BY t, id, col",
		"search_gram_counts": "SELECT gram, t, SUM(n) FROM search_gram_counts GROUP BY gram, t HAVING SUM(n) <> 0 ORDER BY gram, t",
	} {
		rows, err := s.primary(ctx).Raw(q).Rows()
		if err != nil {
			return nil, err
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			var b strings.Builder
			for _, v := range vals {
				if x, ok := v.([]byte); ok {
					v = string(x)
				}
				fmt.Fprintf(&b, "%v|", v)
			}
			out[table] = append(out[table], b.String())
		}
		rows.Close()
	}
	// The postings, one per id of each bitmap (an empty bitmap is a row too many).
	for _, p := range []postingTable{gramTable, prefixTable} {
		q := s.primary(ctx).Raw("SELECT " + strings.Join(p.columns(), ", ") + ", bits FROM " + p.name + " ORDER BY " + p.text + ", " + p.order())
		err := scanBits(q, p, func(k bitKey, b *roaring.Bitmap) bool {
			if b.IsEmpty() {
				out[p.name] = append(out[p.name], fmt.Sprintf("%v|empty", k))
			}
			for it := b.Iterator(); it.HasNext(); {
				out[p.name] = append(out[p.name], fmt.Sprintf("%s|%d|%d|%d|%d|", k.text, k.cls, k.len, k.t, k.chunk<<chunkBits|int64(it.Next())))
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SearchCountBounds returns the bounds totalCount works within (the schema states them).
func SearchCountBounds() (candidates, filter int) {
	return countCandidates, filterMax
}
