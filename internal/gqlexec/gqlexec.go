// Package gqlexec holds what gqlgen's generated executor (graph/generated) calls in place of
// some of gqlgen's own helpers, which cost more per object than aidgraph's resolvers need.
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
//   - A field's arguments go through Args, which computes them once per operation instead of
//     once for every object the field is resolved on (twenty townships' projects(first: 10)).
//   - A scalar or enum field read straight from a struct field is marshalled by Leaf, without
//     the context, boxing and middleware that graphql.ResolveField gives every field.
//   - An object is written by Object, without the closures and copies of FieldSet.MarshalGQL.
//
// Both keep gqlgen's behaviour otherwise: the same values in the same order, a panic in one
// element turned into that element's error and null.
package gqlexec

import (
	"context"
	"io"
	"slices"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
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

// Leaf resolves a scalar or enum field that reads a struct field of its object (a project's
// name): it marshals the value at once, where graphql.ResolveField builds the field's context,
// boxes the value and hands it through the field middleware first, for each field of each
// object (a tenth of a nested read's CPU). The rewrite uses it only where that is exact: the
// value is a struct field (no resolver, so no error), and its marshaller writes the value, or
// null without an error for a nullable field, so that nothing needs the field's context; a
// panic all the same goes through graphql.ResolveField, which reports it as gqlgen would. What
// Leaf skips is field middleware (handler.Server.AroundFields): aidgraph registers none, and a
// middleware that must see every field needs Leaf taken out of the rewrite.
func Leaf[T any](ctx context.Context, oc *graphql.OperationContext, field graphql.CollectedField,
	initializeFieldContext func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error),
	v T, marshal func(ctx context.Context, sel ast.SelectionSet, v T) graphql.Marshaler,
	recoverFromPanic, nonNull bool) (ret graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			resolve := func(context.Context) (any, error) { return v, nil }
			ret = graphql.ResolveField(ctx, oc, field, initializeFieldContext, resolve, nil, marshal, recoverFromPanic, nonNull)
		}
	}()
	return marshal(ctx, field.Selections, v)
}

// Object returns an object's resolved fields (set, collected as fields) as what the executor
// writes: the JSON object that set.MarshalGQL would write, byte for byte, without the closures
// and the copy of each field that FieldSet.MarshalGQL allocates for every object. Call it once
// the set is dispatched.
func Object(fields []graphql.CollectedField, set *graphql.FieldSet) graphql.Marshaler {
	return object{fields: fields, values: set.Values}
}

type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

func (o object) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, "{")
	first := true
	for i := range o.fields {
		alias := o.fields[i].Alias
		if slices.ContainsFunc(o.fields[:i], func(f graphql.CollectedField) bool { return f.Alias == alias }) {
			continue // as FieldSet does: the first of a repeated key
		}
		if !first {
			_, _ = io.WriteString(w, ",")
		}
		first = false
		// An alias is a GraphQL name ([_A-Za-z][_0-9A-Za-z]*): nothing in it to escape.
		_, _ = io.WriteString(w, `"`)
		_, _ = io.WriteString(w, alias)
		_, _ = io.WriteString(w, `":`)
		o.values[i].MarshalGQL(w)
	}
	_, _ = io.WriteString(w, "}")
}

// LeafOf is Leaf for a value that a method of the object computes without a context or an
// error (a global id): the method runs inside, so that a panic in it is reported as gqlgen
// would report it too.
func LeafOf[T any](ctx context.Context, oc *graphql.OperationContext, field graphql.CollectedField,
	initializeFieldContext func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error),
	value func() T, marshal func(ctx context.Context, sel ast.SelectionSet, v T) graphql.Marshaler,
	recoverFromPanic, nonNull bool) (ret graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			resolve := func(context.Context) (any, error) { return value(), nil }
			ret = graphql.ResolveField(ctx, oc, field, initializeFieldContext, resolve, nil, marshal, recoverFromPanic, nonNull)
		}
	}()
	return marshal(ctx, field.Selections, value())
}
