package store

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/model"
)

// keyed is a pointer to a row with a primary key.
type keyed[T any] interface {
	*T
	PK() int64
}

// scope narrows a query; nil selects every row.
type scope func(*gorm.DB) *gorm.DB

// page reads one keyset page of the rows of T that sc selects, in primary-key order, and wires
// totalCount to a COUNT that runs only if the client asks for it.
func page[T any, P keyed[T]](ctx context.Context, s *Store, args paging.Args, sc scope) (*model.Connection[*T], error) {
	w, err := args.Check(s.maxPageSize)
	if err != nil {
		return nil, err
	}
	query := func() *gorm.DB {
		q := s.session(ctx).Model(new(T))
		if sc != nil {
			q = sc(q)
		}
		return q
	}
	q := query()
	if w.After != nil {
		q = q.Where("id > ?", *w.After)
	}
	if w.Before != nil {
		q = q.Where("id < ?", *w.Before)
	}
	order := "id ASC"
	if w.Backward {
		order = "id DESC"
	}
	var rows []*T
	if err := q.Order(order).Limit(w.Limit + 1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("page %T: %w", *new(T), err)
	}
	more := len(rows) > w.Limit
	if more {
		rows = rows[:w.Limit]
	}
	if w.Backward {
		slices.Reverse(rows)
	}
	conn := connection[T, P](rows, more, w)
	conn.Count = func(ctx context.Context) (int, error) {
		var n int64
		if err := query().WithContext(ctx).Count(&n).Error; err != nil {
			return 0, fmt.Errorf("count %T: %w", *new(T), err)
		}
		return int(n), nil
	}
	return conn, nil
}

// connection builds the page's edges and PageInfo. more says a row lies beyond the page in the
// direction of reading. The far side is known from the cursor: paging forward from `after`
// means rows precede the page (and likewise backward from `before`).
func connection[T any, P keyed[T]](rows []*T, more bool, w paging.Window) *model.Connection[*T] {
	info := &model.PageInfo{HasNextPage: more, HasPreviousPage: w.After != nil}
	if w.Backward {
		info = &model.PageInfo{HasNextPage: w.Before != nil, HasPreviousPage: more}
	}
	edges := make([]*model.Edge[*T], len(rows))
	for i, r := range rows {
		edges[i] = &model.Edge[*T]{Cursor: paging.Cursor(P(r).PK()), Node: r}
	}
	if len(edges) > 0 {
		info.StartCursor, info.EndCursor = &edges[0].Cursor, &edges[len(edges)-1].Cursor
	}
	return &model.Connection[*T]{Nodes: rows, Edges: edges, PageInfo: info}
}

// MapConnection converts a page of T into a page of U, keeping cursors and the count.
func MapConnection[T, U any](c *model.Connection[*T], f func(*T) *U) *model.Connection[*U] {
	out := &model.Connection[*U]{
		Nodes:    make([]*U, len(c.Nodes)),
		Edges:    make([]*model.Edge[*U], len(c.Edges)),
		PageInfo: c.PageInfo,
		Count:    c.Count,
	}
	for i, n := range c.Nodes {
		out.Nodes[i] = f(n)
		out.Edges[i] = &model.Edge[*U]{Cursor: c.Edges[i].Cursor, Node: out.Nodes[i]}
	}
	return out
}

// byIDChunk bounds the IN lists of batched lookups, far below any driver's placeholder cap.
const byIDChunk = 1000

// ByIDs loads the rows of T with the given primary keys, in no particular order; missing keys
// are simply absent.
func ByIDs[T any, P keyed[T]](ctx context.Context, s *Store, ids []int64) ([]*T, error) {
	var out []*T
	for chunk := range slices.Chunk(ids, byIDChunk) {
		var rows []*T
		if err := s.session(ctx).Where("id IN ?", chunk).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("load %T by id: %w", *new(T), err)
		}
		out = append(out, rows...)
	}
	return out, nil
}
