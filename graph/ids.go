package graph

// Resolving global ids.

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// nodeByID resolves a global id. A malformed id is INVALID_ID; one that names no row (or a row
// of another type) is NOT_FOUND.
func nodeByID(ctx context.Context, id string) (model.Node, error) {
	typ, rowID, err := gid.Decode(id)
	if err != nil {
		return nil, apperr.New(apperr.InvalidID, "id", "%q is not an aidgraph id", id)
	}
	notFound := apperr.New(apperr.NotFound, "id", "no object has the id %q", id)
	k, ok := model.KindOfType(typ)
	if !ok {
		return nil, notFound
	}
	n, err := store.LoadRef(ctx, model.Ref{Kind: k.Ref, ID: rowID})
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	if r, ok := n.(model.Region); ok && r.Division().Level != k.Level { // a City's id naming a county
		return nil, notFound
	}
	return n, nil
}

// nodes resolves several global ids, concurrently so that the store session batches them.
// Each id that fails leaves a null in its place and adds an error whose path points at it.
func (r *Resolver) nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	if len(ids) > r.Store.MaxPageSize() {
		return nil, apperr.New(apperr.InvalidArgument, "ids", "ids has %d entries, more than the maximum of %d", len(ids), r.Store.MaxPageSize())
	}
	out := make([]model.Node, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() { out[i], errs[i] = nodeByID(ctx, id) })
	}
	wg.Wait()
	for i, err := range errs {
		if e, ok := apperr.As(err); ok && e.Argument == "id" {
			err = apperr.New(e.Code, fmt.Sprintf("ids.%d", i), "%s", e.Message)
		}
		if err != nil {
			graphql.AddError(ctx, atIndex(ctx, i, err))
		}
	}
	return out, nil
}
