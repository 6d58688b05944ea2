package store_test

import (
	"context"
	"database/sql"
	"testing"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/synth"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestRowAncestors checks that projects, schools and hospitals keep a copy of their region's
// ancestors: loaded, then moved to another region, left without one or inserted by plain SQL,
// which leaves the copies stale (no trigger keeps them) until copyAncestors brings them back.
func TestRowAncestors(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		db := testdb.SQL(t, s)
		for _, table := range store.AncestorTables() {
			if n := staleAncestors(t, db, table); n != 0 {
				t.Errorf("%s: %d rows whose ancestors differ from their region's after loading", table, n)
			}
		}
		var moved, cleared, township, source int64
		if err := db.QueryRow("SELECT MIN(id), MAX(id), MIN(source_id) FROM projects WHERE region_id IS NOT NULL").Scan(&moved, &cleared, &source); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("SELECT MAX(id) FROM regions WHERE level = 'TOWNSHIP'").Scan(&township); err != nil {
			t.Fatal(err)
		}
		const inserted = 99001
		writes := []struct {
			table string
			id    int64
			sql   string
			args  []any
		}{
			{"projects", moved, "UPDATE projects SET region_id = ? WHERE id = ?", []any{township, moved}},
			{"projects", cleared, "UPDATE projects SET region_id = NULL WHERE id = ?", []any{cleared}},
			{"schools", inserted, "INSERT INTO schools (id, name, region_id, source_id) VALUES (?, '测试学校（test）', ?, ?)", []any{inserted, township, source}},
		}
		written := map[string][]int64{}
		for _, w := range writes {
			if _, err := db.Exec(w.sql, w.args...); err != nil {
				t.Fatalf("%s: %v", w.sql, err)
			}
			written[w.table] = append(written[w.table], w.id)
		}
		for table, ids := range written {
			if n := staleAncestors(t, db, table); n != len(ids) {
				t.Errorf("%s: %d rows with stale ancestors after writes by hand, want %d: something else keeps them", table, n, len(ids))
			}
		}
		err := s.InTx(context.Background(), func(tx *gorm.DB) error {
			for table, ids := range written {
				if err := store.CopyAncestors(tx, table, ids); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for table := range written {
			if n := staleAncestors(t, db, table); n != 0 {
				t.Errorf("%s: %d rows whose ancestors differ from their region's after copyAncestors", table, n)
			}
		}
		var got sql.NullInt64
		if err := db.QueryRow("SELECT township_id FROM projects WHERE id = ?", moved).Scan(&got); err != nil || got.Int64 != township {
			t.Errorf("moved project: township %v (%v), want %d", got, err, township)
		}
		if err := db.QueryRow("SELECT province_id FROM projects WHERE id = ?", cleared).Scan(&got); err != nil || got.Valid {
			t.Errorf("project without a region: province %v (%v), want NULL", got, err)
		}
		if err := db.QueryRow("SELECT township_id FROM schools WHERE id = ?", inserted).Scan(&got); err != nil || got.Int64 != township {
			t.Errorf("inserted school: township %v (%v), want %d", got, err, township)
		}
	})
}

// TestNoTriggers checks that the database has no trigger at all: TiDB has none, so Go keeps
// whatever triggers kept.
func TestNoTriggers(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		db := testdb.SQL(t, testdb.OpenEmpty(t, d))
		q := "SELECT name FROM sqlite_master WHERE type = 'trigger'"
		if d == store.MySQL {
			q = "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
		}
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			t.Errorf("trigger %s remains", name)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCopyAncestors spoils every copy of every table's rows, then has copyAncestors restore
// those of the ids given: all rows for nil, none for an empty list, and past the size of one
// statement's chunk of ids (with ids of no row among them). It runs on the small synthetic
// data: the article names no school.
func TestCopyAncestors(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.OpenEmpty(t, d)
		ctx := context.Background()
		if _, err := synth.Generate(ctx, s, synth.Scales["small"]); err != nil {
			t.Fatal(err)
		}
		db := testdb.SQL(t, s)
		for _, table := range store.AncestorTables() {
			all := ids(t, db, table)
			beyond := make([]int64, 2*store.AncestorChunk) // rows that do not exist
			for i := range beyond {
				beyond[i] = 1_000_000 + int64(i)
			}
			for _, c := range []struct {
				name      string
				ids       []int64
				wantStale int
			}{
				{"nil: every row", nil, 0},
				{"empty: no row", []int64{}, len(all)},
				{"half", all[:len(all)/2], len(all) - len(all)/2},
				{"more than a chunk", append(beyond, all...), 0},
			} {
				t.Run(table+"/"+c.name, func(t *testing.T) {
					spoil := "UPDATE " + table + " SET province_id = -1, city_id = -1, county_id = -1, township_id = -1"
					if _, err := db.Exec(spoil); err != nil {
						t.Fatal(err)
					}
					err := s.InTx(ctx, func(tx *gorm.DB) error { return store.CopyAncestors(tx, table, c.ids) })
					if err != nil {
						t.Fatal(err)
					}
					if n := staleAncestors(t, db, table); n != c.wantStale {
						t.Errorf("%d of %d rows stale, want %d", n, len(all), c.wantStale)
					}
				})
			}
			if err := s.InTx(ctx, func(tx *gorm.DB) error { return store.CopyAncestors(tx, table, nil) }); err != nil {
				t.Fatal(err)
			}
		}
		err := s.InTx(ctx, func(tx *gorm.DB) error { return store.CopyAncestors(tx, "funds", nil) })
		if err == nil {
			t.Error("copyAncestors of funds, which keep no ancestors: no error")
		}
	})
}

// staleAncestors counts the rows of table whose copies of their region's ancestors are wrong.
func staleAncestors(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	q := "SELECT COUNT(*) FROM " + table + " x LEFT JOIN regions r ON r.id = x.region_id WHERE " +
		"COALESCE(x.province_id, 0) <> COALESCE(r.province_id, 0) OR COALESCE(x.city_id, 0) <> COALESCE(r.city_id, 0) OR " +
		"COALESCE(x.county_id, 0) <> COALESCE(r.county_id, 0) OR COALESCE(x.township_id, 0) <> COALESCE(r.township_id, 0)"
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("count stale ancestors of %s: %v", table, err)
	}
	return n
}

// ids lists the ids of table's rows; the test needs more than a few.
func ids(t *testing.T, db *sql.DB, table string) []int64 {
	t.Helper()
	rows, err := db.Query("SELECT id FROM " + table + " ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil || len(out) < 4 {
		t.Fatalf("%s: %d rows (%v), want at least 4", table, len(out), err)
	}
	return out
}

// TestSubtreePageCounts reads the projects under a province page by page as a batch would,
// counted with the page or not: a page read without its count (the client did not ask) must
// still count right if asked after all.
func TestSubtreePageCounts(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		ctx := s.WithSession(context.Background())
		henan, err := s.RegionByCode(ctx, "410000000000")
		if err != nil || henan == nil {
			t.Fatalf("河南省: %v, %v", henan, err)
		}
		var want int
		if err := testdb.SQL(t, s).QueryRow("SELECT COUNT(*) FROM projects p JOIN regions r ON r.id = p.region_id WHERE r.province_id = ?",
			henan.RowID).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if want == 0 {
			t.Fatal("no projects under 河南省: the test needs some")
		}
		first := 2
		for _, uncounted := range []bool{false, true} {
			conn, err := s.Projects(ctx, store.ProjectScope{Within: &store.Within{Region: henan, Descendants: true}},
				store.List[model.ProjectFilter, model.ProjectOrder]{Page: paging.Args{First: &first}, Uncounted: uncounted})
			if err != nil {
				t.Fatal(err)
			}
			nodes, err := conn.Nodes()
			if err != nil || len(nodes) != first {
				t.Fatalf("uncounted %t: %d projects (%v), want %d", uncounted, len(nodes), err, first)
			}
			if got, err := conn.TotalCount(); err != nil || got != want {
				t.Errorf("uncounted %t: totalCount %d (%v), want %d", uncounted, got, err, want)
			}
		}
	})
}
