package graph

import "github.com/aidgraph/aidgraph/internal/store"

// Resolver is the root of the resolvers. It holds only the store: everything a request needs
// beyond it (the store session) travels in the request's context, so instances share no state.
type Resolver struct {
	Store *store.Store
}
