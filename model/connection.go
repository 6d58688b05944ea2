package model

import "context"

// Connection is a page of a Relay connection. The GraphQL connection types are aliases of its
// instances (see connections.go), so one implementation serves every list.
type Connection[T any] struct {
	Nodes    []T
	Edges    []*Edge[T]
	PageInfo *PageInfo
	// Count counts the whole connection; it runs only when a client asks for totalCount.
	Count func(ctx context.Context) (int, error) `json:"-"`
}

// TotalCount counts the items of the whole connection, across all pages.
func (c *Connection[T]) TotalCount(ctx context.Context) (int, error) {
	if c.Count == nil {
		return len(c.Nodes), nil
	}
	return c.Count(ctx)
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
