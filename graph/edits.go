package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/auth"
)

// edited runs a mutation for a client with an editor's key (or an admin's), as that key's name.
func edited[T any](ctx context.Context, write func(author string) (T, error)) (T, error) {
	if err := auth.Require(ctx, auth.RoleEditor); err != nil {
		var zero T
		return zero, err
	}
	return fieldErrors(ctx, func() (T, error) { return write(auth.FromContext(ctx).KeyName) })
}

// fieldErrors reports every broken rule of a mutation's input as an error of its own, each
// naming its field in extensions.argument, so that a client fixes them all at once.
func fieldErrors[T any](ctx context.Context, write func() (T, error)) (T, error) {
	v, err := write()
	if err == nil {
		return v, nil
	}
	errs := apperr.ListOf(err)
	for _, e := range errs[:len(errs)-1] {
		graphql.AddError(ctx, e)
	}
	return v, errs[len(errs)-1]
}
