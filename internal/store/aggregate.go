package store

import (
	"context"
	"fmt"
	"math/big"
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
	SumHi     *string // the budgets' sum, in two parts (see sumSplit); strings, since MySQL's SUM is a DECIMAL
	SumLo     *string
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
	dateMeasures = `, MIN(projects.start_date) AS min_start, MAX(projects.start_date) AS max_start,
	MIN(projects.end_date) AS min_end, MAX(projects.end_date) AS max_end`
	// The same measures from project_stats, aliased to projects: its parts of each group's sum
	// are far from overflow, so their plain sums are exact.
	summaryBudgetMeasures = `COALESCE(SUM(projects.projects_n), 0) AS n, COALESCE(SUM(projects.budget_n), 0) AS nb,
	SUM(projects.budget_hi) AS sum_hi, SUM(projects.budget_lo) AS sum_lo, MIN(projects.budget_min) AS min_b, MAX(projects.budget_max) AS max_b`
	summaryDateMeasures = `, MIN(projects.start_min) AS min_start, MAX(projects.start_max) AS max_start,
	MIN(projects.end_min) AS min_end, MAX(projects.end_max) AS max_end`
)

// budgetMeasures are the measures of budgets over projects, in each dialect's SQL.
var budgetMeasures = map[Dialect]string{
	SQLite: budgetMeasuresIn(SQLite),
	MySQL:  budgetMeasuresIn(MySQL),
}

func budgetMeasuresIn(d Dialect) string {
	return `COUNT(*) AS n, COUNT(projects.budget_yuan) AS nb, ` + sumSplit(d, "projects.budget_yuan", "sum_hi", "sum_lo") +
		`, MIN(projects.budget_yuan) AS min_b, MAX(projects.budget_yuan) AS max_b`
}

// splitBase is what sumSplit divides by: 2^32.
const splitBase = 1 << 32

// splitBaseText is splitBase as SQL writes it.
var splitBaseText = strconv.Itoa(splitBase)

// sumSplit sums the BIGINT expression col exactly, whatever the values: SQLite's SUM raises
// "integer overflow" past 2^63 (two budgets of 5·10^18 yuan), so it sums each value's quotient
// by 2^32 (as hi) and its remainder (as lo), both truncated toward zero on either dialect, so
// that v = hi·2^32 + lo. Each part is below 2^32 in magnitude, so their sums overflow only past
// 2^31 rows; Go adds them up (bigSum). (MySQL's SUM is exact already, a DECIMAL, and so are these.)
func sumSplit(d Dialect, col, hi, lo string) string {
	div := "/" // SQLite's integer division truncates toward zero
	if d == MySQL {
		div = "DIV" // MySQL's / of integers is a DECIMAL; DIV truncates toward zero
	}
	return "SUM(" + col + " " + div + " " + splitBaseText + ") AS " + hi + ", SUM(" + col + " % " + splitBaseText + ") AS " + lo
}

// bigSum puts together the parts of a sum that sumSplit read: hi·2^32 + lo. Both are NULL
// when no value was summed.
func bigSum(hi, lo *string) (*big.Int, error) {
	if hi == nil || lo == nil {
		return nil, nil
	}
	// Each part fits an int64 unless more than 2^31 values were summed; then big.Int reads it.
	h, err1 := strconv.ParseInt(*hi, 10, 64)
	l, err2 := strconv.ParseInt(*lo, 10, 64)
	if err1 == nil && err2 == nil {
		return new(big.Int).Add(new(big.Int).Lsh(big.NewInt(h), 32), big.NewInt(l)), nil
	}
	bh, ok1 := new(big.Int).SetString(*hi, 10)
	bl, ok2 := new(big.Int).SetString(*lo, 10)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("sum read as %q and %q: not integers", *hi, *lo)
	}
	return bh.Lsh(bh, 32).Add(bh, bl), nil
}

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
	from, measures, dates := "projects", budgetMeasures[s.dialect], dateMeasures
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
	// Scanned as the store scans rows (scan.go), not by GORM's reflection per row and column.
	rows, err := scanRows[projectGroupRow](s.session(ctx).Raw(sql, where.args...), limit)
	if err != nil {
		return nil, fmt.Errorf("aggregate projects: %w", err)
	}
	out := make([]*model.ProjectGroup, len(rows))
	var programs, regions []int64
	for i, r := range rows {
		g, err := r.group()
		if err != nil {
			return nil, fmt.Errorf("aggregate projects: %w", err)
		}
		out[i] = g
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

func (r projectGroupRow) group() (*model.ProjectGroup, error) {
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
		Sum: &model.ProjectSums{},
		Min: &model.ProjectExtremes{BudgetYuan: r.MinB, StartDate: date(r.MinStart), EndDate: date(r.MinEnd)},
		Max: &model.ProjectExtremes{BudgetYuan: r.MaxB, StartDate: date(r.MaxStart), EndDate: date(r.MaxEnd)},
		Avg: &model.ProjectAverages{},
	}
	sum, err := bigSum(r.SumHi, r.SumLo)
	if err != nil {
		return nil, err
	}
	if sum != nil && r.NB > 0 {
		g.Sum.BudgetYuan = model.NewBigInt(sum)
		g.Avg.BudgetYuan = model.MeanOf(sum, int64(r.NB))
	}
	return g, nil
}

func date(s *string) *model.PartialDate {
	if s == nil {
		return nil
	}
	d := model.PartialDate(*s)
	return &d
}
