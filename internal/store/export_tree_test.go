package store

// Hooks for the division tree's tests (package store_test).

import (
	"context"

	"github.com/aidgraph/aidgraph/model"
)

// SetTree turns the division tree on or off, so that a test can compare its answers with SQL's.
func (s *Store) SetTree(on bool) { s.trees.off.Store(!on) }

// TreeLoads is how many times the store has read the tree from the database.
func (s *Store) TreeLoads() int64 { return s.trees.loads.Load() }

// TreeFilter answers f from the division tree of the request in ctx: how many of the tree's
// regions it keeps, of how many, or ok false when the tree leaves f to SQL.
func (s *Store) TreeFilter(ctx context.Context, f *model.RegionFilter) (kept, of int, ok bool, err error) {
	t, err := s.treeOf(ctx)
	if err != nil {
		return 0, 0, false, err
	}
	test, ok := s.treeFilter(ctx, t, f)
	if !ok {
		return 0, 0, false, nil
	}
	for _, d := range t.byID {
		if test(d) {
			kept++
		}
	}
	return kept, len(t.byID), true, nil
}
