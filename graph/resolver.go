package graph

import (
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/internal/edit"
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/store"
)

// Resolver is the root of the resolvers. It holds only the store and the editor that writes
// through it: everything a request needs beyond them (the store session, the client's key)
// travels in the request's context, so instances share no state.
type Resolver struct {
	Store  *store.Store
	Editor *edit.Editor
	// Schema is the executable schema's, which a registered operation is checked against; set
	// once the executable schema is made from these resolvers.
	Schema *ast.Schema
	Live   *live.Hub // subscriptions; nil on a server that serves none
}

// New returns the resolvers over s.
func New(s *store.Store, hub *live.Hub) *Resolver {
	return &Resolver{Store: s, Editor: &edit.Editor{Store: s}, Live: hub}
}
