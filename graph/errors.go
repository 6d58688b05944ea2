package graph

import (
	"context"
	"errors"
	"log/slog"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// PresentError turns a resolver's error into what the client sees. Client-facing errors keep
// their message and gain extensions.code (and extensions.argument); any other error is logged
// and shown only as INTERNAL_SERVER_ERROR, so no SQL or path leaks to clients.
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
	var located *gqlerror.Error
	if errors.As(err, &located) {
		// gqlgen wraps errors of argument coercion (a bad Decimal, say) with their path;
		// resolvers return plain errors.
		gerr.Extensions = extend(gerr.Extensions, "code", string(apperr.InvalidArgument))
		return gerr
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
