package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestSearchIndexFollowsWrites loads the article's dataset (LoadDataset indexes it), makes
// random creates, renames, deletes and restores of projects, schools and villages, a many-row
// create (an import's) and a new release of the dataset, and then compares the search index, kept by each write, with a
// rebuild of it from the rows.
func TestSearchIndexFollowsWrites(t *testing.T) {
	const writes = 150
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.Open(t, d)
		db := testdb.SQL(t, s)
		rng := rand.New(rand.NewPCG(23, uint64(len(d))))
		var source int64
		if err := db.QueryRow("SELECT MIN(id) FROM sources").Scan(&source); err != nil {
			t.Fatal(err)
		}
		villages := queryIDs(t, db, "SELECT id FROM regions WHERE level = 'VILLAGE'")
		live := map[string][]int64{"projects": queryIDs(t, db, "SELECT id FROM projects"), "schools": queryIDs(t, db, "SELECT id FROM schools")}
		deleted := map[string][]int64{}
		kinds := map[string]*model.Kind{}
		for _, k := range model.Kinds() {
			kinds[k.Table] = &k
		}
		pick := func(xs []int64) (int64, int) { i := rng.IntN(len(xs)); return xs[i], i }
		// Names drawn from few characters share grams, so that counts rise and fall.
		name := func() string {
			var rs []rune
			for range 2 + rng.IntN(6) {
				rs = append(rs, []rune("卢盧氏县學学校Ab1２ ")[rng.IntN(12)])
			}
			return string(rs)
		}
		text := func() *string {
			if rng.IntN(3) == 0 {
				return nil
			}
			s := name()
			return &s
		}
		n := 0
		for range writes {
			err := s.Write(ctx, "random", func(tx *store.Tx) error {
				table := []string{"projects", "schools", "regions"}[rng.IntN(3)]
				k := kinds[table]
				switch op := rng.IntN(10); {
				case table == "regions": // rename a village
					id, _ := pick(villages)
					row, err := tx.Get(k, id)
					if err != nil {
						return err
					}
					v := row.(*model.Division)
					v.Name, v.NameEn = name(), text()
					return tx.Update(row, v.Version)
				case op < 3 || len(live[table]) == 0: // create
					n++
					var row any
					if table == "projects" {
						region, _ := pick(villages)
						row = &model.Project{Name: name(), NameEn: text(), Description: text(), Quote: name(), Category: model.ProjectCategoryEducation, RegionID: &region, SourceID: source}
					} else {
						region, _ := pick(villages)
						row = &model.School{Name: fmt.Sprint(name(), n), NameEn: text(), RegionID: region, SourceID: source}
					}
					if err := tx.Create(row); err != nil {
						return err
					}
					live[table] = append(live[table], reflect.ValueOf(row).Elem().FieldByName("RowID").Int())
				case op < 6: // rename, or change nothing searched
					id, _ := pick(live[table])
					row, err := tx.Get(k, id)
					if err != nil {
						return err
					}
					version := int(reflect.ValueOf(row).Elem().FieldByName("Version").Int())
					switch r := row.(type) {
					case *model.Project:
						if rng.IntN(2) == 0 {
							r.Name, r.Description = name(), text()
						} else {
							v := int64(rng.IntN(1000))
							r.BudgetYuan = &v
						}
					case *model.School:
						r.Name, r.NameEn = fmt.Sprint(name(), id), text()
					}
					return tx.Update(row, version)
				case op < 8: // delete, when nothing refers to the row
					id, i := pick(live[table])
					row, err := tx.Get(k, id)
					if err != nil {
						return err
					}
					if tx.Delete(k, id, int(reflect.ValueOf(row).Elem().FieldByName("Version").Int())) != nil {
						return nil
					}
					live[table] = slices.Delete(live[table], i, i+1)
					deleted[table] = append(deleted[table], id)
				default: // restore
					if len(deleted[table]) == 0 {
						return nil
					}
					id, i := pick(deleted[table])
					if _, err := tx.Restore(k, id, func(any) error { return nil }); err != nil {
						return err
					}
					deleted[table] = slices.Delete(deleted[table], i, i+1)
					live[table] = append(live[table], id)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		// An import's rows, created many at once.
		err := s.Write(ctx, "import", func(tx *store.Tx) error {
			var rows []any
			for i := range 30 {
				region, _ := pick(villages)
				rows = append(rows, &model.School{Name: fmt.Sprint("盧氏希望學校", i), RegionID: region, SourceID: source})
			}
			return tx.CreateMany(rows)
		})
		if err != nil {
			t.Fatal(err)
		}
		// A new release of the dataset: one project renamed, over the edited rows.
		release, err := seed.Article()
		if err != nil {
			t.Fatal(err)
		}
		release.Checksum = strings.Repeat("0", len(release.Checksum)) // another release
		edited := queryIDs(t, db, "SELECT DISTINCT node_id FROM changes WHERE node_type = 'Project'")
		for _, p := range release.Projects {
			if !slices.Contains(edited, p.RowID) { // a release leaves edited rows alone
				p.Name = "盧氏新版項目"
				break
			}
		}
		if _, err := s.LoadDataset(ctx, release); err != nil {
			t.Fatal(err)
		}
		checkIndexIsRebuilt(t, s)
		// What the writes made is found, written either way.
		for _, c := range []struct{ text, want string }{{"卢氏希望学校7", "盧氏希望學校7"}, {"ＬＵＳＨＩ", "卢氏县"}, {"卢氏新版项目", "盧氏新版項目"}} {
			conn, err := s.Search(ctx, c.text, nil, paging.Args{})
			if err != nil {
				t.Fatal(err)
			}
			hits, err := conn.Nodes()
			if err != nil || len(hits) == 0 {
				t.Fatalf("search %q: %v, %d hits", c.text, err, len(hits))
			}
			var got string
			if err := db.QueryRow("SELECT name FROM "+kinds[tableOf(hits[0].Ref.Kind)].Table+" WHERE id = ?", hits[0].Ref.ID).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("search %q: best hit %q, want %q", c.text, got, c.want)
			}
		}
	})
}

// checkIndexIsRebuilt compares the search index that writes kept with a rebuild of it from the
// rows, table by table, and fails on an empty index.
func checkIndexIsRebuilt(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	kept, err := s.SearchIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RebuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	rebuilt, err := s.SearchIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for table, want := range rebuilt {
		if have := kept[table]; !slices.Equal(have, want) {
			t.Errorf("%s kept by the writes (%d rows) differs from its rebuild (%d rows)", table, len(have), len(want))
		}
	}
	if len(rebuilt["search_gram_counts"]) == 0 {
		t.Fatal("the index is empty")
	}
}

func tableOf(ref string) string {
	k, _ := model.KindOfRef(ref)
	return k.Table
}
