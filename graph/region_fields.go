package graph

// The fields every region type shares. The five region types' resolvers call these with their
// underlying row, so the logic exists once.

import (
	"context"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

func within(d *model.Division, descendants bool) *store.Within {
	return &store.Within{Region: d, Descendants: descendants}
}

func (r *Resolver) regionProjects(ctx context.Context, d *model.Division, descendants bool, l store.List[model.ProjectFilter, model.ProjectOrder]) (*store.Connection[*model.Project], error) {
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
