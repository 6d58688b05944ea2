// Package graph holds the resolvers: thin functions that turn GraphQL fields into calls on the
// store. gqlgen's generated executor, which calls them, is in graph/generated; the resolver
// stubs (*.resolvers.go) are generated too, and their bodies are written by hand.
package graph

// gqlgen writes the executor; rewrite then swaps some of gqlgen's helpers in it for
// internal/gqlexec's, which do the same work with less (its swap table lists them, each with
// the fewest calls it must find; internal/gqlexec's doc says why).
//go:generate go tool gqlgen generate
//go:generate go run ../internal/gqlexec/rewrite ./generated
