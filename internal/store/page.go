package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/model"
)

// Keyed is a pointer to a row with a primary key: the store reads rows of such types by id and
// keeps track of which were read together.
type Keyed[T any] interface {
	*T
	PK() int64
}

// List is what a client asked of a connection: a filter, an ordering and a page.
type List[F, O any] struct {
	Filter  *F
	OrderBy []*O
	Page    paging.Args
	// Uncounted says the client did not ask for totalCount: a page read for many parents at
	// once then leaves their rows uncounted where counting costs (see partition.perParent).
	Uncounted bool
	// Fields, when set, are the GraphQL fields of the row type that the client's nodes ask for:
	// a page read for many parents at once selects only their columns (pageColumns), its
	// ordering's and the id, and leaves the rest of each row at its zero value. Nil, or a field
	// that is no column of the row, reads every column.
	Fields []string
}

// scope is a checked set of rows of one table: the fixed conditions of the field a connection
// hangs from, and the client's filter. Aggregates read it from the connection's Scope.
type scope struct {
	spec  *tableSpec
	where cond
	// part names the connection's parent, when it has one: see partition.
	part *partition
	// from replaces the table in FROM when set, for a derived table such as search's hits.
	from cond
	// summary, when set, holds the measures of the scope's rows: see summary.
	summary *summary
	// uncounted: no totalCount was asked for (List.Uncounted).
	uncounted bool
	// fields: the fields a batched page's nodes ask for (List.Fields), or nil for all.
	fields []string
}

// full is the whole condition of the scope, parent included.
func (sc *scope) full() cond {
	if sc.part == nil {
		return sc.where
	}
	return allOf(sc.part.fallback, sc.where)
}

// query starts a statement over the scope's rows (without its WHERE).
func (sc *scope) query(s *Store, ctx context.Context) *gorm.DB {
	if sc.from.empty() {
		return s.session(ctx).Table(sc.spec.table)
	}
	return s.session(ctx).Table(sc.from.sql, sc.from.args...)
}

// list compiles a client's filter and ordering on top of the fixed conditions and returns the
// lazy connection over the result.
func list[T any, P Keyed[T], F, O any](ctx context.Context, s *Store, fixed *scoped, l List[F, O]) (*Connection[*T], error) {
	spec := specOf[T]()
	c := &compiler{ctx: ctx, s: s}
	filter, ord, err := c.list(spec, l.Filter, l.OrderBy)
	if err != nil {
		return nil, err
	}
	sc := &scope{spec: spec, where: allOf(append(fixed.where, filter)...), part: fixed.part, uncounted: l.Uncounted, fields: l.Fields}
	if sm := spec.summary; sm != nil && len(fixed.where) == 0 && fixed.part == nil && !c.opaque && sm.covers(c.columns) {
		sc.summary = sm
	}
	return page[T, P](ctx, s, sc, ord, l.Page)
}

// list compiles a client's filter and checks its ordering, with the errors that point at them.
func (c *compiler) list(spec *tableSpec, filter, orderBy any) (cond, ordering, error) {
	where, err := c.filter(spec, filter, "filter")
	if err != nil {
		return cond{}, ordering{}, err
	}
	if n := placeholders(where.args); n > MaxFilterValues {
		return cond{}, ordering{}, invalid("filter", "filter is too large: it compiles to %d values, more than %d (an in or notIn on text counts each value twice)", n, MaxFilterValues)
	}
	ord, err := orderingOf(spec, orderBy, "orderBy")
	return where, ord, err
}

// page returns the lazy connection over the rows of sc in the ordering ord: the page is read
// only if a client selects nodes, edges or pageInfo, the count only if it selects totalCount.
// Arguments are checked at once, so that errors point at the connection field.
func page[T any, P Keyed[T]](ctx context.Context, s *Store, sc *scope, ord ordering, args paging.Args) (*Connection[*T], error) {
	w, err := args.Check(s.maxPageSize)
	if err != nil {
		return nil, err
	}
	if sc.part != nil && w.After == nil && w.Before == nil {
		if conn := batchedPage[T, P](ctx, s, sc, ord, w); conn != nil {
			return conn, nil
		}
	}
	table := sc.spec.table
	var bounds []cond
	for _, b := range []struct {
		p      *paging.Position
		before bool
		arg    string
	}{{w.After, false, "after"}, {w.Before, true, "before"}} {
		if b.p == nil {
			continue
		}
		c, err := ord.beyond(table, b.p, b.before, b.arg)
		if err != nil {
			return nil, err
		}
		bounds = append(bounds, c)
	}
	where := allOf(append([]cond{sc.full()}, bounds...)...)
	cols, err := columnsOf(reflect.TypeFor[T](), table)
	if err != nil {
		return nil, err
	}
	fetch := func(ctx context.Context) (*Page[*T], error) {
		q := sc.query(s, ctx).Select(cols).Order(ord.orderBy(table, w.Backward)).Limit(w.Limit + 1)
		if !where.empty() {
			q = q.Where(where.sql, where.args...)
		}
		values, err := scanRows[T](q, w.Limit+1)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", table, err)
		}
		rows := pointers(values)
		more := len(rows) > w.Limit
		if more {
			rows = rows[:w.Limit]
		}
		if w.Backward {
			slices.Reverse(rows)
		}
		// The page's rows, not the one read to see whether more follow: what is asked of
		// them is not asked of it. They are final here, so siblings may read them at will.
		remember[T, P](ctx, rows)
		return pageOf(rows, more, w, ord), nil
	}
	return newConnection(ctx, fetch, func(ctx context.Context) (int, error) { return s.count(ctx, sc) }, sc), nil
}

// count counts the rows of sc.
func (s *Store) count(ctx context.Context, sc *scope) (int, error) {
	if sc.summary != nil {
		return s.summaryCount(ctx, sc)
	}
	var n int64
	q := sc.query(s, ctx)
	if where := sc.full(); !where.empty() {
		q = q.Where(where.sql, where.args...)
	}
	if err := q.Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count %s: %w", sc.spec.table, err)
	}
	return int(n), nil
}

// pageOf builds the page. more says a row lies beyond the page in the direction of reading.
// The far side is known from the cursor: paging forward from `after` means rows precede the
// page (and likewise backward from `before`).
func pageOf[T any](rows []*T, more bool, w paging.Window, ord ordering) *Page[*T] {
	p := &Page[*T]{Nodes: rows, HasNextPage: more, HasPreviousPage: w.After != nil,
		CursorAt: func(i int) string { return paging.Cursor(ord.position(rows[i])) }}
	if w.Backward {
		p.HasNextPage, p.HasPreviousPage = w.Before != nil, more
	}
	return p
}

// trimPage cuts a keyset page read with one row more than w.Limit (the row that tells whether
// more lie beyond) to w.Limit rows in the client's order, and says what lies on either side, as
// pageOf does: for lists whose edges and cursors are their own (the change feed, the registry).
func trimPage[T any](rows []T, w paging.Window) ([]T, *PageInfo) {
	more := len(rows) > w.Limit
	if more {
		rows = rows[:w.Limit]
	}
	pi := &PageInfo{HasNextPage: more, HasPreviousPage: w.After != nil}
	if w.Backward {
		slices.Reverse(rows) // read from the far end
		pi.HasNextPage, pi.HasPreviousPage = w.Before != nil, more
	}
	return rows, pi
}

// byIDChunk bounds the IN lists of batched lookups, far below any driver's placeholder cap.
const byIDChunk = 1000

// byIDs reads the rows of kind k with the given primary keys (missing keys are simply absent)
// as *T of its row type, and remembers them as one family.
func (s *Store) byIDs(ctx context.Context, k *model.Kind, ids []int64) (map[int64]any, error) {
	out := make(map[int64]any, len(ids))
	f := &family{ids: make([]int64, 0, len(ids))}
	all := reflect.MakeSlice(reflect.SliceOf(reflect.PointerTo(k.Row)), 0, len(ids))
	cols, err := columnsOf(k.Row, k.Table)
	if err != nil {
		return nil, err
	}
	for chunk := range slices.Chunk(ids, byIDChunk) {
		rows, err := scanRowsOf(s.session(ctx).Model(reflect.New(k.Row).Interface()).Select(cols).Where("id IN ?", chunk), k.Row, len(chunk))
		if err != nil {
			return nil, fmt.Errorf("load %s by id: %w", k.Table, err)
		}
		for i := range rows.Len() {
			p := rows.Index(i).Addr()
			row := p.Interface()
			id := row.(interface{ PK() int64 }).PK()
			out[id] = row
			f.ids = append(f.ids, id)
			all = reflect.Append(all, p)
		}
	}
	f.rows = all.Interface()
	if ss := sessionOf(ctx); ss != nil {
		ss.remember(k.Table, f)
	}
	return out, nil
}
