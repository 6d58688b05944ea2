package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestSearchIndexConcurrentWrites starts many writers at once, each creating a project whose
// name shares every gram and length with the others' (so that all of them change the same
// bitmaps, most of them new) and then renaming it: every write succeeds, none is refused for
// how it met the others, and the index is then what a rebuild makes.
func TestSearchIndexConcurrentWrites(t *testing.T) {
	const writers = 24
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.Open(t, d)
		db := testdb.SQL(t, s)
		var source int64
		if err := db.QueryRow("SELECT MIN(id) FROM sources").Scan(&source); err != nil {
			t.Fatal(err)
		}
		villages := queryIDs(t, db, "SELECT id FROM regions WHERE level = 'VILLAGE'")
		var kind *model.Kind
		for _, k := range model.Kinds() {
			if k.Table == "projects" {
				kind = &k
			}
		}
		start := make(chan struct{})
		errs := make(chan error, writers)
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				<-start
				p := &model.Project{Name: fmt.Sprintf("并发索引测试项目%02d", i), Quote: "同一句引文", Category: model.ProjectCategoryEducation, RegionID: &villages[i%len(villages)], SourceID: source}
				if err := s.Write(ctx, "writer", func(tx *store.Tx) error { return tx.Create(p) }); err != nil {
					errs <- fmt.Errorf("writer %d, create: %w", i, err)
					return
				}
				err := s.Write(ctx, "writer", func(tx *store.Tx) error {
					row, err := tx.Get(kind, p.RowID)
					if err != nil {
						return err
					}
					r := row.(*model.Project)
					r.Name = fmt.Sprintf("并发索引改名项目%02d", i)
					return tx.Update(r, r.Version)
				})
				if err != nil {
					errs <- fmt.Errorf("writer %d, rename: %w", i, err)
				}
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		checkIndexIsRebuilt(t, s)
	})
}
