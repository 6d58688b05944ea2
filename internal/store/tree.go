package store

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/aidgraph/aidgraph/model"
)

// The division tree: every region above the villages (provinces, cities, counties, townships),
// kept in the process. It is reference data that changes a few times a year, yet most of what
// nested reads ask for: a region by code, its parent, its ancestors, its children and their
// count. Served from memory, those cost no SQL.
//
// A tree belongs to one data version. Each request reads the version once (the result cache
// reads the same one), and a request that finds the tree older replaces it before it reads
// from it: whatever a write committed before the request began, on any instance, the request
// sees. Villages stay in the database: they are the only regions that editors change, and
// there are eight times as many.

// tree is the divisions above villages at one data version. It is never changed once built:
// requests share it, and its rows, which callers must not modify.
type tree struct {
	version  int64
	byID     map[int64]*model.Division
	byCode   map[string]*model.Division
	children map[int64][]*model.Division // by parent id, in code order
	levels   map[model.RegionLevel][]*model.Division
}

// emptyTree holds no region: with it, everything is read by SQL.
var emptyTree = tree{byID: map[int64]*model.Division{}, byCode: map[string]*model.Division{},
	children: map[int64][]*model.Division{}, levels: map[model.RegionLevel][]*model.Division{}}

// trees holds a store's current tree and loads new ones, one at a time.
type trees struct {
	cur     atomic.Pointer[tree]
	loading singleflight.Group
	loads   atomic.Int64 // reads of the whole tree, for tests
	off     atomic.Bool  // set by tests that compare the tree's answers with SQL's
}

// keep makes t the current tree unless a newer one is: loads of two versions may finish in
// either order, and the older must not replace the newer, which the next request would read again.
func (ts *trees) keep(t *tree) {
	for {
		cur := ts.cur.Load()
		if cur != nil && cur.version >= t.version || ts.cur.CompareAndSwap(cur, t) {
			return
		}
	}
}

// treeLoadTimeout bounds a tree's load, which runs for every request waiting on it: it is not
// cut short when the request that started it ends.
const treeLoadTimeout = 30 * time.Second

// treeOf returns the tree at the data version of the request in ctx.
func (s *Store) treeOf(ctx context.Context) (*tree, error) {
	if s.trees.off.Load() {
		return &emptyTree, nil
	}
	v, err := s.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	if t := s.trees.cur.Load(); t != nil && t.version == v {
		return t, nil
	}
	return s.replaceTree(ctx, v)
}

// replaceTree makes the tree at version v the current one, reading it if need be; apart from
// treeOf for the same reason as readDataVersion.
//
//go:noinline
func (s *Store) replaceTree(ctx context.Context, v int64) (*tree, error) {
	t, err, _ := s.trees.loading.Do(fmt.Sprint(v), func() (any, error) {
		if t := s.trees.cur.Load(); t != nil && t.version >= v {
			return t, nil // replaced meanwhile (a later version serves this request as well)
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), treeLoadTimeout)
		defer cancel()
		t, err := s.nextTree(ctx, s.trees.cur.Load(), v)
		if err != nil {
			return nil, err
		}
		s.trees.keep(t)
		return t, nil
	})
	if err != nil {
		return nil, err
	}
	return t.(*tree), nil
}

// nextTree returns the tree at version v. When every write since old's version is in the
// change feed and none of them touched a region in the tree (the usual case: a project edited,
// a village added), old's rows serve v too, and nothing is read but the feed's count.
// Otherwise (a new release of the dataset, which writes no changes) the tree is read anew.
func (s *Store) nextTree(ctx context.Context, old *tree, v int64) (*tree, error) {
	if old != nil && old.version < v {
		same, err := s.treeUnchanged(ctx, old.version, v)
		if err != nil {
			return nil, err
		}
		if same {
			t := *old
			t.version = v
			return &t, nil
		}
	}
	return s.loadTree(ctx, v)
}

// treeUnchanged tells whether the writes after version from up to version to were all recorded
// in the change feed and touched no region of the tree.
func (s *Store) treeUnchanged(ctx context.Context, from, to int64) (bool, error) {
	var r struct{ Writes, Touched int64 }
	err := s.session(ctx).Raw(`SELECT COUNT(DISTINCT seq) AS writes,
		COALESCE(SUM(CASE WHEN node_type IN ? THEN 1 ELSE 0 END), 0) AS touched
		FROM changes WHERE seq > ? AND seq <= ?`, treeTypes(), from, to).Scan(&r).Error
	if err != nil {
		return false, fmt.Errorf("changes to the division tree: %w", err)
	}
	return r.Writes == to-from && r.Touched == 0, nil
}

// treeTypes are the GraphQL types of the tree's rows (every region type but Village), and
// treeLevels their levels as stored.
func treeTypes() []string  { return treeKinds(func(k model.Kind) string { return k.Type }) }
func treeLevels() []string { return treeKinds(func(k model.Kind) string { return string(k.Level) }) }

// treeKinds returns f of each region kind the tree holds.
func treeKinds(f func(model.Kind) string) []string {
	var out []string
	for _, k := range model.RegionKinds() {
		if inTree(k.Level) {
			out = append(out, f(k))
		}
	}
	return out
}

// inTree tells whether the tree holds the regions of level l.
func inTree(l model.RegionLevel) bool { return l != model.RegionLevelVillage }

// loadTree reads the tree at version v: the regions above villages, in id order.
func (s *Store) loadTree(ctx context.Context, v int64) (*tree, error) {
	q := s.session(ctx).Table(tableOf[model.Division]()).Where("level IN ?", treeLevels()).Order("id")
	rows, err := scanRows[model.Division](q, 0)
	if err != nil {
		return nil, fmt.Errorf("load the division tree: %w", err)
	}
	s.trees.loads.Add(1)
	return newTree(v, rows), nil
}

// newTree indexes rows, given in id order.
func newTree(v int64, rows []model.Division) *tree {
	t := &tree{version: v, byID: make(map[int64]*model.Division, len(rows)),
		byCode: make(map[string]*model.Division, len(rows)), children: map[int64][]*model.Division{},
		levels: map[model.RegionLevel][]*model.Division{}}
	for i := range rows {
		d := &rows[i]
		t.byID[d.RowID] = d
		if d.Code != nil {
			t.byCode[*d.Code] = d
		}
		if d.ParentID != nil {
			t.children[*d.ParentID] = append(t.children[*d.ParentID], d)
		}
		t.levels[d.Level] = append(t.levels[d.Level], d)
	}
	// Lists come in code order, the regions' default (tableSpec.defaultOrder), so that a
	// default page is read without sorting; the sort is stable, so codeless regions keep id order.
	byCode := func(a, b *model.Division) int { return compareValue(codeOf(a), codeOf(b)) }
	for _, l := range t.children {
		slices.SortStableFunc(l, byCode)
	}
	for _, l := range t.levels {
		slices.SortStableFunc(l, byCode)
	}
	for i := range rows {
		t.share(&rows[i])
	}
	return t
}

// share points d's parent and ancestor ids at those rows' own ids, so that the tree keeps no
// box of its own for each (a sixth of its memory at national scale, and five times that in heap
// growth between collections, at the default gc-percent).
func (t *tree) share(d *model.Division) {
	for _, p := range []**int64{&d.ParentID, &d.ProvinceID, &d.CityID, &d.CountyID, &d.TownshipID, &d.VillageID} {
		if *p == nil {
			continue
		}
		if a := t.byID[**p]; a != nil {
			*p = &a.RowID
		}
	}
}

// LoadTree reads the division tree of the current data version, if it is not in memory yet:
// call it at start-up, so that the first request does not wait for it.
func (s *Store) LoadTree(ctx context.Context) error {
	_, err := s.treeOf(ctx)
	return err
}

// TreeRegions is the number of regions in the current division tree (0 before the first
// request that needs it).
func (s *Store) TreeRegions() int {
	if t := s.trees.cur.Load(); t != nil {
		return len(t.byID)
	}
	return 0
}

// region returns the tree's region with this id, or nil: the tree holds no villages.
func (t *tree) region(id int64) *model.Division { return t.byID[id] }

// regions returns the tree's regions among ids, each once.
func (t *tree) regions(ids []int64) []*model.Division {
	seen := make(map[int64]bool, len(ids))
	var out []*model.Division
	for _, id := range ids {
		if d := t.region(id); d != nil && !seen[id] {
			seen[id] = true
			out = append(out, d)
		}
	}
	return out
}
