package api_test

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/gqlexec"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestServerRunsNoFieldMiddleware: the executor marshals plain scalars without field middleware
// (gqlexec.Leaf), so the server as built has none, and field middleware added to it is caught.
func TestServerRunsNoFieldMiddleware(t *testing.T) {
	srv := api.GraphQL(testdb.Open(t, "sqlite"), api.DefaultLimits, nil)
	if err := gqlexec.NoFieldMiddleware(srv); err != nil {
		t.Fatalf("the server as built: %v", err)
	}
	srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) })
	if err := gqlexec.NoFieldMiddleware(srv); err == nil {
		t.Error("field middleware added to the server went unnoticed")
	}
}
