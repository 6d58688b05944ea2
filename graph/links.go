package graph

// Loading the rows a row links to, through the request's store session, which reads those of the
// row's siblings in the same statement.

import (
	"context"
	"fmt"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// region loads the region with the given id as its GraphQL type, or nil for a nil id.
func region(ctx context.Context, id *int64) (model.Region, error) {
	if id == nil {
		return nil, nil
	}
	d, err := store.Load[model.Division](ctx, *id)
	if err != nil {
		return nil, err
	}
	return d.AsRegion(), nil
}

func program(ctx context.Context, id *int64) (*model.Program, error) {
	if id == nil {
		return nil, nil
	}
	return store.Load[model.Program](ctx, *id)
}

// sourceOf loads the source that id gives for obj, with those of the rows read with obj.
func sourceOf[T any, P store.Keyed[T]](ctx context.Context, obj *T, id func(*T) int64) (*model.Source, error) {
	return store.Linked[model.Source, T, P](ctx, obj, func(o *T) *int64 { v := id(o); return &v })
}

// linkedRegion loads the region that key gives for obj, as its GraphQL type, with those of the
// rows read with obj.
func linkedRegion[T any, P store.Keyed[T]](ctx context.Context, obj *T, key func(*T) *int64) (model.Region, error) {
	d, err := store.Linked[model.Division, T, P](ctx, obj, key)
	if err != nil || d == nil {
		return nil, err
	}
	return d.AsRegion(), nil
}

// linkedRefAs is store.LinkedRef for a reference that the schema guarantees is an R.
func linkedRefAs[R any, T any, P store.Keyed[T]](ctx context.Context, obj *T, r model.Ref, refs func(*T) []model.Ref) (R, error) {
	n, err := store.LinkedRef[T, P](ctx, obj, r, refs)
	return as[R](n, err, r)
}

// refAs loads the row a reference points at as T, an interface the schema guarantees it has
// (a pairing's party or a figure's subject is Named, a search hit a SearchResult).
func refAs[T any](ctx context.Context, r model.Ref) (T, error) {
	n, err := store.LoadRef(ctx, r)
	return as[T](n, err, r)
}

// as returns v, loaded for r, as the R that the schema guarantees it is (a county's city is a
// City, a pairing's party Named).
func as[R any](v any, err error, r model.Ref) (R, error) {
	var zero R
	if err != nil {
		return zero, err
	}
	t, ok := v.(R)
	if !ok {
		return zero, fmt.Errorf("%s %d is a %T, not a %T", r.Kind, r.ID, v, zero)
	}
	return t, nil
}

// pairingNames loads a pairing's parties (batched with its siblings', as helper and helped
// are) and names the pairing from them.
func pairingNames(ctx context.Context, p *model.Pairing) (string, *string, error) {
	helper, err := linkedRefAs[model.Named](ctx, p, p.HelperRef(), (*model.Pairing).PartyRefs)
	if err != nil {
		return "", nil, err
	}
	helped, err := linkedRefAs[model.Named](ctx, p, p.HelpedRef(), (*model.Pairing).PartyRefs)
	if err != nil {
		return "", nil, err
	}
	zh, en := model.PairingNames(helper, helped)
	return zh, en, nil
}
