package store_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestRowAncestors checks that projects, schools and hospitals keep a copy of their region's
// ancestors however they are written: loaded, moved to another region or left without one, by
// plain SQL as much as through the store.
func TestRowAncestors(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		db := testdb.SQL(t, testdb.Open(t, d))
		for _, table := range []string{"projects", "schools", "hospitals"} {
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
		for _, c := range []struct {
			sql  string
			args []any
		}{
			{"UPDATE projects SET region_id = ? WHERE id = ?", []any{township, moved}},
			{"UPDATE projects SET region_id = NULL WHERE id = ?", []any{cleared}},
			{"INSERT INTO schools (id, name, region_id, source_id) VALUES (99001, '测试学校（test）', ?, ?)", []any{township, source}},
		} {
			if _, err := db.Exec(c.sql, c.args...); err != nil {
				t.Fatalf("%s: %v", c.sql, err)
			}
		}
		for _, table := range []string{"projects", "schools"} {
			if n := staleAncestors(t, db, table); n != 0 {
				t.Errorf("%s: %d rows whose ancestors differ from their region's after writes by hand", table, n)
			}
		}
		var got sql.NullInt64
		if err := db.QueryRow("SELECT township_id FROM projects WHERE id = ?", moved).Scan(&got); err != nil || got.Int64 != township {
			t.Errorf("moved project: township %v (%v), want %d", got, err, township)
		}
		if err := db.QueryRow("SELECT township_id FROM schools WHERE id = 99001").Scan(&got); err != nil || got.Int64 != township {
			t.Errorf("inserted school: township %v (%v), want %d", got, err, township)
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
