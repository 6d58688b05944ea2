package model

import (
	"context"
	"sync"
)

// ProjectAggregate aggregates the projects of a connection. Its totals are computed at most
// once, and only if a client asks for them: a request for groups alone costs one statement.
type ProjectAggregate struct {
	// Scope is the store's description of the projects, as on the connection.
	Scope  any
	totals func(context.Context) (*ProjectGroup, error)
	once   sync.Once
	t      *ProjectGroup
	err    error
}

// NewProjectAggregate returns the aggregate of scope, with totals computed by totals.
func NewProjectAggregate(scope any, totals func(context.Context) (*ProjectGroup, error)) *ProjectAggregate {
	return &ProjectAggregate{Scope: scope, totals: totals}
}

func (a *ProjectAggregate) load(ctx context.Context) (*ProjectGroup, error) {
	a.once.Do(func() { a.t, a.err = a.totals(ctx) })
	return a.t, a.err
}

// total reads one measure of the totals, computing them on first use.
func total[T any](ctx context.Context, a *ProjectAggregate, measure func(*ProjectGroup) T) (T, error) {
	t, err := a.load(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return measure(t), nil
}

// Count is the number of projects.
func (a *ProjectAggregate) Count(ctx context.Context) (int, error) {
	return total(ctx, a, func(g *ProjectGroup) int { return g.Count })
}

// CountWithBudget is the number of projects that state a budget.
func (a *ProjectAggregate) CountWithBudget(ctx context.Context) (int, error) {
	return total(ctx, a, func(g *ProjectGroup) int { return g.CountWithBudget })
}

// Sum holds the sums.
func (a *ProjectAggregate) Sum(ctx context.Context) (*ProjectSums, error) {
	return total(ctx, a, func(g *ProjectGroup) *ProjectSums { return g.Sum })
}

// Min holds the smallest values.
func (a *ProjectAggregate) Min(ctx context.Context) (*ProjectExtremes, error) {
	return total(ctx, a, func(g *ProjectGroup) *ProjectExtremes { return g.Min })
}

// Max holds the largest values.
func (a *ProjectAggregate) Max(ctx context.Context) (*ProjectExtremes, error) {
	return total(ctx, a, func(g *ProjectGroup) *ProjectExtremes { return g.Max })
}

// Avg holds the averages.
func (a *ProjectAggregate) Avg(ctx context.Context) (*ProjectAverages, error) {
	return total(ctx, a, func(g *ProjectGroup) *ProjectAverages { return g.Avg })
}

// ProjectGroup is the aggregate of one group of projects (or of all of them).
type ProjectGroup struct {
	Key             *ProjectGroupKey
	Count           int
	CountWithBudget int
	Sum             *ProjectSums
	Min             *ProjectExtremes
	Max             *ProjectExtremes
	Avg             *ProjectAverages
}

// ProjectGroupKey holds the values a group shares; linked rows are kept as ids and loaded only
// if a client asks for them.
type ProjectGroupKey struct {
	Category       *ProjectCategory
	ProgramID      *int64
	Status         *ProjectStatus
	RegionID       *int64
	FunderRegionID *int64
	Year           *int
}

// SearchResult is an object that search finds.
type SearchResult interface {
	Node
	isSearchResult()
}

// SearchHit is one object found by search, as a reference to load.
type SearchHit struct {
	Ref          Ref
	Score        int
	MatchedField string
}

func (Province) isSearchResult()   {}
func (City) isSearchResult()       {}
func (County) isSearchResult()     {}
func (Township) isSearchResult()   {}
func (Village) isSearchResult()    {}
func (School) isSearchResult()     {}
func (Hospital) isSearchResult()   {}
func (Collective) isSearchResult() {}
func (Program) isSearchResult()    {}
func (Project) isSearchResult()    {}
func (Fund) isSearchResult()       {}
func (Figure) isSearchResult()     {}
