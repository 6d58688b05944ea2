package graph

import (
	"context"
	"log/slog"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// PresentError turns a resolver's error into what the client sees. Client-facing errors (an
// apperr anywhere in the chain, including from scalar parsing) keep their message and gain
// extensions.code and extensions.argument; any other error is logged and shown only as
// INTERNAL_SERVER_ERROR, so no SQL or file path ever reaches a client. gqlgen wraps every
// resolver error with its location, so being a *gqlerror.Error says nothing about its cause.
func PresentError(ctx context.Context, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	if e, ok := apperr.As(err); ok {
		gerr.Message = e.Message
		gerr.Extensions = extend(gerr.Extensions, "code", string(e.Code))
		if e.Argument != "" {
			gerr.Extensions["argument"] = e.Argument
		}
		return gerr
	}
	if _, coded := gerr.Extensions["code"]; coded {
		return gerr // gqlgen's own parse and validation errors
	}
	slog.ErrorContext(ctx, "resolver failed", "path", gerr.Path.String(), "err", err)
	gerr.Message = "internal error"
	gerr.Extensions = extend(gerr.Extensions, "code", string(apperr.Internal))
	return gerr
}

// Recover turns a panic in a resolver into an INTERNAL_SERVER_ERROR for that field, logged with
// its value, instead of a crashed request.
func Recover(ctx context.Context, v any) error {
	slog.ErrorContext(ctx, "resolver panicked", "panic", v)
	return apperr.New(apperr.Internal, "", "internal error")
}

func extend(m map[string]any, k string, v any) map[string]any {
	if m == nil {
		m = map[string]any{}
	}
	m[k] = v
	return m
}

// atIndex locates err at element i of the list the current field returns.
func atIndex(ctx context.Context, i int, err error) *gqlerror.Error {
	path := slices.Clone(graphql.GetPath(ctx))
	return &gqlerror.Error{Err: err, Message: err.Error(), Path: append(path, ast.PathIndex(i))}
}
