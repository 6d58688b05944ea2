package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/aidgraph/aidgraph/model"
)

// FigureAggregate holds the aggregates over a set of figures.
type FigureAggregate struct {
	Count        int
	Restatements int
	ByUnit       []*FigureSum
}

// FigureSum holds the figures of one unit of a set, and their sum where adding them is honest.
type FigureSum struct {
	Unit        model.Unit
	Count       int
	Kinds       []model.FigureKind
	Value       *model.BigDecimal // exact, past a Decimal's range too
	Qualifier   model.Qualifier
	Overlapping bool
	Metrics     int
	Min, Max    model.Decimal
	Note        *string
	set         cond // the figures of this unit, for latest
}

// figureSumRow is one unit's row of a figure aggregate: the counts that the sum rules read.
type figureSumRow struct {
	Unit         string
	N            int
	TotalHi      *string // the values' sum, in two parts (sumSplit)
	TotalLo      *string
	Lo, Hi       int64
	Floors       int // figures that are floors (余/多)
	Approx       int // figures that are near (近) or approximate (约)
	Metrics      int // different metrics
	Flows        int
	Stocks       int
	Ratios       int
	Dates        int // different period ends (an open end is one of them)
	SubjectKinds int // different kinds of subject (region, pairing, fund, ...)
	Linked       int // parts (其中) or restatements of another figure of the set
	Repeated     int // figures with another of the same metric and subject over an overlapping period
	Nested       int // figures about a part of another figure's subject
	Restatements int
}

// figureSumSQL aggregates the figures of a set (the CTE aidgraph_set, bound by the caller) per
// unit, in one statement. Beside the plain measures it counts what makes a sum mislead; each
// per-figure test looks only at other figures of the same set and metric:
//   - repeated: same subject, overlapping periods. Periods are partial dates ("2019",
//     "2019-05", "2019-12-31"); a start is at most an end when the start, cut to the end's
//     precision, is at most the end. A null start or end is open.
//   - nested: the subject is a region inside the other's region, or a pairing that is part of
//     the other's pairing.
func figureSumSQL(d Dialect) string {
	return `SELECT f.unit AS unit, COUNT(*) AS n, ` + sumSplit(d, "f.value_e4", "total_hi", "total_lo") + `,
	MIN(f.value_e4) AS lo, MAX(f.value_e4) AS hi,
	SUM(CASE WHEN f.qualifier = 'MORE_THAN' THEN 1 ELSE 0 END) AS floors,
	SUM(CASE WHEN f.qualifier IN ('NEARLY', 'APPROXIMATE') THEN 1 ELSE 0 END) AS approx,
	COUNT(DISTINCT f.metric) AS metrics,
	SUM(CASE WHEN f.kind = 'FLOW' THEN 1 ELSE 0 END) AS flows,
	SUM(CASE WHEN f.kind = 'STOCK' THEN 1 ELSE 0 END) AS stocks,
	SUM(CASE WHEN f.kind = 'RATIO' THEN 1 ELSE 0 END) AS ratios,
	COUNT(DISTINCT COALESCE(f.period_end, '')) AS dates,
	COUNT(DISTINCT f.subject_type) AS subject_kinds,
	SUM(f.linked) AS linked, SUM(f.repeated) AS repeated, SUM(f.nested) AS nested,
	SUM(f.restating) AS restatements
FROM (SELECT figures.unit, figures.value_e4, figures.qualifier, figures.metric, figures.kind,
		figures.period_end, figures.subject_type,
		CASE WHEN figures.restates_id IN (SELECT id FROM aidgraph_set) THEN 1 ELSE 0 END AS restating,
		CASE WHEN figures.part_of_id IN (SELECT id FROM aidgraph_set) OR figures.restates_id IN (SELECT id FROM aidgraph_set)
			THEN 1 ELSE 0 END AS linked,
		CASE WHEN EXISTS (SELECT 1 FROM figures o WHERE o.subject_type = figures.subject_type AND o.subject_id = figures.subject_id
				AND o.metric = figures.metric AND o.id <> figures.id
				AND (o.period_start IS NULL OR figures.period_end IS NULL OR SUBSTR(o.period_start, 1, LENGTH(figures.period_end)) <= figures.period_end)
				AND (figures.period_start IS NULL OR o.period_end IS NULL OR SUBSTR(figures.period_start, 1, LENGTH(o.period_end)) <= o.period_end)
				AND o.id IN (SELECT id FROM aidgraph_set))
			THEN 1 ELSE 0 END AS repeated,
		CASE WHEN figures.subject_type = ? AND EXISTS (SELECT 1 FROM regions sr JOIN figures o ON o.subject_type = ?
				AND o.subject_id <> sr.id AND o.subject_id IN (sr.province_id, sr.city_id, sr.county_id, sr.township_id)
				WHERE sr.id = figures.subject_id AND o.metric = figures.metric AND o.id IN (SELECT id FROM aidgraph_set))
			THEN 1
			WHEN figures.subject_type = ? AND EXISTS (SELECT 1 FROM pairings sp JOIN figures o ON o.subject_type = ?
				AND o.subject_id = sp.part_of_id
				WHERE sp.id = figures.subject_id AND o.metric = figures.metric AND o.id IN (SELECT id FROM aidgraph_set))
			THEN 1 ELSE 0 END AS nested
	FROM figures WHERE figures.id IN (SELECT id FROM aidgraph_set)) f
GROUP BY f.unit ORDER BY f.unit`
}

// FigureAggregate adds up a figure connection's figures per unit, in one statement, and says
// of each sum how far it can be trusted, or why it is withheld.
func (s *Store) FigureAggregate(ctx context.Context, c *Connection[*model.Figure]) (*FigureAggregate, error) {
	set := c.scope.full()
	sql := "WITH aidgraph_set AS (SELECT figures.id FROM figures" + whereClause(set) + ") " + figureSumSQL(s.dialect)
	args := append(append([]any{}, set.args...), model.RefRegion, model.RefRegion, model.RefPairing, model.RefPairing)
	var rows []figureSumRow
	if err := s.session(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("aggregate figures: %w", err)
	}
	agg := &FigureAggregate{ByUnit: []*FigureSum{}}
	for _, r := range rows {
		agg.Count += r.N
		agg.Restatements += r.Restatements
		fs, err := r.sum()
		if err != nil {
			return nil, fmt.Errorf("aggregate figures: %w", err)
		}
		fs.set = allOf(set, cond{"figures.unit = ?", []any{r.Unit}})
		agg.ByUnit = append(agg.ByUnit, fs)
	}
	return agg, nil
}

// LatestFigures lists the figures of a sum that no figure of the same metric and subject in
// it follows: the newest of each quantity for each subject, by the end of its period, an open
// end counting as the newest.
func (s *Store) LatestFigures(ctx context.Context, fs *FigureSum, l List[model.FigureFilter, model.FigureOrder]) (*Connection[*model.Figure], error) {
	newer := cond{`NOT EXISTS (SELECT 1 FROM figures newer WHERE newer.subject_type = figures.subject_type
		AND newer.subject_id = figures.subject_id AND newer.metric = figures.metric
		AND COALESCE(newer.period_end, '9999') > COALESCE(figures.period_end, '9999')
		AND newer.id IN (SELECT figures.id FROM figures` + whereClause(fs.set) + `))`, fs.set.args}
	return list[model.Figure](ctx, s, &scoped{where: []cond{fs.set, newer}}, l)
}

// sum applies the sum rules to one unit's counts.
func (r figureSumRow) sum() (*FigureSum, error) {
	e4, err := bigSum(r.TotalHi, r.TotalLo)
	if err != nil {
		return nil, err
	}
	fs := &FigureSum{Unit: model.Unit(r.Unit), Count: r.N, Kinds: r.kinds(), Qualifier: model.QualifierExact,
		Overlapping: r.Linked > 0, Metrics: r.Metrics, Min: model.Decimal(r.Lo), Max: model.Decimal(r.Hi)}
	if e4 != nil {
		fs.Value = model.BigDecimalOfE4(e4)
	}
	var notes []string
	if why := r.withheld(); len(why) > 0 {
		fs.Value = nil
		notes = append(notes, "withheld: "+strings.Join(why, "; "))
	}
	switch {
	case r.Approx > 0:
		fs.Qualifier = model.QualifierApproximate
		notes = append(notes, fmt.Sprintf("%s near (近) or approximate (约), so any total of them is approximate", some(r.Approx, r.N)))
	case r.Floors > 0:
		fs.Qualifier = model.QualifierMoreThan
		notes = append(notes, fmt.Sprintf("%s floors (余/多), so the true total is larger", some(r.Floors, r.N)))
	}
	if len(notes) > 0 {
		note := strings.Join(notes, ". ")
		fs.Note = &note
	}
	return fs, nil
}

// kinds lists the kinds present, in the enum's order.
func (r figureSumRow) kinds() []model.FigureKind {
	var out []model.FigureKind
	for _, k := range []struct {
		n    int
		kind model.FigureKind
	}{{r.Flows, model.FigureKindFlow}, {r.Stocks, model.FigureKindStock}, {r.Ratios, model.FigureKindRatio}} {
		if k.n > 0 {
			out = append(out, k.kind)
		}
	}
	return out
}

// withheld says, in words a reader of the numbers understands, why adding these figures would
// mislead; none means the sum is honest. The first reasons (ratios, kinds or quantities mixed)
// make the others beside the point, so they are given alone.
func (r figureSumRow) withheld() []string {
	var why []string
	if r.Ratios > 0 {
		why = append(why, fmt.Sprintf("%s rates, shares or ranks (比率), which never add up (a rate of 18.9%% one year and 0.98%% another make no 19.88%%); see min and max, and latest for the newest of each", some(r.Ratios, r.N)))
	}
	if r.Stocks > 0 && r.Flows > 0 {
		why = append(why, "it would add counts standing at a date (存量, such as the poor households at the end of 2019) to amounts over a period (流量, such as the households lifted out of poverty)")
	}
	if r.Metrics > 1 {
		why = append(why, fmt.Sprintf("the figures measure %d different quantities, and adding them would mix unlike things or count one inside another; filter by metric", r.Metrics))
	}
	if len(why) > 0 {
		return why
	}
	if r.Linked > 0 {
		why = append(why, fmt.Sprintf("%s parts (其中) or restatements of others in this set, so a sum would count a quantity twice; filter with isPart: false and isRestatement: false to keep one figure per quantity", some(r.Linked, r.N)))
	}
	if r.Stocks == r.N && r.Dates > 1 {
		why = append(why, fmt.Sprintf("these are counts standing at %d different dates (存量), and adding them would count again what still stood at the later date; latest holds the newest figure of each subject", r.Dates))
	} else if r.Repeated > 0 {
		why = append(why, fmt.Sprintf("%s about the same subject over overlapping periods, so a sum would count part of it twice", some(r.Repeated, r.N)))
	}
	if r.SubjectKinds > 1 {
		why = append(why, "the figures are about different kinds of subject (a region and a fund, say), one of which may include the other")
	}
	if r.Nested > 0 {
		why = append(why, fmt.Sprintf("%s about a part of another figure's subject (a township within its county, a pairing within the partnership), so a sum would count it twice", some(r.Nested, r.N)))
	}
	return why
}

// some says how many of n figures are something: "the figure is", "2 of the 5 figures are".
func some(k, n int) string {
	switch {
	case n == 1:
		return "the figure is"
	case k == n && n == 2:
		return "both figures are"
	case k == n:
		return fmt.Sprintf("all %d figures are", n)
	case k == 1:
		return fmt.Sprintf("1 of the %d figures is", n)
	}
	return fmt.Sprintf("%d of the %d figures are", k, n)
}
