package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// counts reads the size of every connection through the store's own queries.
func counts(t *testing.T, s *store.Store) map[string]int {
	t.Helper()
	ctx := context.Background()
	all := store.List[model.RegionFilter, model.RegionOrder]{}
	n := map[string]int{}
	add := func(name string, c interface {
		TotalCount() (int, error)
	}, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n[name], err = c.TotalCount(); err != nil {
			t.Fatalf("count %s: %v", name, err)
		}
	}
	regions, err := s.Regions(ctx, store.RegionScope{}, all)
	add("regions", regions, err)
	figures, err := s.Figures(ctx, store.FigureScope{}, store.List[model.FigureFilter, model.FigureOrder]{})
	add("figures", figures, err)
	pairings, err := s.Pairings(ctx, store.PairingScope{}, store.List[model.PairingFilter, model.PairingOrder]{})
	add("pairings", pairings, err)
	projects, err := s.Projects(ctx, store.ProjectScope{}, store.List[model.ProjectFilter, model.ProjectOrder]{})
	add("projects", projects, err)
	sources, err := s.Sources(ctx, store.List[model.SourceFilter, model.SourceOrder]{})
	add("sources", sources, err)
	return n
}

func TestLoadDatasetIsIdempotent(t *testing.T) {
	ctx := context.Background()
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.OpenEmpty(t, d)
		if loaded, err := seed.Load(ctx, s); err != nil || !loaded {
			t.Fatalf("first load: loaded=%t err=%v, want a load", loaded, err)
		}
		before := counts(t, s)
		if loaded, err := seed.Load(ctx, s); err != nil || loaded {
			t.Fatalf("second load: loaded=%t err=%v, want nothing written", loaded, err)
		}
		// A changed dataset is written over the old one, row for row, without duplicates.
		changed, err := seed.Article()
		if err != nil {
			t.Fatal(err)
		}
		changed.Checksum = "changed"
		changed.Figures[0].Label = "relabelled"
		if loaded, err := s.LoadDataset(ctx, changed); err != nil || !loaded {
			t.Fatalf("changed load: loaded=%t err=%v", loaded, err)
		}
		after := counts(t, s)
		for k, v := range before {
			if after[k] != v {
				t.Errorf("%s: %d rows before, %d after reloading", k, v, after[k])
			}
		}
		figs, err := s.Figures(ctx, store.FigureScope{}, store.List[model.FigureFilter, model.FigureOrder]{})
		if err != nil {
			t.Fatal(err)
		}
		nodes, err := figs.Nodes()
		if err != nil || len(nodes) == 0 || nodes[0].Label != "relabelled" {
			t.Errorf("reloaded figure: %v, err %v", nodes[0].Label, err)
		}
		if err := s.Migrate(ctx, nil); err != nil {
			t.Errorf("migrating an up-to-date database: %v", err)
		}
	})
}

// TestConcurrentStart starts several instances against one MySQL database at once, as a
// deployment behind a balancer does: each must come up, and the data must be loaded once.
func TestConcurrentStart(t *testing.T) {
	hasMySQL := false
	for _, d := range testdb.Dialects(t) {
		hasMySQL = hasMySQL || d == store.MySQL
	}
	if !hasMySQL {
		t.Skipf("needs MySQL (%s)", testdb.MySQLEnv)
	}
	first := testdb.OpenEmpty(t, store.MySQL) // creates the database; the others join it
	target := testdb.TargetOf(t, first)
	ctx := context.Background()
	var wg sync.WaitGroup
	var loads atomic.Int32
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			s, err := store.Open(ctx, target, store.Options{})
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			errs <- s.Migrate(ctx, func(ctx context.Context) error {
				loaded, err := seed.Load(ctx, s)
				if loaded {
					loads.Add(1)
				}
				return err
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("instance start: %v", err)
		}
	}
	if n := loads.Load(); n != 1 {
		t.Errorf("%d instances loaded the dataset, want exactly 1", n)
	}
	want, err := seed.Article()
	if err != nil {
		t.Fatal(err)
	}
	if got := counts(t, first); got["figures"] != len(want.Figures) || got["regions"] != len(want.Regions) {
		t.Errorf("after concurrent starts: %v, want %d figures and %d regions", got, len(want.Figures), len(want.Regions))
	}
}
