// Package graph holds the GraphQL layer: gqlgen's generated executor and the resolvers, which
// translate fields into calls on the store.
package graph

//go:generate go tool gqlgen generate
