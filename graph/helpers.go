package graph

// Helpers shared by the resolvers: turning connection arguments into store calls, loading linked
// rows through the store session, and resolving global ids and polymorphic references.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// list gathers a connection field's arguments for the store, and whether it asks for totalCount.
func list[F, O any](ctx context.Context, filter *F, orderBy []*O, first *int, after *string, last *int, before *string) store.List[F, O] {
	return store.List[F, O]{Filter: filter, OrderBy: orderBy, Page: paging.Args{First: first, After: after, Last: last, Before: before},
		Uncounted: !slices.Contains(graphql.CollectAllFields(ctx), "totalCount")}
}

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

// parentOf loads d's parent region, with the parents of the regions read with d.
func parentOf(ctx context.Context, d *model.Division) (model.Region, error) {
	return linkedRegion(ctx, d, func(d *model.Division) *int64 { return d.ParentID })
}

// parentAs is parentOf for a parent that the schema guarantees is a T (a county's city, say).
func parentAs[T any](ctx context.Context, d *model.Division) (*T, error) {
	if d.ParentID == nil {
		return nil, fmt.Errorf("region %d has no parent: a %T must have one", d.RowID, new(T))
	}
	r, err := parentOf(ctx, d)
	return as[*T](r, err, model.Ref{Kind: model.RefRegion, ID: *d.ParentID})
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

func program(ctx context.Context, id *int64) (*model.Program, error) {
	if id == nil {
		return nil, nil
	}
	return store.Load[model.Program](ctx, *id)
}

// ancestors loads the regions above d, from the top down, in one batch.
func ancestors(ctx context.Context, d *model.Division) ([]model.Region, error) {
	var ids []int64
	for _, part := range strings.Split(strings.Trim(d.Path, "/"), "/") {
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("region %d: bad path %q", d.RowID, d.Path)
		}
		if id != d.RowID {
			ids = append(ids, id)
		}
	}
	rows, err := store.LoadAll[model.Division](ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("ancestors of region %d: %w", d.RowID, err)
	}
	out := make([]model.Region, len(rows))
	for i, r := range rows {
		out[i] = r.AsRegion()
	}
	return out, nil
}

// regions pages through the regions of sc (one level, under a parent or not), as type T.
func regions[T any](ctx context.Context, s *store.Store, sc store.RegionScope,
	l store.List[model.RegionFilter, model.RegionOrder], as func(*model.Division) *T) (*store.Connection[*T], error) {
	conn, err := s.Regions(ctx, sc, l)
	if err != nil {
		return nil, err
	}
	return store.MapConnection(conn, as), nil
}

func asProvince(d *model.Division) *model.Province { return (*model.Province)(d) }
func asCity(d *model.Division) *model.City         { return (*model.City)(d) }
func asCounty(d *model.Division) *model.County     { return (*model.County)(d) }
func asTownship(d *model.Division) *model.Township { return (*model.Township)(d) }
func asVillage(d *model.Division) *model.Village   { return (*model.Village)(d) }

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

// linkedRefAs is store.LinkedRef for a reference that the schema guarantees is an R.
func linkedRefAs[R any, T any, P store.Keyed[T]](ctx context.Context, obj *T, r model.Ref, refs func(*T) []model.Ref) (R, error) {
	n, err := store.LinkedRef[T, P](ctx, obj, r, refs)
	return as[R](n, err, r)
}

// as returns v, loaded for r, as the R that the schema guarantees it is (a county's city is a
// City, a pairing's party a PairingParty).
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

// refAs loads the row a reference points at as T, an interface the schema guarantees it has
// (a pairing's party is a PairingParty, a search hit a SearchResult).
func refAs[T any](ctx context.Context, r model.Ref) (T, error) {
	n, err := store.LoadRef(ctx, r)
	return as[T](n, err, r)
}

// nodes resolves several global ids, concurrently so that the store session batches them. Each id that
// fails leaves a null in its place and adds an error whose path points at that element.
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

// measures tells the store which optional aggregate measures the current field's selection
// asks for, so that it computes no more than that.
func measures(ctx context.Context) store.Measures {
	return store.Measures{Dates: selects(graphql.GetOperationContext(ctx), graphql.CollectFieldsCtx(ctx, nil), "startDate", "endDate")}
}

// selects tells whether any of names is selected at any depth under fields.
func selects(oc *graphql.OperationContext, fields []graphql.CollectedField, names ...string) bool {
	for _, f := range fields {
		if slices.Contains(names, f.Name) || selects(oc, graphql.CollectFields(oc, f.Selections, nil), names...) {
			return true
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }
