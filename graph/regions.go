package graph

// The region helpers: navigation up and down the division tree, and the fields every region
// type shares. The five region types' resolvers call these with their underlying row, so the
// logic exists once.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

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

// regions pages through the regions of sc (one level, under a parent or not, or all), as the
// GraphQL type as gives each.
func regions[T any](ctx context.Context, s *store.Store, sc store.RegionScope,
	l store.List[model.RegionFilter, model.RegionOrder], as func(*model.Division) T) (*store.Connection[T], error) {
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

func within(d *model.Division, descendants bool) *store.Within {
	return &store.Within{Region: d, Descendants: descendants}
}

func (r *Resolver) regionProjects(ctx context.Context, d *model.Division, descendants bool, l store.List[model.ProjectFilter, model.ProjectOrder]) (*store.Connection[*model.Project], error) {
	l.Fields = nodeFields(ctx)
	return r.Store.Projects(ctx, store.ProjectScope{Within: within(d, descendants)}, l)
}

func (r *Resolver) regionSchools(ctx context.Context, d *model.Division, descendants bool, l store.List[model.SchoolFilter, model.SchoolOrder]) (*store.Connection[*model.School], error) {
	return r.Store.Schools(ctx, within(d, descendants), l)
}

func (r *Resolver) regionHospitals(ctx context.Context, d *model.Division, descendants bool, l store.List[model.HospitalFilter, model.HospitalOrder]) (*store.Connection[*model.Hospital], error) {
	return r.Store.Hospitals(ctx, within(d, descendants), l)
}

func (r *Resolver) regionFigures(ctx context.Context, d *model.Division, descendants bool, l store.List[model.FigureFilter, model.FigureOrder]) (*store.Connection[*model.Figure], error) {
	return r.Store.Figures(ctx, store.FigureScope{Within: within(d, descendants)}, l)
}

func (r *Resolver) regionPairings(ctx context.Context, d *model.Division, role model.PairingRole, descendants bool, l store.List[model.PairingFilter, model.PairingOrder]) (*store.Connection[*model.Pairing], error) {
	return r.Store.Pairings(ctx, store.PairingScope{Within: within(d, descendants), Role: role}, l)
}
