package store

import (
	"context"
	"sync"

	"github.com/aidgraph/aidgraph/model"
)

// ProjectAggregate aggregates the projects of a connection. Its totals are computed at most
// once, and only if a client asks for them: a request for groups alone costs one statement.
type ProjectAggregate struct {
	scope  *scope // the projects, as on the connection
	totals func(context.Context) (*model.ProjectGroup, error)
	once   sync.Once
	t      *model.ProjectGroup
	err    error
}

// newProjectAggregate returns the aggregate of sc, with totals computed by totals.
func newProjectAggregate(sc *scope, totals func(context.Context) (*model.ProjectGroup, error)) *ProjectAggregate {
	return &ProjectAggregate{scope: sc, totals: totals}
}

func (a *ProjectAggregate) load(ctx context.Context) (*model.ProjectGroup, error) {
	a.once.Do(func() { a.t, a.err = a.totals(ctx) })
	return a.t, a.err
}

// total reads one measure of the totals, computing them on first use.
func total[T any](ctx context.Context, a *ProjectAggregate, measure func(*model.ProjectGroup) T) (T, error) {
	t, err := a.load(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return measure(t), nil
}

// Count is the number of projects.
func (a *ProjectAggregate) Count(ctx context.Context) (int, error) {
	return total(ctx, a, func(g *model.ProjectGroup) int { return g.Count })
}

// CountWithBudget is the number of projects that state a budget.
func (a *ProjectAggregate) CountWithBudget(ctx context.Context) (int, error) {
	return total(ctx, a, func(g *model.ProjectGroup) int { return g.CountWithBudget })
}

// Sum holds the sums.
func (a *ProjectAggregate) Sum(ctx context.Context) (*model.ProjectSums, error) {
	return total(ctx, a, func(g *model.ProjectGroup) *model.ProjectSums { return g.Sum })
}

// Min holds the smallest values.
func (a *ProjectAggregate) Min(ctx context.Context) (*model.ProjectExtremes, error) {
	return total(ctx, a, func(g *model.ProjectGroup) *model.ProjectExtremes { return g.Min })
}

// Max holds the largest values.
func (a *ProjectAggregate) Max(ctx context.Context) (*model.ProjectExtremes, error) {
	return total(ctx, a, func(g *model.ProjectGroup) *model.ProjectExtremes { return g.Max })
}

// Avg holds the averages.
func (a *ProjectAggregate) Avg(ctx context.Context) (*model.ProjectAverages, error) {
	return total(ctx, a, func(g *model.ProjectGroup) *model.ProjectAverages { return g.Avg })
}
