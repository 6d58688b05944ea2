package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/model"
)

// Pages of regions from the division tree. A page is answered from memory when the tree holds
// its regions and the client's filter and ordering mean the same in Go as in SQL: exact
// comparisons, levels, kinds, ids, subtrees and parents, ordered by id, code or level. A name
// matched by contains or startsWith, or an ordering by name, follows the database's collation:
// those pages are read with SQL, as before, so the answer never depends on where it came from.

// treeRegions returns the connection of sc from the tree, or nil when SQL must answer it. The
// filter and ordering are compiled first either way, so a bad one gets the same error.
func (s *Store) treeRegions(ctx context.Context, sc RegionScope, l List[model.RegionFilter, model.RegionOrder]) (*Connection[*model.Division], error) {
	if sc.Level == nil || !inTree(*sc.Level) {
		return nil, nil
	}
	c := &compiler{ctx: ctx, s: s}
	where, ord, err := c.list(specOf[model.Division](), l.Filter, l.OrderBy)
	if err != nil {
		return nil, err
	}
	keys, ok := treeKeys(ord)
	if !ok {
		return nil, nil
	}
	w, err := l.Page.Check(s.maxPageSize)
	if err != nil {
		return nil, err
	}
	for _, b := range []struct {
		p   *paging.Position
		arg string
	}{{w.After, "after"}, {w.Before, "before"}} {
		if b.p != nil {
			if err := ord.check(b.p, b.arg); err != nil {
				return nil, err
			}
		}
	}
	t, err := s.treeOf(ctx)
	if err != nil {
		return nil, err
	}
	if len(t.byID) == 0 {
		return nil, nil // no tree (an empty database, or a test comparing with SQL)
	}
	match, ok := s.treeFilter(ctx, t, l.Filter)
	if !ok {
		return nil, nil
	}
	if sc.ParentID != nil && t.region(*sc.ParentID) == nil {
		return nil, nil
	}
	q := treeQuery{t: t, level: *sc.Level, match: match, keys: keys, w: w}
	var pages func() *partPage[model.Division]
	if sc.ParentID == nil {
		pages = sync.OnceValue(func() *partPage[model.Division] {
			pp := q.page(nil)
			remember[model.Division](ctx, pp.rows) // a family, as a page read by SQL is
			return pp
		})
	} else {
		shape := treeShape{level: *sc.Level, where: where.sql, order: ord.name, limit: w.Limit, backward: w.Backward,
			cursors: w.After != nil || w.Before != nil}
		if len(where.args) > 0 || shape.cursors {
			shape.args = fmt.Sprintf("%#v|%v|%v", where.args, w.After, w.Before)
		}
		parent := *sc.ParentID
		pages = sync.OnceValue(func() *partPage[model.Division] { return q.family(ctx, shape, parent) })
	}
	fetch := func(context.Context) (*Page[*model.Division], error) {
		pp := pages()
		return pageOf(pp.rows, pp.more, w, ord), nil
	}
	count := func(context.Context) (int, error) { return pages().total, nil }
	return newConnection(ctx, fetch, count, nil), nil
}

// treeShape is what makes two connections under different parents the same question, as a
// batched page's shape does (batchedPage); cursors too, which batched pages never have. args
// spells out the filter's values and the cursors, when there are any.
type treeShape struct {
	level             model.RegionLevel
	where, args       string
	order             string
	limit             int
	backward, cursors bool
}

// treePageKey names one parent's page of one shape in a session.
type treePageKey struct {
	shape  treeShape
	parent int64
}

// treeQuery is one connection's question to the tree.
type treeQuery struct {
	t     *tree
	level model.RegionLevel
	match func(*model.Division) bool
	keys  []treeKey
	w     paging.Window
}

// family returns the page under parent, computed with the pages under the parent's siblings (the
// regions read with it), which the client asks for next: their rows are one family, as a batched
// statement's would be, so what is asked of them next is read in one statement too.
func (q treeQuery) family(ctx context.Context, shape treeShape, parent int64) *partPage[model.Division] {
	ss := sessionOf(ctx)
	if ss == nil {
		return q.page(&parent)
	}
	key := func(p int64) treePageKey { return treePageKey{shape, p} }
	ss.mu.Lock()
	pp, ok := ss.treePages[key(parent)]
	ss.mu.Unlock()
	if ok {
		return pp
	}
	parents := []int64{parent}
	if f := familyOf(ctx, tableOf[model.Division](), parent); f != nil {
		parents = f.ids
	}
	out := make(map[int64]*partPage[model.Division], len(parents))
	var rows []*model.Division
	for _, p := range parents {
		if q.t.region(p) == nil {
			continue
		}
		pp := q.page(&p)
		out[p] = pp
		rows = append(rows, pp.rows...)
	}
	ss.mu.Lock()
	if ss.treePages == nil {
		ss.treePages = map[treePageKey]*partPage[model.Division]{}
	}
	for p, pp := range out {
		if _, done := ss.treePages[key(p)]; !done {
			ss.treePages[key(p)] = pp
		}
	}
	pp = ss.treePages[key(parent)]
	ss.mu.Unlock()
	remember[model.Division](ctx, rows)
	return pp
}

// page returns the page of q's regions under parent (nil: all of q's level) and their count.
func (q treeQuery) page(parent *int64) *partPage[model.Division] {
	all := q.t.levels[q.level]
	if parent != nil {
		all = q.t.children[*parent]
	}
	var rows []*model.Division
	for _, d := range all {
		if d.Level == q.level && q.match(d) {
			rows = append(rows, d)
		}
	}
	total := len(rows)
	if !inTreeOrder(q.keys) {
		rows = slices.Clone(rows)
		slices.SortStableFunc(rows, func(a, b *model.Division) int { return compareKeys(q.keys, keyValues(q.keys, a), keyValues(q.keys, b)) })
	}
	if p := q.w.After; p != nil {
		rows = slices.DeleteFunc(rows, func(d *model.Division) bool { return compareKeys(q.keys, keyValues(q.keys, d), positionValues(p)) <= 0 })
	}
	if p := q.w.Before; p != nil {
		rows = slices.DeleteFunc(rows, func(d *model.Division) bool { return compareKeys(q.keys, keyValues(q.keys, d), positionValues(p)) >= 0 })
	}
	more := len(rows) > q.w.Limit
	n := min(len(rows), q.w.Limit)
	if q.w.Backward {
		rows = rows[len(rows)-n:]
	} else {
		rows = rows[:n]
	}
	return &partPage[model.Division]{rows: slices.Clip(rows), more: more, total: total}
}

// treeKey is a key of an ordering that Go compares as the databases do: ids, and codes and
// levels, which hold only ASCII digits and capitals, so byte order is the collations' order.
type treeKey struct {
	column string
	desc   bool
}

// treeKeys returns ord's keys, tie-break included, or false if one of them is not a treeKey.
func treeKeys(ord ordering) ([]treeKey, bool) {
	var out []treeKey
	for _, k := range ord.all() {
		switch k.column {
		case "id", "code", "level":
		default:
			return nil, false
		}
		out = append(out, treeKey{k.column, k.desc})
	}
	return out, true
}

// inTreeOrder tells whether keys order regions as the tree's lists hold them: by code, then
// by id, ascending (newTree).
func inTreeOrder(keys []treeKey) bool {
	return len(keys) == 2 && keys[0] == treeKey{"code", false} && keys[1] == treeKey{"id", false}
}

// codeOf is d's code as keyValues gives it: nil when d has none.
func codeOf(d *model.Division) any {
	if d.Code == nil {
		return nil
	}
	return *d.Code
}

// keyValues returns d's values of keys: int64 for the id, a string or nil for the others.
func keyValues(keys []treeKey, d *model.Division) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		switch k.column {
		case "id":
			out[i] = d.RowID
		case "code":
			if d.Code != nil {
				out[i] = *d.Code
			}
		case "level":
			out[i] = string(d.Level)
		}
	}
	return out
}

// positionValues returns a cursor's values in the order of keyValues.
func positionValues(p *paging.Position) []any {
	out := make([]any, 0, len(p.Keys)+1)
	for _, v := range p.Keys {
		out = append(out, plain(v))
	}
	return append(out, p.ID)
}

// compareKeys compares two rows' values under keys: nulls first ascending and last descending,
// as in both databases.
func compareKeys(keys []treeKey, a, b []any) int {
	for i, k := range keys {
		c := compareValue(a[i], b[i])
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func compareValue(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch av := a.(type) {
	case int64:
		bv, _ := b.(int64)
		return cmp.Compare(av, bv)
	case string:
		bv, _ := b.(string)
		return strings.Compare(av, bv)
	}
	return 0
}

// treeFilter returns f as a test of a region, or false when the database must judge it. f has
// been compiled already: its ids, codes and operands are valid. Every field of RegionFilter is
// answered here or sent to SQL (return nil, false), never ignored:
// TestTreeFilterAnswersEveryField fails for a field that is neither.
func (s *Store) treeFilter(ctx context.Context, t *tree, f *model.RegionFilter) (func(*model.Division) bool, bool) {
	if f == nil {
		return func(*model.Division) bool { return true }, true
	}
	var tests []func(*model.Division) bool
	add := func(test func(*model.Division) bool, ok bool) bool {
		tests = append(tests, test)
		return ok
	}
	ok := true
	if f.ID != nil {
		ok = ok && add(idTest(f.ID))
	}
	if f.Code != nil {
		ok = ok && add(textTest(f.Code, func(d *model.Division) *string { return d.Code }))
	}
	if f.Name != nil {
		ok = ok && add(textTest(f.Name, func(d *model.Division) *string { return &d.Name }))
	}
	if f.NameEn != nil {
		ok = ok && add(textTest(f.NameEn, func(d *model.Division) *string { return d.NameEn }))
	}
	if f.Level != nil {
		lf := f.Level
		ok = ok && add(enumTest(lf.Eq, lf.Ne, lf.In, lf.NotIn, lf.IsNull, func(d *model.Division) model.RegionLevel { return d.Level }), true)
	}
	if f.Kind != nil {
		kf := f.Kind
		ok = ok && add(enumTest(kf.Eq, kf.Ne, kf.In, kf.NotIn, kf.IsNull, func(d *model.Division) model.RegionKind { return d.Kind }), true)
	}
	if f.Within != nil {
		ok = ok && add(s.withinTest(ctx, *f.Within))
	}
	if f.Parent != nil {
		sub, subOK := s.treeFilter(ctx, t, f.Parent)
		ok = ok && add(func(d *model.Division) bool {
			if d.ParentID == nil {
				return false
			}
			p := t.region(*d.ParentID)
			return p != nil && sub(p)
		}, subOK)
	}
	for _, g := range f.And {
		ok = ok && add(s.treeFilter(ctx, t, g))
	}
	if len(f.Or) > 0 {
		var alternatives []func(*model.Division) bool
		for _, g := range f.Or {
			test, gOK := s.treeFilter(ctx, t, g)
			ok = ok && gOK
			alternatives = append(alternatives, test)
		}
		tests = append(tests, func(d *model.Division) bool {
			return slices.ContainsFunc(alternatives, func(test func(*model.Division) bool) bool { return test(d) })
		})
	}
	if f.Not != nil {
		inner, innerOK := s.treeFilter(ctx, t, f.Not)
		ok = ok && add(func(d *model.Division) bool { return !inner(d) }, innerOK)
	}
	if !ok {
		return nil, false
	}
	return allTests(tests), true
}

// In SQL a condition on a null field is unknown, and `not` counts unknown as not holding
// (see not in filter.go): so a test here is false wherever SQL's is unknown, and `not` negates
// a definite answer, as COALESCE makes SQL's.

// idTest is an IDFilter: a global id names a row and, for regions, its level.
func idTest(f *model.IDFilter) (func(*model.Division) bool, bool) {
	in := func(ids []string) func(*model.Division) bool {
		type row struct {
			id    int64
			level model.RegionLevel
		}
		var rows []row
		for _, id := range ids {
			typ, n, err := gid.Decode(id)
			if k, ok := model.KindOfType(typ); err == nil && ok {
				rows = append(rows, row{n, k.Level})
			}
		}
		return func(d *model.Division) bool {
			return slices.ContainsFunc(rows, func(r row) bool { return r.id == d.RowID && r.level == d.Level })
		}
	}
	var tests []func(*model.Division) bool
	if f.Eq != nil {
		tests = append(tests, in([]string{*f.Eq}))
	}
	if f.In != nil {
		tests = append(tests, in(f.In))
	}
	if f.NotIn != nil {
		notIn := in(f.NotIn)
		tests = append(tests, func(d *model.Division) bool { return !notIn(d) })
	}
	return allTests(tests), true
}

// textTest is a StringFilter's exact operators; contains and startsWith follow the database's
// collation, and are left to it.
func textTest(f *model.StringFilter, field func(*model.Division) *string) (func(*model.Division) bool, bool) {
	if f.Contains != nil || f.StartsWith != nil {
		return nil, false
	}
	return enumTest(f.Eq, f.Ne, f.In, f.NotIn, f.IsNull, field), true
}

// enumTest is an operator input's eq, ne, in, notIn and isNull on a field of type V, or on a
// nullable field when V is a pointer.
func enumTest[V comparable, F any](eq, ne *V, in, notIn []V, isNull *bool, field func(*model.Division) F) func(*model.Division) bool {
	value := func(d *model.Division) (V, bool) {
		var zero V
		switch f := any(field(d)).(type) {
		case V:
			return f, true
		case *V:
			if f == nil {
				return zero, false
			}
			return *f, true
		}
		return zero, false
	}
	var tests []func(*model.Division) bool
	if eq != nil {
		tests = append(tests, func(d *model.Division) bool { v, ok := value(d); return ok && v == *eq })
	}
	if ne != nil {
		tests = append(tests, func(d *model.Division) bool { v, ok := value(d); return ok && v != *ne })
	}
	if in != nil {
		tests = append(tests, func(d *model.Division) bool { v, ok := value(d); return ok && slices.Contains(in, v) })
	}
	if notIn != nil {
		tests = append(tests, func(d *model.Division) bool { v, ok := value(d); return ok && !slices.Contains(notIn, v) })
	}
	if isNull != nil {
		want := *isNull
		tests = append(tests, func(d *model.Division) bool { _, ok := value(d); return ok != want })
	}
	return allTests(tests)
}

// withinTest is `within`: the region with the code and its subtree, whose paths start with its.
func (s *Store) withinTest(ctx context.Context, code string) (func(*model.Division) bool, bool) {
	full, err := model.NormalizeCode(code)
	if err != nil {
		return nil, false
	}
	r, err := s.regionByCodeCached(ctx, full)
	if err != nil || r == nil {
		return nil, false
	}
	prefix := r.Path
	return func(d *model.Division) bool { return strings.HasPrefix(d.Path, prefix) }, true
}

func allTests(tests []func(*model.Division) bool) func(*model.Division) bool {
	return func(d *model.Division) bool {
		for _, t := range tests {
			if !t(d) {
				return false
			}
		}
		return true
	}
}
