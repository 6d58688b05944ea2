// Package gqlexec holds what gqlgen's generated executor (graph/generated) calls in place of two
// of gqlgen's own helpers, which cost more per object than aidgraph's resolvers need.
//
// go generate runs gqlgen, then ./rewrite, which swaps the calls in the generated code:
//
//   - graphql.MarshalSliceConcurrently becomes MarshalSlice. gqlgen marshals every element of a
//     list in a goroutine of its own, so that resolvers that block (a dataloader waiting for its
//     siblings' keys) overlap. aidgraph's do not need it: what one item asks for is read for all
//     of its siblings in one statement (store families), so the first item's read serves the
//     rest. The goroutines, their stacks' growth and their synchronisation were a third of the
//     executor's instructions on nested reads.
//   - graphql.NewDeferredGroup becomes NewDeferredGroup, which builds the group's path, field
//     set and map only when one of the object's fields is deferred, instead of for every object.
//
// Both keep gqlgen's behaviour otherwise: the same values in the same order, a panic in one
// element turned into that element's error and null.
package gqlexec

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalSlice marshals length elements one after another on the caller's goroutine. It takes
// graphql.MarshalSliceConcurrently's arguments so that the generated calls change only in name;
// workerLimit has no meaning without goroutines.
func MarshalSlice(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	_ = workerLimit
	ret := make(graphql.Array, length)
	for i := range length {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshalElement(childCtx, i)
			continue
		}
		ret[i] = marshalRecovering(childCtx, i, marshalElement)
	}
	return ret
}

// marshalRecovering marshals element i, turning a panic into its error and null, as gqlgen does.
func marshalRecovering(ctx context.Context, i int, marshalElement func(ctx context.Context, i int) graphql.Marshaler) (m graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return marshalElement(ctx, i)
}

// NewDeferredGroup returns graphql.NewDeferredGroup(ctx) when one of fields is deferred (@defer),
// and otherwise an empty group, which the generated code reads only to find nothing deferred.
func NewDeferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for i := range fields {
		if fields[i].IsDeferred() {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{}
}
