package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/store"
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
		arg := e.Argument
		if arg == "" {
			arg = argumentPath(ctx, gerr)
		}
		if arg != "" {
			gerr.Extensions["argument"] = arg
		}
		var d apperr.Detailed
		if errors.As(err, &d) {
			for k, v := range d.Details() {
				gerr.Extensions[k] = v
			}
		}
		return gerr
	}
	if _, coded := gerr.Extensions["code"]; coded {
		return gerr // gqlgen's own parse and validation errors
	}
	// Past the request's deadline a driver may report a closed connection rather than the
	// deadline, so the context decides. What the deadline cut short is logged at debug level,
	// in case it hides another failure.
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		slog.DebugContext(ctx, "resolver stopped by the request's time limit", "path", gerr.Path.String(), "err", err)
		gerr.Message = "the request ran past the server's time limit and was stopped"
		gerr.Extensions = extend(gerr.Extensions, "code", string(apperr.Timeout))
		return gerr
	}
	// A database that cannot be reached is no fault of the client's, nor a bug of ours: say so.
	if store.Unavailable(err) {
		slog.WarnContext(ctx, "database unavailable", "path", gerr.Path.String(), "err", err)
		gerr.Message = "the database is unavailable: try again shortly"
		gerr.Extensions = extend(gerr.Extensions, "code", string(apperr.Unavailable))
		return gerr
	}
	// A client that went away reads nothing: no need to log its fields as failures.
	if errors.Is(ctx.Err(), context.Canceled) {
		slog.DebugContext(ctx, "resolver stopped: the client went away", "path", gerr.Path.String(), "err", err)
		gerr.Message = "the client went away before the answer was ready"
		gerr.Extensions = extend(gerr.Extensions, "code", string(apperr.Canceled))
		return gerr
	}
	// Outside any field, an error without a code is gqlgen's transport failing to decode the
	// request's parameters: the client's fault. Its message would echo the whole body.
	if graphql.GetFieldContext(ctx) == nil {
		slog.DebugContext(ctx, "request parameters not decoded", "err", err)
		gerr.Message = apperr.BadBody
		gerr.Extensions = extend(gerr.Extensions, "code", string(apperr.BadRequest))
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

// argumentPath recovers the argument at fault from an error gqlgen located inside the
// arguments of a field (a bad scalar deep in a filter): its path runs past the field's own path.
// The error is then placed at the field, where a client looks for it.
func argumentPath(ctx context.Context, gerr *gqlerror.Error) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ""
	}
	field := fc.Path()
	if len(gerr.Path) <= len(field) {
		return ""
	}
	parts := make([]string, 0, len(gerr.Path)-len(field))
	for _, p := range gerr.Path[len(field):] {
		parts = append(parts, fmt.Sprint(p))
	}
	gerr.Path = field
	return strings.Join(parts, ".")
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
