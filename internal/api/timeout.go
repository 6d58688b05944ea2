package api

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// requestTimeout is a gqlgen extension that gives each operation a deadline. The database
// drivers stop a statement when its context ends, so a request that would run for minutes (a
// window over a whole country's projects) frees its connection instead, and answers with the
// fields it read and TIMEOUT errors for the rest.
//
// It is an extension rather than HTTP middleware because gqlgen answers a request whose
// context has already ended with no response at all; here the deadline starts once the
// operation is parsed and validated, and every field that runs out of time says so.
type requestTimeout struct {
	limit time.Duration
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = requestTimeout{}

func (requestTimeout) ExtensionName() string                   { return "RequestTimeout" }
func (requestTimeout) Validate(graphql.ExecutableSchema) error { return nil }
func (t requestTimeout) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	ctx, cancel := context.WithTimeout(ctx, t.limit)
	defer cancel()
	return next(ctx)
}
