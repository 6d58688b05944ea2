// Package graph holds the resolvers: thin functions that turn GraphQL fields into calls on the
// store. gqlgen's generated executor, which calls them, is in graph/generated; the resolver
// stubs (*.resolvers.go) are generated too, and their bodies are written by hand.
package graph

// gqlgen writes the executor; rewrite then swaps two of gqlgen's helpers in it for
// internal/gqlexec's, which marshal a list's items on the caller's goroutine (see there why).
//go:generate go tool gqlgen generate
//go:generate go run ../internal/gqlexec/rewrite ./generated
