package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/model"
)

// projectGroupRow is one row of a project aggregate query. Dimensions not grouped by are NULL.
type projectGroupRow struct {
	Category  *string
	ProgramID *int64
	Status    *string
	RegionID  *int64
	FunderID  *int64
	Year      *string
	N         int
	NB        int
	SumB      *int64
	MinB      *int64
	MaxB      *int64
	MinStart  *string
	MaxStart  *string
	MinEnd    *string
	MaxEnd    *string
}

// projectDimensions maps each dimension to the expression it groups by; REGION depends on the
// level and is filled in by projectGroupQuery.
var projectDimensions = map[model.ProjectDimension]struct{ alias, expr string }{
	model.ProjectDimensionCategory: {"category", "projects.category"},
	model.ProjectDimensionProgram:  {"program_id", "projects.program_id"},
	model.ProjectDimensionStatus:   {"status", "projects.status"},
	model.ProjectDimensionRegion:   {"region_id", ""},
	model.ProjectDimensionFunder:   {"funder_id", "projects.funder_region_id"},
	model.ProjectDimensionYear:     {"year", "SUBSTR(projects.start_date, 1, 4)"},
}

var dimensionOrder = []model.ProjectDimension{
	model.ProjectDimensionCategory, model.ProjectDimensionProgram, model.ProjectDimensionStatus,
	model.ProjectDimensionRegion, model.ProjectDimensionFunder, model.ProjectDimensionYear,
}

// The measures of a project aggregate. Counts and budgets are served by the index on
// (category, budget_yuan) without reading the table; the date extremes need the table, so they
// are computed only when a client asks for them.
const (
	budgetMeasures = `COUNT(*) AS n, COUNT(projects.budget_yuan) AS nb, SUM(projects.budget_yuan) AS sum_b,
	MIN(projects.budget_yuan) AS min_b, MAX(projects.budget_yuan) AS max_b`
	dateMeasures = `, MIN(projects.start_date) AS min_start, MAX(projects.start_date) AS max_start,
	MIN(projects.end_date) AS min_end, MAX(projects.end_date) AS max_end`
	// The same measures from project_stats, aliased to projects.
	summaryBudgetMeasures = `COALESCE(SUM(projects.projects_n), 0) AS n, COALESCE(SUM(projects.budget_n), 0) AS nb,
	SUM(projects.budget_sum) AS sum_b, MIN(projects.budget_min) AS min_b, MAX(projects.budget_max) AS max_b`
	summaryDateMeasures = `, MIN(projects.start_min) AS min_start, MAX(projects.start_max) AS max_start,
	MIN(projects.end_min) AS min_end, MAX(projects.end_max) AS max_end`
)

// summarized tells whether project_stats can answer an aggregate over sc grouped by by.
func summarized(sc *scope, by []model.ProjectDimension) bool {
	if sc.summary == nil {
		return false
	}
	for _, d := range by {
		if d != model.ProjectDimensionCategory && d != model.ProjectDimensionStatus {
			return false
		}
	}
	return true
}

// Measures says which optional measures an aggregate computes.
type Measures struct {
	Dates bool // smallest and largest start and end dates
}

// ProjectAggregate returns the lazy aggregate of a project connection's projects.
func (s *Store) ProjectAggregate(c *Connection[*model.Project], m Measures) *ProjectAggregate {
	sc := c.scope
	return newProjectAggregate(sc, func(ctx context.Context) (*model.ProjectGroup, error) {
		groups, err := s.projectGroups(ctx, sc, nil, model.RegionLevelCounty, 1, m)
		if err != nil || len(groups) == 0 {
			return &model.ProjectGroup{Key: &model.ProjectGroupKey{}, Sum: &model.ProjectSums{},
				Min: &model.ProjectExtremes{}, Max: &model.ProjectExtremes{}, Avg: &model.ProjectAverages{}}, err
		}
		return groups[0], nil
	})
}

// ProjectGroups aggregates the projects of an aggregate's scope by the given dimensions,
// largest groups first, at most limit of them.
func (s *Store) ProjectGroups(ctx context.Context, a *ProjectAggregate, by []model.ProjectDimension, level model.RegionLevel, limit *int, m Measures) ([]*model.ProjectGroup, error) {
	sc := a.scope
	if len(by) == 0 {
		return nil, apperr.New(apperr.InvalidArgument, "by", "by needs at least one dimension")
	}
	n := s.maxPageSize
	if limit != nil {
		if *limit < 0 || *limit > s.maxPageSize {
			return nil, apperr.New(apperr.InvalidArgument, "first", "first must be between 0 and %d (got %d)", s.maxPageSize, *limit)
		}
		n = *limit
	}
	return s.projectGroups(ctx, sc, by, level, n, m)
}

// projectGroups runs one statement: the measures over sc, grouped by the dimensions in by
// (none: one group of everything).
func (s *Store) projectGroups(ctx context.Context, sc *scope, by []model.ProjectDimension, level model.RegionLevel, limit int, m Measures) ([]*model.ProjectGroup, error) {
	var selects, groupBy, order []string
	join := ""
	for _, d := range dimensionOrder {
		dim := projectDimensions[d]
		if !containsDim(by, d) {
			selects = append(selects, "NULL AS "+dim.alias)
			continue
		}
		expr := dim.expr
		if d == model.ProjectDimensionRegion {
			expr = "gr." + levelColumn(level)
			join = " LEFT JOIN regions gr ON gr.id = projects.region_id"
		}
		selects = append(selects, expr+" AS "+dim.alias)
		groupBy = append(groupBy, expr)
		order = append(order, expr)
	}
	where := sc.full()
	from, measures, dates := "projects", budgetMeasures, dateMeasures
	if summarized(sc, by) {
		from, measures, dates = sc.summary.table+" projects", summaryBudgetMeasures, summaryDateMeasures
	}
	if m.Dates {
		measures += dates
	}
	sql := "SELECT " + strings.Join(selects, ", ") + ", " + measures + " FROM " + from + join + whereClause(where)
	if len(groupBy) > 0 {
		sql += " GROUP BY " + strings.Join(groupBy, ", ") + " ORDER BY n DESC, " + strings.Join(order, ", ")
	}
	sql += " LIMIT " + strconv.Itoa(limit)
	var rows []projectGroupRow
	if err := s.session(ctx).Raw(sql, where.args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("aggregate projects: %w", err)
	}
	out := make([]*model.ProjectGroup, len(rows))
	var programs, regions []int64
	for i, r := range rows {
		out[i] = r.group()
		programs = appendID(programs, r.ProgramID)
		regions = appendID(appendID(regions, r.RegionID), r.FunderID)
	}
	// The groups' keys name programs and regions (funders are regions too): each table's are
	// read together, by the first key that asks.
	expect(ctx, tableOf[model.Program](), programs)
	expect(ctx, tableOf[model.Division](), regions)
	return out, nil
}

// appendID appends *id to ids, unless id is nil.
func appendID(ids []int64, id *int64) []int64 {
	if id == nil {
		return ids
	}
	return append(ids, *id)
}

func containsDim(by []model.ProjectDimension, d model.ProjectDimension) bool {
	for _, b := range by {
		if b == d {
			return true
		}
	}
	return false
}

func (r projectGroupRow) group() *model.ProjectGroup {
	key := &model.ProjectGroupKey{ProgramID: r.ProgramID, RegionID: r.RegionID, FunderRegionID: r.FunderID}
	if r.Category != nil {
		c := model.ProjectCategory(*r.Category)
		key.Category = &c
	}
	if r.Status != nil {
		st := model.ProjectStatus(*r.Status)
		key.Status = &st
	}
	if r.Year != nil {
		if y, err := strconv.Atoi(*r.Year); err == nil {
			key.Year = &y
		}
	}
	g := &model.ProjectGroup{
		Key: key, Count: r.N, CountWithBudget: r.NB,
		Sum: &model.ProjectSums{BudgetYuan: r.SumB},
		Min: &model.ProjectExtremes{BudgetYuan: r.MinB, StartDate: date(r.MinStart), EndDate: date(r.MinEnd)},
		Max: &model.ProjectExtremes{BudgetYuan: r.MaxB, StartDate: date(r.MaxStart), EndDate: date(r.MaxEnd)},
		Avg: &model.ProjectAverages{},
	}
	if r.SumB != nil && r.NB > 0 {
		avg := mean(*r.SumB, int64(r.NB))
		g.Avg.BudgetYuan = &avg
	}
	return g
}

// mean divides exactly to four decimal places, rounding half away from zero. It divides before
// it scales, so that no sum a Decimal can hold overflows.
func mean(sum, n int64) model.Decimal {
	whole, rest := sum/n, sum%n // |rest| < n
	frac := rest * 10000 / n    // ten-thousandths; rest*10000 cannot overflow for n below 9e14
	left := rest*10000 - frac*n
	if 2*abs(left) >= n {
		if sum < 0 {
			frac--
		} else {
			frac++
		}
	}
	return model.Decimal(whole*10000 + frac)
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func date(s *string) *model.PartialDate {
	if s == nil {
		return nil
	}
	d := model.PartialDate(*s)
	return &d
}
