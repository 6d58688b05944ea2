// Package gqlexec holds what gqlgen's generated executor (graph/generated) calls in place of
// some of gqlgen's own helpers, which cost more per object than aidgraph's resolvers need.
//
// go generate runs gqlgen, then ./rewrite, which swaps the calls in the generated code (one
// file here for each):
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
//   - A scalar or enum field read straight from a struct field (or from a method without
//     arguments, by LeafOf) is marshalled by Leaf, without the context, boxing and middleware
//     that graphql.ResolveField gives every field.
//   - An object is written by Object, without the closures and copies of FieldSet.MarshalGQL.
//
// Each keeps gqlgen's behaviour otherwise: the same bytes in the same order, and a panic
// reported where and as gqlgen reports it.
package gqlexec
