package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestDerivedDataAfterRandomWrites runs a random mix of creates, updates (budgets, dates,
// categories, statuses), moves to other regions, deletes and restores of projects and schools,
// a few to a write, through the store's writes, and then compares every derived table with its
// full recomputation: project_stats (kept by deltas) and the ancestor copies of every row.
func TestDerivedDataAfterRandomWrites(t *testing.T) {
	const writes = 500 // about 1,750 changes; a few seconds on either database
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.Open(t, d)
		db := testdb.SQL(t, s)
		rng := rand.New(rand.NewPCG(21, uint64(len(d))))
		var source int64
		if err := db.QueryRow("SELECT MIN(id) FROM sources").Scan(&source); err != nil {
			t.Fatal(err)
		}
		regions := queryIDs(t, db, "SELECT id FROM regions WHERE level IN ('COUNTY', 'TOWNSHIP', 'VILLAGE')")
		live := map[string][]int64{"projects": queryIDs(t, db, "SELECT id FROM projects"), "schools": queryIDs(t, db, "SELECT id FROM schools")}
		deleted := map[string][]int64{}
		kinds := map[string]*model.Kind{}
		for _, table := range []string{"projects", "schools"} {
			for _, k := range model.Kinds() {
				if k.Table == table {
					kinds[table] = &k
				}
			}
		}
		pick := func(xs []int64) (int64, int) { i := rng.IntN(len(xs)); return xs[i], i }
		budgets := []func() *int64{
			func() *int64 { return nil },
			func() *int64 { v := rng.Int64N(1_000_000); return &v },
			func() *int64 { v := rng.Int64N(1 << 53); return &v }, // past 2^32: both parts of the sum move
			func() *int64 { v := int64(0); return &v },
		}
		date := func() *model.PartialDate {
			if rng.IntN(4) == 0 {
				return nil
			}
			s := fmt.Sprintf("%d", 1990+rng.IntN(40))
			if rng.IntN(2) == 0 {
				s += fmt.Sprintf("-%02d", 1+rng.IntN(12))
			}
			p := model.PartialDate(s)
			return &p
		}
		fill := func(p *model.Project) {
			p.Category = model.AllProjectCategory[rng.IntN(3)] // few groups, so that groups see many changes
			p.Status = nil
			if st := rng.IntN(4); st < 3 {
				p.Status = &model.AllProjectStatus[st]
			}
			p.BudgetYuan = budgets[rng.IntN(len(budgets))]()
			p.StartDate, p.EndDate = date(), date()
			region, _ := pick(regions)
			p.RegionID = &region
		}
		changes, n := 0, 0
		for range writes {
			err := s.Write(ctx, "random", func(tx *store.Tx) error {
				for range 1 + rng.IntN(6) {
					table := []string{"projects", "projects", "projects", "schools"}[rng.IntN(4)]
					k := kinds[table]
					switch op := rng.IntN(10); {
					case op < 3 || len(live[table]) < 5: // create
						n++
						var row any
						if table == "projects" {
							p := &model.Project{Name: fmt.Sprintf("random %d", n), Quote: "random", SourceID: source}
							fill(p)
							row = p
						} else {
							region, _ := pick(regions)
							row = &model.School{Name: fmt.Sprintf("random %d", n), RegionID: region, SourceID: source}
						}
						if err := tx.Create(row); err != nil {
							return err
						}
						live[table] = append(live[table], reflect.ValueOf(row).Elem().FieldByName("RowID").Int())
					case op < 7: // update: a project's measures and group, or a move to another region
						id, _ := pick(live[table])
						row, err := tx.Get(k, id)
						if err != nil {
							return err
						}
						version := int(reflect.ValueOf(row).Elem().FieldByName("Version").Int())
						switch r := row.(type) {
						case *model.Project:
							fill(r)
						case *model.School:
							region, _ := pick(regions)
							r.RegionID = region
						}
						if err := tx.Update(row, version); err != nil {
							return err
						}
					case op < 9: // delete, when nothing refers to the row
						id, i := pick(live[table])
						row, err := tx.Get(k, id)
						if err != nil {
							return err
						}
						err = tx.Delete(k, id, int(reflect.ValueOf(row).Elem().FieldByName("Version").Int()))
						if err != nil {
							return nil // referred to: leave it, and the write's other changes
						}
						live[table] = append(live[table][:i], live[table][i+1:]...)
						deleted[table] = append(deleted[table], id)
					default: // restore
						if len(deleted[table]) == 0 {
							continue
						}
						id, i := pick(deleted[table])
						if _, err := tx.Restore(k, id, func(any) error { return nil }); err != nil {
							return err
						}
						deleted[table] = append(deleted[table][:i], deleted[table][i+1:]...)
						live[table] = append(live[table], id)
					}
					changes++
				}
				return nil
			})
			if err != nil {
				t.Fatalf("after %d changes: %v", changes, err)
			}
		}
		t.Logf("%d changes in %d writes", changes, writes)
		err := s.RolledBack(ctx, func(tx *gorm.DB) error {
			if have, want := stats(t, tx); !reflect.DeepEqual(have, want) {
				t.Errorf("project_stats differs from its recomputation:\nkept       %v\nrecomputed %v", have, want)
			}
			for _, table := range store.AncestorTables() {
				var wrong int64
				if err := tx.Raw(strayAncestors(d, table)).Scan(&wrong).Error; err != nil {
					return err
				}
				if wrong != 0 {
					t.Errorf("%d rows of %s whose ancestor copies differ from their region's", wrong, table)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// strayAncestors counts the rows of table whose copies of their region's ancestors differ from
// the region's own (NULLs when the row has no region).
func strayAncestors(d store.Dialect, table string) string {
	same := " IS "
	if d == store.MySQL {
		same = " <=> "
	}
	cond := ""
	for i, col := range []string{"province_id", "city_id", "county_id", "township_id"} {
		if i > 0 {
			cond += " AND "
		}
		cond += "t." + col + same + "r." + col
	}
	return "SELECT COUNT(*) FROM " + table + " t LEFT JOIN regions r ON r.id = t.region_id WHERE NOT (" + cond + ")"
}

// queryIDs reads the ids a query selects.
func queryIDs(t *testing.T, db *sql.DB, query string) []int64 {
	t.Helper()
	rows, err := db.Query(query)
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
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
