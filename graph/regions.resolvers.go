package graph

// This file will be automatically regenerated based on the schema, any resolver
// implementations
// will be copied through when generating and any unknown code will be moved to the end.

import (
	"context"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/model"
)

// Parent is the resolver for the parent field.
func (r *provinceResolver) Parent(ctx context.Context, obj *model.Province) (model.Region, error) {
	return region(ctx, obj.ParentID)
}

// Ancestors is the resolver for the ancestors field.
func (r *provinceResolver) Ancestors(ctx context.Context, obj *model.Province) ([]model.Region, error) {
	return ancestors(ctx, obj.Division())
}

// Source is the resolver for the source field.
func (r *provinceResolver) Source(ctx context.Context, obj *model.Province) (*model.Source, error) {
	return source(ctx, obj.SourceID)
}

// Projects is the resolver for the projects field.
func (r *provinceResolver) Projects(ctx context.Context, obj *model.Province, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Project], error) {
	return r.regionProjects(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Schools is the resolver for the schools field.
func (r *provinceResolver) Schools(ctx context.Context, obj *model.Province, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.School], error) {
	return r.regionSchools(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Hospitals is the resolver for the hospitals field.
func (r *provinceResolver) Hospitals(ctx context.Context, obj *model.Province, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Hospital], error) {
	return r.regionHospitals(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Figures is the resolver for the figures field.
func (r *provinceResolver) Figures(ctx context.Context, obj *model.Province, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Figure], error) {
	return r.regionFigures(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Pairings is the resolver for the pairings field.
func (r *provinceResolver) Pairings(ctx context.Context, obj *model.Province, role model.PairingRole, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Pairing], error) {
	return r.regionPairings(ctx, obj.Division(), role, includeDescendants, pageArgs(first, after, last, before))
}

// Cities is the resolver for the cities field.
func (r *provinceResolver) Cities(ctx context.Context, obj *model.Province, first *int, after *string, last *int, before *string) (*model.Connection[*model.City], error) {
	return children(ctx, r.Store, obj.Division(), model.RegionLevelCity, pageArgs(first, after, last, before), asCity)
}

// Parent is the resolver for the parent field.
func (r *cityResolver) Parent(ctx context.Context, obj *model.City) (model.Region, error) {
	return region(ctx, obj.ParentID)
}

// Ancestors is the resolver for the ancestors field.
func (r *cityResolver) Ancestors(ctx context.Context, obj *model.City) ([]model.Region, error) {
	return ancestors(ctx, obj.Division())
}

// Source is the resolver for the source field.
func (r *cityResolver) Source(ctx context.Context, obj *model.City) (*model.Source, error) {
	return source(ctx, obj.SourceID)
}

// Projects is the resolver for the projects field.
func (r *cityResolver) Projects(ctx context.Context, obj *model.City, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Project], error) {
	return r.regionProjects(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Schools is the resolver for the schools field.
func (r *cityResolver) Schools(ctx context.Context, obj *model.City, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.School], error) {
	return r.regionSchools(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Hospitals is the resolver for the hospitals field.
func (r *cityResolver) Hospitals(ctx context.Context, obj *model.City, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Hospital], error) {
	return r.regionHospitals(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Figures is the resolver for the figures field.
func (r *cityResolver) Figures(ctx context.Context, obj *model.City, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Figure], error) {
	return r.regionFigures(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Pairings is the resolver for the pairings field.
func (r *cityResolver) Pairings(ctx context.Context, obj *model.City, role model.PairingRole, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Pairing], error) {
	return r.regionPairings(ctx, obj.Division(), role, includeDescendants, pageArgs(first, after, last, before))
}

// Province is the resolver for the province field.
func (r *cityResolver) Province(ctx context.Context, obj *model.City) (*model.Province, error) {
	return regionAs[model.Province](ctx, obj.ParentID)
}

// Counties is the resolver for the counties field.
func (r *cityResolver) Counties(ctx context.Context, obj *model.City, first *int, after *string, last *int, before *string) (*model.Connection[*model.County], error) {
	return children(ctx, r.Store, obj.Division(), model.RegionLevelCounty, pageArgs(first, after, last, before), asCounty)
}

// Parent is the resolver for the parent field.
func (r *countyResolver) Parent(ctx context.Context, obj *model.County) (model.Region, error) {
	return region(ctx, obj.ParentID)
}

// Ancestors is the resolver for the ancestors field.
func (r *countyResolver) Ancestors(ctx context.Context, obj *model.County) ([]model.Region, error) {
	return ancestors(ctx, obj.Division())
}

// Source is the resolver for the source field.
func (r *countyResolver) Source(ctx context.Context, obj *model.County) (*model.Source, error) {
	return source(ctx, obj.SourceID)
}

// Projects is the resolver for the projects field.
func (r *countyResolver) Projects(ctx context.Context, obj *model.County, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Project], error) {
	return r.regionProjects(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Schools is the resolver for the schools field.
func (r *countyResolver) Schools(ctx context.Context, obj *model.County, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.School], error) {
	return r.regionSchools(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Hospitals is the resolver for the hospitals field.
func (r *countyResolver) Hospitals(ctx context.Context, obj *model.County, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Hospital], error) {
	return r.regionHospitals(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Figures is the resolver for the figures field.
func (r *countyResolver) Figures(ctx context.Context, obj *model.County, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Figure], error) {
	return r.regionFigures(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Pairings is the resolver for the pairings field.
func (r *countyResolver) Pairings(ctx context.Context, obj *model.County, role model.PairingRole, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Pairing], error) {
	return r.regionPairings(ctx, obj.Division(), role, includeDescendants, pageArgs(first, after, last, before))
}

// City is the resolver for the city field.
func (r *countyResolver) City(ctx context.Context, obj *model.County) (*model.City, error) {
	return regionAs[model.City](ctx, obj.ParentID)
}

// Townships is the resolver for the townships field.
func (r *countyResolver) Townships(ctx context.Context, obj *model.County, first *int, after *string, last *int, before *string) (*model.Connection[*model.Township], error) {
	return children(ctx, r.Store, obj.Division(), model.RegionLevelTownship, pageArgs(first, after, last, before), asTownship)
}

// Parent is the resolver for the parent field.
func (r *townshipResolver) Parent(ctx context.Context, obj *model.Township) (model.Region, error) {
	return region(ctx, obj.ParentID)
}

// Ancestors is the resolver for the ancestors field.
func (r *townshipResolver) Ancestors(ctx context.Context, obj *model.Township) ([]model.Region, error) {
	return ancestors(ctx, obj.Division())
}

// Source is the resolver for the source field.
func (r *townshipResolver) Source(ctx context.Context, obj *model.Township) (*model.Source, error) {
	return source(ctx, obj.SourceID)
}

// Projects is the resolver for the projects field.
func (r *townshipResolver) Projects(ctx context.Context, obj *model.Township, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Project], error) {
	return r.regionProjects(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Schools is the resolver for the schools field.
func (r *townshipResolver) Schools(ctx context.Context, obj *model.Township, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.School], error) {
	return r.regionSchools(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Hospitals is the resolver for the hospitals field.
func (r *townshipResolver) Hospitals(ctx context.Context, obj *model.Township, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Hospital], error) {
	return r.regionHospitals(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Figures is the resolver for the figures field.
func (r *townshipResolver) Figures(ctx context.Context, obj *model.Township, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Figure], error) {
	return r.regionFigures(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Pairings is the resolver for the pairings field.
func (r *townshipResolver) Pairings(ctx context.Context, obj *model.Township, role model.PairingRole, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Pairing], error) {
	return r.regionPairings(ctx, obj.Division(), role, includeDescendants, pageArgs(first, after, last, before))
}

// County is the resolver for the county field.
func (r *townshipResolver) County(ctx context.Context, obj *model.Township) (*model.County, error) {
	return regionAs[model.County](ctx, obj.ParentID)
}

// Villages is the resolver for the villages field.
func (r *townshipResolver) Villages(ctx context.Context, obj *model.Township, first *int, after *string, last *int, before *string) (*model.Connection[*model.Village], error) {
	return children(ctx, r.Store, obj.Division(), model.RegionLevelVillage, pageArgs(first, after, last, before), asVillage)
}

// Parent is the resolver for the parent field.
func (r *villageResolver) Parent(ctx context.Context, obj *model.Village) (model.Region, error) {
	return region(ctx, obj.ParentID)
}

// Ancestors is the resolver for the ancestors field.
func (r *villageResolver) Ancestors(ctx context.Context, obj *model.Village) ([]model.Region, error) {
	return ancestors(ctx, obj.Division())
}

// Source is the resolver for the source field.
func (r *villageResolver) Source(ctx context.Context, obj *model.Village) (*model.Source, error) {
	return source(ctx, obj.SourceID)
}

// Projects is the resolver for the projects field.
func (r *villageResolver) Projects(ctx context.Context, obj *model.Village, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Project], error) {
	return r.regionProjects(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Schools is the resolver for the schools field.
func (r *villageResolver) Schools(ctx context.Context, obj *model.Village, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.School], error) {
	return r.regionSchools(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Hospitals is the resolver for the hospitals field.
func (r *villageResolver) Hospitals(ctx context.Context, obj *model.Village, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Hospital], error) {
	return r.regionHospitals(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Figures is the resolver for the figures field.
func (r *villageResolver) Figures(ctx context.Context, obj *model.Village, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Figure], error) {
	return r.regionFigures(ctx, obj.Division(), includeDescendants, pageArgs(first, after, last, before))
}

// Pairings is the resolver for the pairings field.
func (r *villageResolver) Pairings(ctx context.Context, obj *model.Village, role model.PairingRole, includeDescendants bool, first *int, after *string, last *int, before *string) (*model.Connection[*model.Pairing], error) {
	return r.regionPairings(ctx, obj.Division(), role, includeDescendants, pageArgs(first, after, last, before))
}

// Township is the resolver for the township field.
func (r *villageResolver) Township(ctx context.Context, obj *model.Village) (*model.Township, error) {
	return regionAs[model.Township](ctx, obj.ParentID)
}

// Region is the resolver for the region field.
func (r *queryResolver) Region(ctx context.Context, code string) (model.Region, error) {
	full, err := model.NormalizeCode(code)
	if err != nil {
		return nil, apperr.New(apperr.InvalidArgument, "code", "%v", err)
	}
	d, err := r.Store.RegionByCode(ctx, full)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, apperr.New(apperr.NotFound, "code", "no region has the code %s", full)
	}
	return d.AsRegion(), nil
}

// Provinces is the resolver for the provinces field.
func (r *queryResolver) Provinces(ctx context.Context, first *int, after *string, last *int, before *string) (*model.Connection[*model.Province], error) {
	return allRegions(ctx, r.Store, model.RegionLevelProvince, pageArgs(first, after, last, before), asProvince)
}

// Cities is the resolver for the cities field.
func (r *queryResolver) Cities(ctx context.Context, first *int, after *string, last *int, before *string) (*model.Connection[*model.City], error) {
	return allRegions(ctx, r.Store, model.RegionLevelCity, pageArgs(first, after, last, before), asCity)
}

// Counties is the resolver for the counties field.
func (r *queryResolver) Counties(ctx context.Context, first *int, after *string, last *int, before *string) (*model.Connection[*model.County], error) {
	return allRegions(ctx, r.Store, model.RegionLevelCounty, pageArgs(first, after, last, before), asCounty)
}

// Townships is the resolver for the townships field.
func (r *queryResolver) Townships(ctx context.Context, first *int, after *string, last *int, before *string) (*model.Connection[*model.Township], error) {
	return allRegions(ctx, r.Store, model.RegionLevelTownship, pageArgs(first, after, last, before), asTownship)
}

// Villages is the resolver for the villages field.
func (r *queryResolver) Villages(ctx context.Context, first *int, after *string, last *int, before *string) (*model.Connection[*model.Village], error) {
	return allRegions(ctx, r.Store, model.RegionLevelVillage, pageArgs(first, after, last, before), asVillage)
}

// City returns CityResolver implementation.
func (r *Resolver) City() CityResolver { return &cityResolver{r} }

// County returns CountyResolver implementation.
func (r *Resolver) County() CountyResolver { return &countyResolver{r} }

// Province returns ProvinceResolver implementation.
func (r *Resolver) Province() ProvinceResolver { return &provinceResolver{r} }

// Township returns TownshipResolver implementation.
func (r *Resolver) Township() TownshipResolver { return &townshipResolver{r} }

// Village returns VillageResolver implementation.
func (r *Resolver) Village() VillageResolver { return &villageResolver{r} }

type cityResolver struct{ *Resolver }
type countyResolver struct{ *Resolver }
type provinceResolver struct{ *Resolver }
type townshipResolver struct{ *Resolver }
type villageResolver struct{ *Resolver }
