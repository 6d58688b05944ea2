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

// Count is the number of projects.
func (a *ProjectAggregate) Count(ctx context.Context) (int, error) {
	t, err := a.load(ctx)
	if err != nil {
		return 0, err
	}
	return t.Count, nil
}

// CountWithBudget is the number of projects that state a budget.
func (a *ProjectAggregate) CountWithBudget(ctx context.Context) (int, error) {
	t, err := a.load(ctx)
	if err != nil {
		return 0, err
	}
	return t.CountWithBudget, nil
}

// Sum holds the sums.
func (a *ProjectAggregate) Sum(ctx context.Context) (*ProjectSums, error) {
	t, err := a.load(ctx)
	if err != nil {
		return nil, err
	}
	return t.Sum, nil
}

// Min holds the smallest values.
func (a *ProjectAggregate) Min(ctx context.Context) (*ProjectExtremes, error) {
	t, err := a.load(ctx)
	if err != nil {
		return nil, err
	}
	return t.Min, nil
}

// Max holds the largest values.
func (a *ProjectAggregate) Max(ctx context.Context) (*ProjectExtremes, error) {
	t, err := a.load(ctx)
	if err != nil {
		return nil, err
	}
	return t.Max, nil
}

// Avg holds the averages.
func (a *ProjectAggregate) Avg(ctx context.Context) (*ProjectAverages, error) {
	t, err := a.load(ctx)
	if err != nil {
		return nil, err
	}
	return t.Avg, nil
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
