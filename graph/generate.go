// Package graph holds the resolvers: thin functions that turn GraphQL fields into calls on the
// store. gqlgen's generated executor, which calls them, is in graph/generated; the resolver
// stubs (*.resolvers.go) are generated too, and their bodies are written by hand.
package graph

//go:generate go tool gqlgen generate
