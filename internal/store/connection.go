package store

import (
	"context"
	"sync"
)

// Connection is a Relay connection. The GraphQL connection types are aliases of its instances
// (see connections.go), bound by gqlgen's autobind, so one implementation serves every list.
//
// Nothing is read until a client asks: the page when it selects nodes, edges or pageInfo, the
// count when it selects totalCount. A request for only an aggregate costs no page query.
//
// Its methods take no context: gqlgen resolves a field bound to a method without one inline,
// where one with a context costs a goroutine per field. The connection reads with the context
// of the request that made it, and lives no longer than that request.
type Connection[T any] struct {
	ctx   context.Context
	fetch func(context.Context) (*Page[T], error)
	count func(context.Context) (int, error)
	once  sync.Once
	page  *Page[T]
	err   error
	// scope is the rows behind the connection, for its aggregates.
	scope *scope
}

// Page is one page of a connection, as read.
type Page[T any] struct {
	Nodes                        []T
	HasNextPage, HasPreviousPage bool
	// CursorAt gives the cursor of Nodes[i]. Cursors are made only when a client asks for
	// edges or pageInfo: most ask for nodes alone, and a cursor costs a sort key's encoding.
	CursorAt func(i int) string
}

// newConnection returns a connection over the rows of sc that reads its page with fetch and
// counts with count, each at most once, only when asked, and with ctx, the context of the
// request it serves.
func newConnection[T any](ctx context.Context, fetch func(context.Context) (*Page[T], error), count func(context.Context) (int, error), sc *scope) *Connection[T] {
	return &Connection[T]{ctx: ctx, fetch: fetch, count: count, scope: sc}
}

func (c *Connection[T]) load() (*Page[T], error) {
	c.once.Do(func() { c.page, c.err = c.fetch(c.ctx) })
	return c.page, c.err
}

// Nodes returns the items of the page.
func (c *Connection[T]) Nodes() ([]T, error) {
	p, err := c.load()
	if err != nil {
		return nil, err
	}
	return p.Nodes, nil
}

// Edges returns the items of the page with their cursors.
func (c *Connection[T]) Edges() ([]*Edge[T], error) {
	p, err := c.load()
	if err != nil {
		return nil, err
	}
	edges := make([]*Edge[T], len(p.Nodes))
	for i, n := range p.Nodes {
		edges[i] = &Edge[T]{Cursor: p.CursorAt(i), Node: n}
	}
	return edges, nil
}

// PageInfo tells where the page lies.
func (c *Connection[T]) PageInfo() (*PageInfo, error) {
	p, err := c.load()
	if err != nil {
		return nil, err
	}
	info := &PageInfo{HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPreviousPage}
	if n := len(p.Nodes); n > 0 {
		start, end := p.CursorAt(0), p.CursorAt(n-1)
		info.StartCursor, info.EndCursor = &start, &end
	}
	return info, nil
}

// TotalCount counts the items of the whole connection, across all pages.
func (c *Connection[T]) TotalCount() (int, error) {
	return c.count(c.ctx)
}

// Edge is an item of a connection with its cursor.
type Edge[T any] struct {
	Cursor string
	Node   T
}

// PageInfo tells where a page lies in its connection.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     *string
	EndCursor       *string
}

// MapConnection converts a connection of T into one of U (a Division into a County, say),
// keeping its laziness, cursors, count and scope.
func MapConnection[T, U any](c *Connection[T], f func(T) U) *Connection[U] {
	return mapPage(c, func(nodes []T) []U {
		out := make([]U, len(nodes))
		for i, n := range nodes {
			out[i] = f(n)
		}
		return out
	})
}

// mapPage is MapConnection for a conversion that needs the whole page at once.
func mapPage[T, U any](c *Connection[T], f func([]T) []U) *Connection[U] {
	fetch := func(context.Context) (*Page[U], error) {
		p, err := c.load()
		if err != nil {
			return nil, err
		}
		return &Page[U]{Nodes: f(p.Nodes), HasNextPage: p.HasNextPage,
			HasPreviousPage: p.HasPreviousPage, CursorAt: p.CursorAt}, nil
	}
	return newConnection(c.ctx, fetch, c.count, c.scope)
}
