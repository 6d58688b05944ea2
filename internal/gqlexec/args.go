package gqlexec

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// argsKey is the context key of an operation's argsCache.
type argsKey struct{}

// argsCache holds the arguments of each field of one operation: a field under a list (each
// township's projects(first: 10)) has the same arguments for every item, as the variables are
// the operation's.
type argsCache struct {
	mu   sync.Mutex
	args map[fieldOf]map[string]any
}

// fieldOf names a field of one object type by its node in the document. The type is part of
// the name because one node can be resolved on several: a fragment on an interface spreads
// its fields over every type that implements it, and their arguments' defaults can differ.
type fieldOf struct {
	typeField string // "Township_projects", as in gqlgen's field_Township_projects_args
	node      *ast.Field
}

// WithArgsCache returns ctx with an empty cache of field arguments, for one operation.
func WithArgsCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, argsKey{}, &argsCache{args: map[fieldOf]map[string]any{}})
}

// Args returns the arguments of field of an object type (typeField, as "Township_projects"):
// compute's result, computed once per operation when ctx has a cache (WithArgsCache), where
// gqlgen computes them again for every object the field is resolved on. Resolvers only read
// their arguments, so every object can share them. An error is not kept: each object reports
// it at its own path, as before.
func Args(ctx context.Context, typeField string, field graphql.CollectedField, compute func() (map[string]any, error)) (map[string]any, error) {
	c, _ := ctx.Value(argsKey{}).(*argsCache)
	if c == nil {
		return compute()
	}
	key := fieldOf{typeField, field.Field}
	c.mu.Lock()
	args, ok := c.args[key]
	c.mu.Unlock()
	if ok {
		return args, nil
	}
	args, err := compute()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.args[key] = args
	c.mu.Unlock()
	return args, nil
}
