package api_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestFilters checks the `filter:` argument of the connections against an oracle: each case is a
// GraphQL filter and a Go predicate over the rows the test database holds (the article's dataset
// and newHarness's fixtures). The server must return exactly the rows the predicate selects, on
// every database, with a totalCount to match. Expected rows are computed, never written down, so
// the cases follow the dataset as it grows; checkOracle makes sure they stay meaningful.
func TestFilters(t *testing.T) {
	u := newUniverse(t)
	cases := filterCases(u)
	checkOracle(t, cases)
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		t.Run("Oracle", func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) { c.check(t, h, d) })
			}
		})
		t.Run("BadFilters", func(t *testing.T) {
			for _, c := range badFilterCases(u) {
				t.Run(c.name, func(t *testing.T) { c.check(t, h) })
			}
		})
		t.Run("CursorOfAnotherOrdering", func(t *testing.T) { testCursorOfAnotherOrdering(t, h) })
	})
}

// universe is what every test database holds: the article's dataset plus newHarness's fixtures,
// with indexes the predicates need.
type universe struct {
	t *testing.T
	*store.Dataset
	regions map[int64]*model.Division
}

// fixtureProjectName mirrors newHarness, like the rest of the rows added below: keep them in step.
const fixtureProjectName = "大额预算测试项目（test fixture）"

func newUniverse(t *testing.T) *universe {
	t.Helper()
	d, err := seed.Article()
	if err != nil {
		t.Fatal(err)
	}
	wenyu, stage, budget := int64(39), model.SchoolStagePrimary, fixtureBudget
	d.Schools = append(d.Schools, &model.School{RowID: 9001, Name: fixtureSchoolName, Stage: &stage, RegionID: wenyu, SourceID: 1})
	d.Hospitals = append(d.Hospitals, &model.Hospital{RowID: 9001, Name: fixtureHospitalName,
		Level: model.HospitalLevelTownshipHealthCentre, RegionID: wenyu, SourceID: 1})
	d.Projects = append(d.Projects, &model.Project{RowID: 9001, Name: fixtureProjectName, Category: model.ProjectCategoryHealth,
		BudgetYuan: &budget, RegionID: &wenyu, Quote: "fixture", SourceID: 1})
	u := &universe{t: t, Dataset: d, regions: map[int64]*model.Division{}}
	for _, r := range d.Regions {
		u.regions[r.RowID] = r
	}
	return u
}

// byCode returns the region with a division code, given in full or as a significant prefix.
func (u *universe) byCode(code string) *model.Division {
	full, err := model.NormalizeCode(code)
	if err != nil {
		u.t.Fatalf("test table: %v", err)
	}
	for _, r := range u.Regions {
		if r.Code != nil && *r.Code == full {
			return r
		}
	}
	u.t.Fatalf("test table: no region has the code %s", full)
	return nil
}

// within says whether region id lies in the subtree under code (the region itself included),
// by the ancestry path the seed computes: an oracle independent of the server's SQL.
func (u *universe) within(code string) func(id int64) bool {
	root := u.byCode(code)
	return func(id int64) bool {
		r, ok := u.regions[id]
		return ok && strings.HasPrefix(r.Path, root.Path)
	}
}

// region says whether the (nullable) region reference id names a region that keep selects; a
// null reference selects nothing, as in the server's `region: {...}` relation filters.
func (u *universe) region(id *int64, keep func(*model.Division) bool) bool {
	if id == nil {
		return false
	}
	r, ok := u.regions[*id]
	return ok && keep(r)
}

func (u *universe) program(id *int64, keep func(*model.Program) bool) bool {
	return id != nil && slices.ContainsFunc(u.Programs, func(p *model.Program) bool { return p.RowID == *id && keep(p) })
}

func (u *universe) pairing(id int64, keep func(*model.Pairing) bool) bool {
	return slices.ContainsFunc(u.Pairings, func(p *model.Pairing) bool { return p.RowID == id && keep(p) })
}

func (u *universe) figure(id *int64, keep func(*model.Figure) bool) bool {
	return id != nil && slices.ContainsFunc(u.Figures, func(f *model.Figure) bool { return f.RowID == *id && keep(f) })
}

func (u *universe) source(id int64, keep func(*model.Source) bool) bool {
	return slices.ContainsFunc(u.Sources, func(s *model.Source) bool { return s.RowID == id && keep(s) })
}

// isAbout says whether figure f is about a row of table whose id keep accepts.
func isAbout(f *model.Figure, table string, keep func(id int64) bool) bool {
	return f.SubjectType == table && keep(f.SubjectID)
}

// selection is what an oracle picks: ids, and how many rows it chose from.
type selection struct {
	ids []string
	of  int
}

// oracle selects the rows that keep accepts, sorted by order when it is not nil.
func oracle[T any](rows []T, id func(T) string, keep func(T) bool, order func(a, b T) int) selection {
	var kept []T
	for _, r := range rows {
		if keep(r) {
			kept = append(kept, r)
		}
	}
	if order != nil {
		slices.SortStableFunc(kept, order)
	}
	s := selection{ids: []string{}, of: len(rows)}
	for _, r := range kept {
		s.ids = append(s.ids, id(r))
	}
	return s
}

func regionID(r *model.Division) string { return r.AsRegion().ID() }

// holds is a condition on a nullable field. As the schema documents, a condition on a null field
// does not hold: `ne` and `notIn` skip nulls, and `not` keeps them.
func holds[T any](p *T, f func(T) bool) bool { return p != nil && f(*p) }

func equalTo[T comparable](v T) func(T) bool { return func(x T) bool { return x == v } }

// containsFold is StringFilter.contains: case-insensitive for Latin letters, Chinese as written.
func containsFold(s, sub string) bool { return strings.Contains(asciiLower(s), asciiLower(sub)) }

func hasPrefixFold(s, prefix string) bool {
	return strings.HasPrefix(asciiLower(s), asciiLower(prefix))
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// mustDecimal parses a Decimal as the tests write it.
func mustDecimal(s string) model.Decimal {
	d, err := model.ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// filterCase is one query of the oracle table.
type filterCase struct {
	name string
	// field is a root connection; "regions", which stands for all five region connections queried
	// with the same filter; or, for a nested connection, a query with %s where the connection's
	// arguments go, selecting idsOf.
	field   string
	filter  string // the filter argument, in GraphQL
	orderBy string // the orderBy argument, in GraphQL; empty for the default
	want    selection
	ordered bool // want is in the order the server must return (set with orderBy)
	none    bool // the oracle is meant to select nothing
}

// regionConnections are the root connections that, together, list every region once.
var regionConnections = []string{"provinces", "cities", "counties", "townships", "villages"}

// idsOf is the selection every case makes on its connection.
const idsOf = "{ totalCount nodes { id } }"

func (c filterCase) query() string {
	args := "filter: " + c.filter
	if c.orderBy != "" {
		args += ", orderBy: " + c.orderBy
	}
	args += ", first: 100"
	switch {
	case c.field == "regions":
		var b strings.Builder
		for _, f := range regionConnections {
			b.WriteString(f + "(" + args + ") " + idsOf + " ")
		}
		return "{ " + b.String() + "}"
	case strings.Contains(c.field, "%s"):
		return "{ " + fmt.Sprintf(c.field, args) + " }"
	}
	return "{ " + c.field + "(" + args + ") " + idsOf + " }"
}

func (c filterCase) check(t *testing.T, h *harness, d store.Dialect) {
	q := c.query()
	var got map[string]json.RawMessage
	h.data(t, q, nil, &got)
	var ids []string
	total := 0
	for _, raw := range got { // one root field, or the five region connections
		var conn struct {
			TotalCount int
			Nodes      []struct{ ID string }
		}
		if err := json.Unmarshal(dig(raw), &conn); err != nil {
			t.Fatalf("decode %s: %v", raw, err)
		}
		total += conn.TotalCount
		for _, n := range conn.Nodes {
			ids = append(ids, n.ID)
		}
	}
	want := c.want.ids
	if !c.ordered { // the default order is the pagination tests' business; "regions" has none
		ids, want = sortedIDs(ids), sortedIDs(want)
	}
	var problems []string
	if !slices.Equal(ids, want) {
		problems = append(problems, fmt.Sprintf("got  %v\nwant %v\nmissing %v, unexpected %v", ids, want, missingFrom(ids, want), missingFrom(want, ids)))
	}
	if total != len(c.want.ids) {
		problems = append(problems, fmt.Sprintf("totalCount %d, want %d", total, len(c.want.ids)))
	}
	report(t, q, problems)
}

// report fails the test with the problems found, if any.
func report(t *testing.T, q string, problems []string) {
	t.Helper()
	if len(problems) > 0 {
		t.Errorf("%s\n%s", q, strings.Join(problems, "\n"))
	}
}

func sortedIDs(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// missingFrom lists the elements of b that a lacks.
func missingFrom(a, b []string) []string {
	var out []string
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}

// checkOracle keeps the table honest: a case meant to select rows must select some, and most
// cases must select a strict subset, or a server that ignored filters would pass.
func checkOracle(t *testing.T, cases []filterCase) {
	t.Helper()
	names := map[string]bool{}
	strict := 0
	for _, c := range cases {
		if names[c.name] {
			t.Fatalf("test table: two cases named %q", c.name)
		}
		names[c.name] = true
		if n := len(c.want.ids); (n == 0) != c.none {
			t.Fatalf("test table: case %q: the oracle selects %d rows (none: %v)", c.name, n, c.none)
		}
		if n := len(c.want.ids); n > 0 && n < c.want.of {
			strict++
		}
	}
	t.Logf("%d of %d cases select a strict, non-empty subset of their rows", strict, len(cases))
	if strict < len(cases)*2/3 {
		t.Fatalf("test table: only %d of %d cases select a strict, non-empty subset", strict, len(cases))
	}
}

// filterCases is the oracle table.
func filterCases(u *universe) []filterCase {
	regions := func(keep func(*model.Division) bool) selection { return oracle(u.Regions, regionID, keep, nil) }
	level := func(l model.RegionLevel, keep func(*model.Division) bool) selection {
		return regions(func(r *model.Division) bool { return r.Level == l && keep(r) })
	}
	projects := func(keep func(*model.Project) bool) selection {
		return oracle(u.Projects, (*model.Project).ID, keep, nil)
	}
	figures := func(keep func(*model.Figure) bool) selection { return oracle(u.Figures, (*model.Figure).ID, keep, nil) }
	collectives := func(keep func(*model.Collective) bool) selection {
		return oracle(u.Collectives, (*model.Collective).ID, keep, nil)
	}
	pairings := func(keep func(*model.Pairing) bool) selection {
		return oracle(u.Pairings, (*model.Pairing).ID, keep, nil)
	}

	lushi, wenyu := u.byCode("411224"), u.byCode("411224200")
	project := func(id int64) string { return gid.Encode(model.TypeProject, id) }
	region := func(code string) string { return regionID(u.byCode(code)) }
	completed := equalTo(model.ProjectStatusCompleted)
	// Township:4 is a well-formed region id that names nothing: row 4 is 卢氏县, County:4.
	township4 := gid.Encode(model.TypeTownship, lushi.RowID)

	return []filterCase{
		// StringFilter, on Chinese names.
		{name: "string eq", field: "regions", filter: `{name: {eq: "卢氏县"}}`,
			want: regions(func(r *model.Division) bool { return r.Name == "卢氏县" })},
		{name: "string ne", field: "regions", filter: `{name: {ne: "卢氏县"}}`,
			want: regions(func(r *model.Division) bool { return r.Name != "卢氏县" })},
		{name: "string in", field: "regions", filter: `{name: {in: ["张村", "文峪乡", "没有这个地方"]}}`,
			want: regions(func(r *model.Division) bool { return slices.Contains([]string{"张村", "文峪乡"}, r.Name) })},
		{name: "string notIn", field: "townships", filter: `{name: {notIn: ["文峪乡", "城关镇"]}}`,
			want: level(model.RegionLevelTownship, func(r *model.Division) bool { return r.Name != "文峪乡" && r.Name != "城关镇" })},
		{name: "string contains Chinese", field: "regions", filter: `{name: {contains: "乡"}}`,
			want: regions(func(r *model.Division) bool { return strings.Contains(r.Name, "乡") })},
		{name: "string startsWith Chinese", field: "regions", filter: `{name: {startsWith: "双"}}`,
			want: regions(func(r *model.Division) bool { return strings.HasPrefix(r.Name, "双") })},
		{name: "string startsWith is not contains", field: "regions", filter: `{name: {startsWith: "县"}}`, none: true,
			want: regions(func(r *model.Division) bool { return strings.HasPrefix(r.Name, "县") })},
		// English names: contains and startsWith ignore the case of Latin letters.
		{name: "string contains folds case", field: "regions", filter: `{nameEn: {contains: "town"}}`,
			want: regions(func(r *model.Division) bool {
				return holds(r.NameEn, func(s string) bool { return containsFold(s, "town") })
			})},
		{name: "string startsWith folds case", field: "regions", filter: `{nameEn: {startsWith: "SHUANG"}}`,
			want: regions(func(r *model.Division) bool {
				return holds(r.NameEn, func(s string) bool { return hasPrefixFold(s, "shuang") })
			})},
		{name: "string eq on English", field: "regions", filter: `{nameEn: {eq: "Lushi County"}}`,
			want: regions(func(r *model.Division) bool { return holds(r.NameEn, equalTo("Lushi County")) })},
		// LIKE's wildcards must match literally: 18.9% and 0.98% are the only texts with a %.
		{name: "string contains percent sign", field: "figures", filter: `{originalText: {contains: "9%"}}`,
			want: figures(func(f *model.Figure) bool { return strings.Contains(f.OriginalText, "9%") })},
		{name: "string contains underscore", field: "figures", filter: `{originalText: {contains: "_"}}`, none: true,
			want: figures(func(f *model.Figure) bool { return strings.Contains(f.OriginalText, "_") })},
		{name: "string startsWith underscore in metric", field: "figures", filter: `{metric: {startsWith: "poor_v"}}`,
			want: figures(func(f *model.Figure) bool { return strings.HasPrefix(f.Metric, "poor_v") })},
		{name: "string isNull true on code", field: "regions", filter: `{code: {isNull: true}}`,
			want: regions(func(r *model.Division) bool { return r.Code == nil })},
		{name: "string isNull false on code", field: "regions", filter: `{code: {isNull: false}}`,
			want: regions(func(r *model.Division) bool { return r.Code != nil })},
		{name: "string isNull true on nameEn", field: "regions", filter: `{nameEn: {isNull: true}}`, none: true,
			want: regions(func(r *model.Division) bool { return r.NameEn == nil })},
		{name: "string isNull true on project nameEn", field: "projects", filter: `{nameEn: {isNull: true}}`,
			want: projects(func(p *model.Project) bool { return p.NameEn == nil })},
		{name: "string ne skips null codes", field: "regions", filter: `{code: {ne: "411224000000"}}`,
			want: regions(func(r *model.Division) bool {
				return holds(r.Code, func(s string) bool { return s != "411224000000" })
			})},
		{name: "string notIn skips null codes", field: "regions", filter: `{code: {notIn: ["410000000000"]}}`,
			want: regions(func(r *model.Division) bool {
				return holds(r.Code, func(s string) bool { return s != "410000000000" })
			})},
		{name: "string conditions combine", field: "regions", filter: `{code: {startsWith: "4112"}, name: {contains: "乡"}}`,
			want: regions(func(r *model.Division) bool {
				return holds(r.Code, func(s string) bool { return strings.HasPrefix(s, "4112") }) && strings.Contains(r.Name, "乡")
			})},

		// IntFilter on collectives.memberCount; one collective states no count.
		{name: "int gt", field: "collectives", filter: `{memberCount: {gt: 12}}`,
			want: collectives(func(c *model.Collective) bool { return holds(c.MemberCount, func(n int) bool { return n > 12 }) })},
		{name: "int gte", field: "collectives", filter: `{memberCount: {gte: 12}}`,
			want: collectives(func(c *model.Collective) bool { return holds(c.MemberCount, func(n int) bool { return n >= 12 }) })},
		{name: "int lt", field: "collectives", filter: `{memberCount: {lt: 18}}`,
			want: collectives(func(c *model.Collective) bool { return holds(c.MemberCount, func(n int) bool { return n < 18 }) })},
		{name: "int lte", field: "collectives", filter: `{memberCount: {lte: 18}}`,
			want: collectives(func(c *model.Collective) bool { return holds(c.MemberCount, func(n int) bool { return n <= 18 }) })},
		{name: "int eq", field: "collectives", filter: `{memberCount: {eq: 12}}`,
			want: collectives(func(c *model.Collective) bool { return holds(c.MemberCount, equalTo(12)) })},
		{name: "int ne", field: "collectives", filter: `{memberCount: {ne: 12}}`,
			want: collectives(func(c *model.Collective) bool { return holds(c.MemberCount, func(n int) bool { return n != 12 }) })},
		{name: "int in", field: "collectives", filter: `{memberCount: {in: [4, 73, 1000]}}`,
			want: collectives(func(c *model.Collective) bool {
				return holds(c.MemberCount, func(n int) bool { return n == 4 || n == 73 })
			})},
		{name: "int notIn", field: "collectives", filter: `{memberCount: {notIn: [12, 18]}}`,
			want: collectives(func(c *model.Collective) bool {
				return holds(c.MemberCount, func(n int) bool { return n != 12 && n != 18 })
			})},
		{name: "int isNull", field: "collectives", filter: `{memberCount: {isNull: true}}`,
			want: collectives(func(c *model.Collective) bool { return c.MemberCount == nil })},
		{name: "int range", field: "collectives", filter: `{memberCount: {gt: 4, lte: 20}}`,
			want: collectives(func(c *model.Collective) bool {
				return holds(c.MemberCount, func(n int) bool { return n > 4 && n <= 20 })
			})},
		{name: "int on programs", field: "programs", filter: `{ordinal: {in: [1, 3, 5]}}`,
			want: oracle(u.Programs, (*model.Program).ID, func(p *model.Program) bool { return p.Ordinal%2 == 1 }, nil)},

		// Int64Filter on projects.budgetYuan; the fixture's budget is past 2^31.
		{name: "int64 gt past 2^31", field: "projects", filter: `{budgetYuan: {gt: 2147483647}}`,
			want: projects(func(p *model.Project) bool { return holds(p.BudgetYuan, func(n int64) bool { return n > 1<<31-1 }) })},
		{name: "int64 eq past 2^31", field: "projects", filter: fmt.Sprintf(`{budgetYuan: {eq: %d}}`, fixtureBudget),
			want: projects(func(p *model.Project) bool { return holds(p.BudgetYuan, equalTo(fixtureBudget)) })},
		{name: "int64 in", field: "projects", filter: fmt.Sprintf(`{budgetYuan: {in: [10860000, %d]}}`, fixtureBudget),
			want: projects(func(p *model.Project) bool {
				return holds(p.BudgetYuan, func(n int64) bool { return n == 10860000 || n == fixtureBudget })
			})},
		{name: "int64 notIn", field: "projects", filter: `{budgetYuan: {notIn: [2830000]}}`,
			want: projects(func(p *model.Project) bool { return holds(p.BudgetYuan, func(n int64) bool { return n != 2830000 }) })},
		{name: "int64 lt and gte", field: "projects", filter: `{budgetYuan: {lt: 8000000, gte: 2830000}}`,
			want: projects(func(p *model.Project) bool {
				return holds(p.BudgetYuan, func(n int64) bool { return n < 8000000 && n >= 2830000 })
			})},
		{name: "int64 ne", field: "projects", filter: `{budgetYuan: {ne: 7360000}}`,
			want: projects(func(p *model.Project) bool { return holds(p.BudgetYuan, func(n int64) bool { return n != 7360000 }) })},
		{name: "int64 lte", field: "projects", filter: `{budgetYuan: {lte: 7360000}}`,
			want: projects(func(p *model.Project) bool { return holds(p.BudgetYuan, func(n int64) bool { return n <= 7360000 }) })},
		{name: "int64 isNull", field: "projects", filter: `{budgetYuan: {isNull: true}}`,
			want: projects(func(p *model.Project) bool { return p.BudgetYuan == nil })},

		// DecimalFilter on figures.value: numbers and strings, with decimals.
		{name: "decimal gt", field: "figures", filter: `{value: {gt: 18.9}}`,
			want: figures(func(f *model.Figure) bool { return f.Value > mustDecimal("18.9") })},
		{name: "decimal lte as string", field: "figures", filter: `{value: {lte: "0.98"}}`,
			want: figures(func(f *model.Figure) bool { return f.Value <= mustDecimal("0.98") })},
		{name: "decimal in", field: "figures", filter: `{value: {in: [18.9, 0.98]}}`,
			want: figures(func(f *model.Figure) bool { return f.Value == mustDecimal("18.9") || f.Value == mustDecimal("0.98") })},
		{name: "decimal notIn", field: "figures", filter: `{value: {notIn: ["195", 12]}, unit: {in: [PROJECT, PERSON]}}`,
			want: figures(func(f *model.Figure) bool {
				return f.Value != mustDecimal("195") && f.Value != mustDecimal("12") && (f.Unit == model.UnitProject || f.Unit == model.UnitPerson)
			})},
		{name: "decimal eq and ne", field: "figures", filter: `{value: {eq: 300000000}, qualifier: {ne: EXACT}}`,
			want: figures(func(f *model.Figure) bool {
				return f.Value == mustDecimal("300000000") && f.Qualifier != model.QualifierExact
			})},
		{name: "decimal gte and lt", field: "figures", filter: `{value: {gte: "1", lt: 12.5}}`,
			want: figures(func(f *model.Figure) bool { return f.Value >= mustDecimal("1") && f.Value < mustDecimal("12.5") })},

		// PartialDateFilter: partial dates compare as ISO strings ("2018" < "2018-05" < "2019").
		{name: "date eq year", field: "figures", filter: `{periodStart: {eq: "2016"}}`,
			want: figures(func(f *model.Figure) bool { return holds(f.PeriodStart, equalTo(model.PartialDate("2016"))) })},
		{name: "date gte month", field: "figures", filter: `{periodStart: {gte: "2018-05"}}`,
			want: figures(func(f *model.Figure) bool {
				return holds(f.PeriodStart, func(p model.PartialDate) bool { return p >= "2018-05" })
			})},
		{name: "date gt and lt", field: "figures", filter: `{periodStart: {gt: "2016", lt: "2018-05"}}`,
			want: figures(func(f *model.Figure) bool {
				return holds(f.PeriodStart, func(p model.PartialDate) bool { return p > "2016" && p < "2018-05" })
			})},
		{name: "date lte day", field: "figures", filter: `{periodEnd: {lte: "2019-06-30"}}`,
			want: figures(func(f *model.Figure) bool {
				return holds(f.PeriodEnd, func(p model.PartialDate) bool { return p <= "2019-06-30" })
			})},
		{name: "date ne", field: "figures", filter: `{periodEnd: {ne: "2016"}}`,
			want: figures(func(f *model.Figure) bool {
				return holds(f.PeriodEnd, func(p model.PartialDate) bool { return p != "2016" })
			})},
		{name: "date isNull true", field: "figures", filter: `{periodEnd: {isNull: true}}`,
			want: figures(func(f *model.Figure) bool { return f.PeriodEnd == nil })},
		{name: "date isNull false", field: "figures", filter: `{periodStart: {isNull: false}, periodEnd: {isNull: false}}`,
			want: figures(func(f *model.Figure) bool { return f.PeriodStart != nil && f.PeriodEnd != nil })},
		{name: "date on sources", field: "sources", filter: `{publishedOn: {lt: "2020"}}`,
			want: oracle(u.Sources, (*model.Source).ID, func(s *model.Source) bool {
				return holds(s.PublishedOn, func(p model.PartialDate) bool { return p < "2020" })
			}, nil)},

		// Enum filters.
		{name: "enum level in", field: "regions", filter: `{level: {in: [PROVINCE, CITY]}}`,
			want: regions(func(r *model.Division) bool {
				return r.Level == model.RegionLevelProvince || r.Level == model.RegionLevelCity
			})},
		{name: "enum kind notIn", field: "regions", filter: `{kind: {notIn: [TOWN, TOWNSHIP, VILLAGE]}}`,
			want: regions(func(r *model.Division) bool {
				return !slices.Contains([]model.RegionKind{model.RegionKindTown, model.RegionKindTownship, model.RegionKindVillage}, r.Kind)
			})},
		{name: "enum kind ne", field: "counties", filter: `{kind: {ne: DISTRICT}}`,
			want: level(model.RegionLevelCounty, func(r *model.Division) bool { return r.Kind != model.RegionKindDistrict })},
		{name: "enum kind eq on a level connection", field: "cities", filter: `{kind: {eq: TOWN}}`, none: true,
			want: level(model.RegionLevelCity, func(r *model.Division) bool { return r.Kind == model.RegionKindTown })},
		{name: "enum unit in", field: "figures", filter: `{unit: {in: [YUAN, PERCENT]}}`,
			want: figures(func(f *model.Figure) bool { return f.Unit == model.UnitYuan || f.Unit == model.UnitPercent })},
		{name: "enum unit notIn", field: "figures", filter: `{unit: {notIn: [YUAN, PERSON, PERSON_TIME, HOUSEHOLD]}}`,
			want: figures(func(f *model.Figure) bool {
				return !slices.Contains([]model.Unit{model.UnitYuan, model.UnitPerson, model.UnitPersonTime, model.UnitHousehold}, f.Unit)
			})},
		{name: "enum qualifier ne", field: "figures", filter: `{qualifier: {ne: EXACT}}`,
			want: figures(func(f *model.Figure) bool { return f.Qualifier != model.QualifierExact })},
		{name: "enum qualifier in", field: "figures", filter: `{qualifier: {in: [NEARLY, APPROXIMATE]}}`,
			want: figures(func(f *model.Figure) bool {
				return f.Qualifier == model.QualifierNearly || f.Qualifier == model.QualifierApproximate
			})},
		{name: "enum status isNull", field: "projects", filter: `{status: {isNull: true}}`,
			want: projects(func(p *model.Project) bool { return p.Status == nil })},
		{name: "enum status ne skips nulls", field: "projects", filter: `{status: {ne: PLANNED}}`,
			want: projects(func(p *model.Project) bool {
				return holds(p.Status, func(s model.ProjectStatus) bool { return s != model.ProjectStatusPlanned })
			})},
		{name: "enum category", field: "projects", filter: `{category: {in: [HEALTH, CULTURE]}}`,
			want: projects(func(p *model.Project) bool {
				return p.Category == model.ProjectCategoryHealth || p.Category == model.ProjectCategoryCulture
			})},
		{name: "enum hospital level", field: "collectives", filter: `{hospitalLevel: {eq: COUNTY}}`,
			want: collectives(func(c *model.Collective) bool { return holds(c.HospitalLevel, equalTo(model.HospitalLevelCounty)) })},
		{name: "enum member kind", field: "collectives", filter: `{memberKind: {in: [SCHOOL, HOSPITAL]}}`,
			want: collectives(func(c *model.Collective) bool {
				return c.MemberKind == model.CollectiveMemberKindSchool || c.MemberKind == model.CollectiveMemberKindHospital
			})},
		{name: "enum pairing kind", field: "pairings", filter: `{kind: {eq: HOSPITAL_HOSPITAL}}`,
			want: pairings(func(p *model.Pairing) bool { return p.Kind == model.PairingKindHospitalHospital })},
		{name: "enum hospital level on fixtures", field: "hospitals", filter: `{level: {eq: TOWNSHIP_HEALTH_CENTRE}}`,
			want: oracle(u.Hospitals, (*model.Hospital).ID, func(h *model.Hospital) bool {
				return h.Level == model.HospitalLevelTownshipHealthCentre
			}, nil)},
		{name: "enum source kind", field: "sources", filter: `{kind: {eq: REFERENCE_DATASET}}`,
			want: oracle(u.Sources, (*model.Source).ID, func(s *model.Source) bool { return s.Kind == model.SourceKindReferenceDataset }, nil)},

		// IDFilter, with real global ids.
		{name: "id eq", field: "projects", filter: fmt.Sprintf(`{id: {eq: %q}}`, project(2)),
			want: projects(func(p *model.Project) bool { return p.RowID == 2 })},
		{name: "id in across region types", field: "regions",
			filter: fmt.Sprintf(`{id: {in: [%q, %q, %q]}}`, region("411224"), region("411224200"), regionID(u.regions[60])),
			want:   regions(func(r *model.Division) bool { return r.RowID == lushi.RowID || r.RowID == wenyu.RowID || r.RowID == 60 })},
		{name: "id notIn", field: "projects", filter: fmt.Sprintf(`{id: {notIn: [%q, %q]}}`, project(1), project(9001)),
			want: projects(func(p *model.Project) bool { return p.RowID != 1 && p.RowID != 9001 })},
		{name: "id in and notIn", field: "projects", filter: fmt.Sprintf(`{id: {in: [%q, %q], notIn: [%q]}}`, project(1), project(3), project(3)),
			want: projects(func(p *model.Project) bool { return p.RowID == 1 })},
		// A global id names one object: Township:4 is not 卢氏县 (County:4), whatever its row id.
		{name: "id of another region type", field: "counties", filter: fmt.Sprintf(`{id: {eq: %q}}`, township4),
			none: true, want: level(model.RegionLevelCounty, func(r *model.Division) bool { return regionID(r) == township4 })},
		{name: "id of another region type in a relation", field: "projects", filter: fmt.Sprintf(`{region: {id: {eq: %q}}}`, township4),
			none: true, want: projects(func(p *model.Project) bool {
				return u.region(p.RegionID, func(r *model.Division) bool { return regionID(r) == township4 })
			})},

		// and / or / not.
		{name: "or", field: "regions", filter: `{or: [{name: {startsWith: "双"}}, {kind: {eq: DISTRICT}}]}`,
			want: regions(func(r *model.Division) bool {
				return strings.HasPrefix(r.Name, "双") || r.Kind == model.RegionKindDistrict
			})},
		{name: "and with not", field: "regions", filter: `{and: [{level: {eq: TOWNSHIP}}, {not: {kind: {eq: TOWN}}}]}`,
			want: regions(func(r *model.Division) bool {
				return r.Level == model.RegionLevelTownship && r.Kind != model.RegionKindTown
			})},
		// GraphQL coerces a lone value where a list is expected to a list of one.
		{name: "and of one object", field: "projects", filter: `{and: {name: {eq: "教育信息化项目"}}}`,
			want: projects(func(p *model.Project) bool { return p.Name == "教育信息化项目" })},
		{name: "and of nothing holds", field: "programs", filter: `{and: []}`,
			want: oracle(u.Programs, (*model.Program).ID, func(*model.Program) bool { return true }, nil)},
		{name: "not of nothing holds for none", field: "programs", filter: `{not: {}}`, none: true,
			want: oracle(u.Programs, (*model.Program).ID, func(*model.Program) bool { return false }, nil)},
		{name: "nested and or not", field: "figures",
			filter: `{or: [{and: [{unit: {eq: PERCENT}}, {periodStart: {eq: "2016"}}]}, {not: {or: [{unit: {ne: RANK}}, {periodStart: {isNull: false}}]}}]}`,
			want: figures(func(f *model.Figure) bool {
				return (f.Unit == model.UnitPercent && holds(f.PeriodStart, equalTo(model.PartialDate("2016")))) ||
					!(f.Unit != model.UnitRank || f.PeriodStart != nil)
			})},
		{name: "or inside and", field: "collectives", filter: `{and: [{or: [{memberCount: {lt: 10}}, {memberCount: {gt: 50}}]}, {region: {name: {eq: "卢氏县"}}}]}`,
			want: collectives(func(c *model.Collective) bool {
				return holds(c.MemberCount, func(n int) bool { return n < 10 || n > 50 }) && u.region(&c.RegionID, func(r *model.Division) bool { return r.Name == "卢氏县" })
			})},
		// `not` keeps the rows whose field is null: a condition on null does not hold.
		{name: "not keeps null status", field: "projects", filter: `{not: {status: {eq: COMPLETED}}}`,
			want: projects(func(p *model.Project) bool { return !holds(p.Status, completed) })},
		{name: "not keeps null budget", field: "projects", filter: `{not: {budgetYuan: {gt: 5000000}}}`,
			want: projects(func(p *model.Project) bool { return !holds(p.BudgetYuan, func(n int64) bool { return n > 5000000 }) })},
		{name: "not keeps null period", field: "figures", filter: `{not: {periodEnd: {gte: "2019"}}}`,
			want: figures(func(f *model.Figure) bool {
				return !holds(f.PeriodEnd, func(p model.PartialDate) bool { return p >= "2019" })
			})},
		{name: "not keeps null code", field: "regions", filter: `{not: {code: {startsWith: "4112"}}}`,
			want: regions(func(r *model.Division) bool {
				return !holds(r.Code, func(s string) bool { return strings.HasPrefix(s, "4112") })
			})},
		{name: "not not", field: "projects", filter: `{not: {not: {status: {eq: COMPLETED}}}}`,
			want: projects(func(p *model.Project) bool { return holds(p.Status, completed) })},
		{name: "not keeps a null relation", field: "projects", filter: `{not: {funder: {code: {eq: "410100000000"}}}}`,
			want: projects(func(p *model.Project) bool {
				return !u.region(p.FunderRegionID, func(r *model.Division) bool { return holds(r.Code, equalTo("410100000000")) })
			})},
		{name: "not of or", field: "figures", filter: `{not: {or: [{unit: {eq: YUAN}}, {isPart: true}, {program: {ordinal: {lte: 3}}}]}}`,
			want: figures(func(f *model.Figure) bool {
				return !(f.Unit == model.UnitYuan || f.PartOfID != nil || u.program(f.ProgramID, func(p *model.Program) bool { return p.Ordinal <= 3 }))
			})},

		// Relation filters.
		{name: "project region within county", field: "projects", filter: `{region: {within: "411224"}}`,
			want: projects(func(p *model.Project) bool { return holds(p.RegionID, u.within("411224")) })},
		{name: "project region within township", field: "projects", filter: `{region: {within: "411224200"}}`,
			want: projects(func(p *model.Project) bool { return holds(p.RegionID, u.within("411224200")) })},
		{name: "project region level", field: "projects", filter: `{region: {level: {eq: VILLAGE}}}`,
			want: projects(func(p *model.Project) bool {
				return u.region(p.RegionID, func(r *model.Division) bool { return r.Level == model.RegionLevelVillage })
			})},
		{name: "project program", field: "projects", filter: `{program: {name: {contains: "教育"}}}`,
			want: projects(func(p *model.Project) bool {
				return u.program(p.ProgramID, func(g *model.Program) bool { return strings.Contains(g.Name, "教育") })
			})},
		{name: "project funder", field: "projects", filter: `{funder: {code: {eq: "410100000000"}}}`,
			want: projects(func(p *model.Project) bool {
				return u.region(p.FunderRegionID, func(r *model.Division) bool { return holds(r.Code, equalTo("410100000000")) })
			})},
		{name: "project source", field: "projects", filter: `{source: {kind: {eq: ARTICLE}}, category: {ne: HEALTH}}`,
			want: projects(func(p *model.Project) bool {
				return u.source(p.SourceID, func(s *model.Source) bool { return s.Kind == model.SourceKindArticle }) &&
					p.Category != model.ProjectCategoryHealth
			})},
		{name: "figure source", field: "figures", filter: `{source: {kind: {eq: ARTICLE}}}`,
			want: figures(func(f *model.Figure) bool {
				return u.source(f.SourceID, func(s *model.Source) bool { return s.Kind == model.SourceKindArticle })
			})},
		{name: "figure source none", field: "figures", filter: `{source: {kind: {eq: REFERENCE_DATASET}}}`, none: true,
			want: figures(func(f *model.Figure) bool {
				return u.source(f.SourceID, func(s *model.Source) bool { return s.Kind == model.SourceKindReferenceDataset })
			})},
		{name: "figure subject region", field: "figures", filter: `{subjectRegion: {code: {eq: "411224000000"}}}`,
			want: figures(func(f *model.Figure) bool {
				return isAbout(f, model.RefRegion, func(id int64) bool { return id == lushi.RowID })
			})},
		{name: "figure subject region within", field: "figures", filter: `{subjectRegion: {within: "4101"}}`,
			want: figures(func(f *model.Figure) bool { return isAbout(f, model.RefRegion, u.within("4101")) })},
		{name: "figure subject pairing", field: "figures", filter: `{subjectPairing: {kind: {eq: CITY_COUNTY}}}`,
			want: figures(func(f *model.Figure) bool {
				return isAbout(f, model.RefPairing, func(id int64) bool {
					return u.pairing(id, func(p *model.Pairing) bool { return p.Kind == model.PairingKindCityCounty })
				})
			})},
		{name: "figure subject project", field: "figures", filter: `{subjectProject: {status: {eq: COMPLETED}}}`,
			want: figures(func(f *model.Figure) bool {
				return isAbout(f, model.RefProject, func(id int64) bool {
					return slices.ContainsFunc(u.Projects, func(p *model.Project) bool { return p.RowID == id && holds(p.Status, completed) })
				})
			})},
		{name: "figure subject fund", field: "figures", filter: `{subjectFund: {name: {contains: "基金"}}}`,
			want: figures(func(f *model.Figure) bool {
				return isAbout(f, model.RefFund, func(id int64) bool {
					return slices.ContainsFunc(u.Funds, func(x *model.Fund) bool { return x.RowID == id && strings.Contains(x.Name, "基金") })
				})
			})},
		{name: "figure subject collective", field: "figures", filter: `{subjectCollective: {memberCount: {gte: 20}}}`,
			want: figures(func(f *model.Figure) bool {
				return isAbout(f, model.RefCollective, func(id int64) bool {
					return slices.ContainsFunc(u.Collectives, func(c *model.Collective) bool {
						return c.RowID == id && holds(c.MemberCount, func(n int) bool { return n >= 20 })
					})
				})
			})},
		{name: "figure partOf", field: "figures", filter: `{partOf: {originalText: {eq: "1000多人次"}}}`,
			want: figures(func(f *model.Figure) bool {
				return u.figure(f.PartOfID, func(w *model.Figure) bool { return w.OriginalText == "1000多人次" })
			})},
		{name: "figure isPart true", field: "figures", filter: `{isPart: true}`,
			want: figures(func(f *model.Figure) bool { return f.PartOfID != nil })},
		{name: "figure isPart false", field: "figures", filter: `{isPart: false}`,
			want: figures(func(f *model.Figure) bool { return f.PartOfID == nil })},
		{name: "figure isRestatement true", field: "figures", filter: `{isRestatement: true}`,
			want: figures(func(f *model.Figure) bool { return f.RestatesID != nil })},
		{name: "figure isRestatement false", field: "figures", filter: `{isRestatement: false, unit: {eq: YUAN}}`,
			want: figures(func(f *model.Figure) bool { return f.RestatesID == nil && f.Unit == model.UnitYuan })},
		{name: "figure program", field: "figures", filter: `{program: {ordinal: {eq: 2}}}`,
			want: figures(func(f *model.Figure) bool {
				return u.program(f.ProgramID, func(p *model.Program) bool { return p.Ordinal == 2 })
			})},
		{name: "region parent", field: "regions", filter: `{parent: {name: {eq: "卢氏县"}}}`,
			want: regions(func(r *model.Division) bool {
				return u.region(r.ParentID, func(p *model.Division) bool { return p.Name == "卢氏县" })
			})},
		{name: "region grandparent", field: "regions", filter: `{parent: {parent: {name: {eq: "卢氏县"}}}}`,
			want: regions(func(r *model.Division) bool {
				return u.region(r.ParentID, func(p *model.Division) bool {
					return u.region(p.ParentID, func(g *model.Division) bool { return g.Name == "卢氏县" })
				})
			})},
		{name: "region within city", field: "regions", filter: `{within: "4101"}`,
			want: regions(func(r *model.Division) bool { return u.within("4101")(r.RowID) })},
		{name: "region within township", field: "regions", filter: `{within: "411224200"}`,
			want: regions(func(r *model.Division) bool { return u.within("411224200")(r.RowID) })},
		{name: "region within full code", field: "counties", filter: `{within: "411200000000"}`,
			want: level(model.RegionLevelCounty, func(r *model.Division) bool { return u.within("4112")(r.RowID) })},
		{name: "pairing helper region", field: "pairings", filter: `{helperRegion: {within: "410100"}}`,
			want: pairings(func(p *model.Pairing) bool { return u.within("410100")(p.HelperRegionID) })},
		{name: "pairing helped region", field: "pairings", filter: `{helpedRegion: {within: "411224"}, kind: {ne: CITY_COUNTY}}`,
			want: pairings(func(p *model.Pairing) bool {
				return u.within("411224")(p.HelpedRegionID) && p.Kind != model.PairingKindCityCounty
			})},
		{name: "pairing partOf", field: "pairings", filter: `{partOf: {kind: {eq: CITY_COUNTY}}}`,
			want: pairings(func(p *model.Pairing) bool {
				return p.PartOfID != nil && u.pairing(*p.PartOfID, func(w *model.Pairing) bool { return w.Kind == model.PairingKindCityCounty })
			})},
		{name: "pairing startDate", field: "pairings", filter: `{startDate: {isNull: false}}`,
			want: pairings(func(p *model.Pairing) bool { return p.StartDate != nil })},
		{name: "collective region", field: "collectives", filter: `{region: {name: {eq: "郑州市"}}}`,
			want: collectives(func(c *model.Collective) bool {
				return u.region(&c.RegionID, func(r *model.Division) bool { return r.Name == "郑州市" })
			})},
		{name: "school region within", field: "schools", filter: `{region: {within: "411224"}}`,
			want: oracle(u.Schools, (*model.School).ID, func(s *model.School) bool { return u.within("411224")(s.RegionID) }, nil)},
		{name: "school region within none", field: "schools", filter: `{region: {within: "4101"}}`, none: true,
			want: oracle(u.Schools, (*model.School).ID, func(s *model.School) bool { return u.within("4101")(s.RegionID) }, nil)},
		{name: "fund program", field: "funds", filter: `{program: {name: {contains: "产业"}}}`,
			want: oracle(u.Funds, (*model.Fund).ID, func(f *model.Fund) bool {
				return u.program(f.ProgramID, func(p *model.Program) bool { return strings.Contains(p.Name, "产业") })
			}, nil)},
		{name: "program nameEn folds case", field: "programs", filter: `{nameEn: {startsWith: "HEALTH"}}`,
			want: oracle(u.Programs, (*model.Program).ID, func(p *model.Program) bool { return hasPrefixFold(p.NameEn, "health") }, nil)},

		// Filters on nested connections.
		{name: "nested townships", field: `region(code: "411224") { ... on County { townships(%s) ` + idsOf + ` } }`, filter: `{kind: {eq: TOWN}}`,
			want: regions(func(r *model.Division) bool {
				return holds(r.ParentID, equalTo(lushi.RowID)) && r.Kind == model.RegionKindTown
			})},
		{name: "nested projects of a subtree", field: `region(code: "411224") { projects(%s) ` + idsOf + ` }`, filter: `{status: {isNull: true}}`,
			want: projects(func(p *model.Project) bool { return holds(p.RegionID, u.within("411224")) && p.Status == nil })},
		{name: "nested projects with relation", field: `region(code: "411224200") { projects(%s) ` + idsOf + ` }`, filter: `{region: {level: {eq: VILLAGE}}}`,
			want: projects(func(p *model.Project) bool {
				return holds(p.RegionID, u.within("411224200")) &&
					u.region(p.RegionID, func(r *model.Division) bool { return r.Level == model.RegionLevelVillage })
			})},
		{name: "nested figures", field: `region(code: "411224") { figures(%s) ` + idsOf + ` }`, filter: `{unit: {eq: PERCENT}}`,
			want: figures(func(f *model.Figure) bool {
				return isAbout(f, model.RefRegion, u.within("411224")) && f.Unit == model.UnitPercent
			})},
		{name: "nested pairings", field: `region(code: "410100") { pairings(role: HELPER, %s) ` + idsOf + ` }`, filter: `{kind: {in: [HOSPITAL_HOSPITAL, SCHOOL_SCHOOL]}}`,
			want: pairings(func(p *model.Pairing) bool {
				return u.within("410100")(p.HelperRegionID) &&
					(p.Kind == model.PairingKindHospitalHospital || p.Kind == model.PairingKindSchoolSchool)
			})},
		{name: "nested program projects", field: fmt.Sprintf(`node(id: %q) { ... on Program { projects(%%s) `+idsOf+` } }`, gid.Encode(model.TypeProgram, 5)),
			filter: `{not: {status: {eq: COMPLETED}}}`,
			want: projects(func(p *model.Project) bool {
				return holds(p.ProgramID, equalTo(int64(5))) && !holds(p.Status, completed)
			})},

		// Filters with an ordering: the order must be the oracle's, the id breaking ties in the
		// direction of the last key.
		{name: "ordered by budget desc", field: "projects", filter: `{budgetYuan: {isNull: false}}`,
			orderBy: `[{field: BUDGET_YUAN, direction: DESC}]`, ordered: true,
			want: oracle(u.Projects, (*model.Project).ID, func(p *model.Project) bool { return p.BudgetYuan != nil },
				func(a, b *model.Project) int {
					return cmp.Or(cmp.Compare(*b.BudgetYuan, *a.BudgetYuan), cmp.Compare(b.RowID, a.RowID))
				})},
		{name: "ordered by status, nulls first", field: "projects", filter: `{category: {ne: CULTURE}}`,
			orderBy: `[{field: STATUS}]`, ordered: true,
			want: oracle(u.Projects, (*model.Project).ID, func(p *model.Project) bool { return p.Category != model.ProjectCategoryCulture },
				func(a, b *model.Project) int {
					return cmp.Or(compareNullable(a.Status, b.Status), cmp.Compare(a.RowID, b.RowID))
				})},
		{name: "ordered by value desc with ties", field: "figures", filter: `{qualifier: {ne: EXACT}}`,
			orderBy: `[{field: VALUE, direction: DESC}]`, ordered: true,
			want: oracle(u.Figures, (*model.Figure).ID, func(f *model.Figure) bool { return f.Qualifier != model.QualifierExact },
				func(a, b *model.Figure) int {
					return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(b.RowID, a.RowID))
				})},
		{name: "ordered by period end, nulls last desc", field: "figures", filter: `{subjectRegion: {within: "411224"}}`,
			orderBy: `[{field: PERIOD_END, direction: DESC}, {field: VALUE}]`, ordered: true,
			want: oracle(u.Figures, (*model.Figure).ID, func(f *model.Figure) bool { return isAbout(f, model.RefRegion, u.within("411224")) },
				func(a, b *model.Figure) int {
					return cmp.Or(compareNullable(b.PeriodEnd, a.PeriodEnd), cmp.Compare(a.Value, b.Value), cmp.Compare(a.RowID, b.RowID))
				})},
		{name: "ordered by code desc", field: "counties", filter: `{within: "4101"}`,
			orderBy: `[{field: CODE, direction: DESC}]`, ordered: true,
			want: oracle(u.Regions, regionID, func(r *model.Division) bool { return r.Level == model.RegionLevelCounty && u.within("4101")(r.RowID) },
				func(a, b *model.Division) int { return cmp.Compare(*b.Code, *a.Code) })},

		// Text compares as written on every database. MySQL's utf8mb4_unicode_ci collation, which
		// every text column has there, compares case-insensitively, ignores trailing spaces and
		// equates full-width and half-width forms; SQLite compares bytes.
		{name: "string eq is exact for Latin letters", field: "regions", filter: `{nameEn: {eq: "HENAN"}}`, none: true,
			want: regions(func(r *model.Division) bool { return holds(r.NameEn, equalTo("HENAN")) })},
		{name: "string in is exact for Latin letters", field: "programs", filter: `{nameEn: {in: ["HEALTH POVERTY ALLEVIATION PROGRAM"]}}`, none: true,
			want: oracle(u.Programs, (*model.Program).ID, func(p *model.Program) bool { return p.NameEn == "HEALTH POVERTY ALLEVIATION PROGRAM" }, nil)},
		{name: "string eq keeps trailing spaces", field: "regions", filter: `{name: {eq: "卢氏县 "}}`, none: true,
			want: regions(func(r *model.Division) bool { return r.Name == "卢氏县 " })},
		{name: "string contains full-width punctuation as written", field: "collectives", filter: `{name: {contains: "（市）"}}`, none: true,
			want: collectives(func(c *model.Collective) bool { return strings.Contains(c.Name, "（市）") })},
		{name: "string contains a rare character as written", field: "schools", filter: `{name: {contains: "𠀁"}}`, none: true,
			want: oracle(u.Schools, (*model.School).ID, func(s *model.School) bool { return strings.Contains(s.Name, "𠀁") }, nil)},
		{name: "string eq on a rare character", field: "schools", filter: fmt.Sprintf(`{name: {eq: %q}}`, fixtureSchoolName),
			want: oracle(u.Schools, (*model.School).ID, func(s *model.School) bool { return s.Name == fixtureSchoolName }, nil)},
	}
}

// compareNullable orders values with nulls first, as ascending orderings do.
func compareNullable[T cmp.Ordered](a, b *T) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return cmp.Compare(*a, *b)
}

// badFilterCase is a request that must fail with exactly one error.
type badFilterCase struct {
	name, query string
	code        string
	arg         string // extensions.argument: the path of the bad argument
	path        string // the error's path: the connection field; empty: not checked
}

// argumentCodes are the codes whose errors must name the argument at fault.
var argumentCodes = []string{"INVALID_ARGUMENT", "INVALID_ID", "INVALID_CURSOR", "NOT_FOUND"}

func (c badFilterCase) check(t *testing.T, h *harness) {
	r := h.query(t, c.query, nil) // fails the test on an HTTP 5xx
	if len(r.Errors) != 1 {
		t.Fatalf("%s\nwant one error, got %+v", c.query, r.Errors)
	}
	e := r.Errors[0]
	var problems []string
	if e.Extensions["code"] != c.code {
		problems = append(problems, fmt.Sprintf("code: got %v (%s), want %s", e.Extensions["code"], e.Message, c.code))
	}
	if slices.Contains(argumentCodes, c.code) && e.Extensions["argument"] != c.arg {
		problems = append(problems, fmt.Sprintf("argument: got %v (%s), want %q", e.Extensions["argument"], e.Message, c.arg))
	}
	if got := pathString(e.Path); c.path != "" && got != c.path {
		problems = append(problems, fmt.Sprintf("path: got %q, want %q", got, c.path))
	}
	if e.Message == "" || strings.Contains(strings.ToLower(e.Message), "sql") {
		problems = append(problems, fmt.Sprintf("message %q should explain the problem without internals", e.Message))
	}
	report(t, c.query, problems)
}

func badFilterCases(u *universe) []badFilterCase {
	project := gid.Encode(model.TypeProject, 1)
	county := regionID(u.byCode("411224"))
	return []badFilterCase{
		{"empty in", `{ counties(filter: {name: {in: []}}) { totalCount } }`, "INVALID_ARGUMENT", "filter.name.in", "counties"},
		{"empty notIn", `{ collectives(filter: {memberCount: {notIn: []}}) { totalCount } }`, "INVALID_ARGUMENT", "filter.memberCount.notIn", "collectives"},
		{"empty in inside and", `{ townships(filter: {and: [{}, {name: {in: []}}]}) { totalCount } }`, "INVALID_ARGUMENT", "filter.and.1.name.in", "townships"},
		{"empty notIn inside not", `{ collectives(filter: {not: {memberCount: {notIn: []}}}) { totalCount } }`, "INVALID_ARGUMENT", "filter.not.memberCount.notIn", "collectives"},
		{"empty enum in", `{ figures(filter: {unit: {in: []}}) { totalCount } }`, "INVALID_ARGUMENT", "filter.unit.in", "figures"},
		{"empty or", `{ villages(filter: {or: []}) { totalCount } }`, "INVALID_ARGUMENT", "filter.or", "villages"},
		{"empty or in a relation inside or", `{ figures(filter: {or: [{unit: {eq: YUAN}}, {partOf: {or: []}}]}) { totalCount } }`,
			"INVALID_ARGUMENT", "filter.or.1.partOf.or", "figures"},
		{"malformed within", `{ counties(filter: {within: "41x"}) { totalCount } }`, "INVALID_ARGUMENT", "filter.within", "counties"},
		{"within of a bad length", `{ counties(filter: {within: "41122"}) { totalCount } }`, "INVALID_ARGUMENT", "filter.within", "counties"},
		{"unknown within", `{ counties(filter: {within: "999999"}) { totalCount } }`, "NOT_FOUND", "filter.within", "counties"},
		{"malformed within in a relation", `{ projects(filter: {region: {within: "41x"}}) { totalCount } }`, "INVALID_ARGUMENT", "filter.region.within", "projects"},
		{"unknown within in a relation", `{ figures(filter: {subjectRegion: {within: "999999"}}) { totalCount } }`, "NOT_FOUND", "filter.subjectRegion.within", "figures"},
		{"id of another type", fmt.Sprintf(`{ counties(filter: {id: {eq: %q}}) { totalCount } }`, project), "INVALID_ID", "filter.id.eq", "counties"},
		{"malformed id", `{ projects(filter: {id: {eq: "garbage"}}) { totalCount } }`, "INVALID_ID", "filter.id.eq", "projects"},
		{"id of another type in a list", fmt.Sprintf(`{ projects(filter: {id: {notIn: [%q, %q]}}) { totalCount } }`, project, county),
			"INVALID_ID", "filter.id.notIn.1", "projects"},
		{"empty id list", `{ projects(filter: {id: {in: []}}) { totalCount } }`, "INVALID_ARGUMENT", "filter.id.in", "projects"},
		{"id of another type in a relation", fmt.Sprintf(`{ projects(filter: {region: {id: {eq: %q}}}) { totalCount } }`, project),
			"INVALID_ID", "filter.region.id.eq", "projects"},
		{"bad filter on a nested connection", `{ region(code: "411224") { ... on County { townships(filter: {kind: {in: []}}) { totalCount } } } }`,
			"INVALID_ARGUMENT", "filter.kind.in", "region.townships"},
		{"page too large", `{ figures(first: 1000, filter: {unit: {eq: YUAN}}) { totalCount } }`, "INVALID_ARGUMENT", "first", "figures"},
		{"unknown filter field", `{ counties(filter: {population: {gt: 1}}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "", ""},
		{"unknown operator", `{ figures(filter: {periodStart: {contains: "2018"}}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "", ""},
		{"wrong operand type", `{ collectives(filter: {memberCount: {gt: "ten"}}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "", ""},
		{"unknown enum value", `{ figures(filter: {unit: {eq: LITRE}}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "", ""},
		{"list where a scalar goes", `{ projects(filter: {name: {eq: ["a"]}}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "", ""},
		// The error's path holds the argument's path here (figures.filter.value.gt): not checked.
		{"malformed decimal", `{ figures(filter: {value: {gt: "1.23456"}}) { totalCount } }`, "INVALID_ARGUMENT", "filter.value.gt", ""},
		{"malformed partial date", `{ figures(filter: {periodStart: {gte: "2018-13"}}) { totalCount } }`, "INVALID_ARGUMENT", "filter.periodStart.gte", ""},
		// Eleven lists of a thousand names: each list is allowed, together they would pass SQLite's
		// 32,766 variables once a page repeats them.
		{"too many values in all", `{ projects(filter: {or: [` + strings.Repeat(`{name: {in: `+manyNames(1000)+`}}, `, 11) + `]}) { totalCount } }`,
			"INVALID_ARGUMENT", "filter", "projects"},
	}
}

// manyNames is a GraphQL list of n distinct names that no row has.
func manyNames(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%q", fmt.Sprintf("无此名%d", i))
	}
	return "[" + strings.Join(names, ", ") + "]"
}

// testCursorOfAnotherOrdering: a cursor records the ordering it was issued under, and is refused
// under any other, filtered or not, rather than silently skipping rows.
func testCursorOfAnotherOrdering(t *testing.T, h *harness) {
	cursor := func(orderBy string) string {
		t.Helper()
		var got struct {
			Counties struct{ Edges []struct{ Cursor string } }
		}
		h.data(t, `{ counties(first: 1`+orderBy+`) { edges { cursor } } }`, nil, &got)
		if len(got.Counties.Edges) != 1 {
			t.Fatalf("no county to take a cursor from")
		}
		return got.Counties.Edges[0].Cursor
	}
	byNameDesc, byID := cursor(`, orderBy: [{field: NAME, direction: DESC}]`), cursor("")
	tests := []struct {
		name, query, cursor, arg string
	}{
		{"by name under the default", `query($c: String) { counties(after: $c) { totalCount } }`, byNameDesc, "after"},
		{"by name under a filter", `query($c: String) { counties(filter: {within: "4101"}, after: $c) { totalCount } }`, byNameDesc, "after"},
		{"by name under name ascending", `query($c: String) { counties(orderBy: [{field: NAME}], after: $c) { totalCount } }`, byNameDesc, "after"},
		{"by id under name", `query($c: String) { counties(orderBy: [{field: NAME, direction: DESC}], last: 2, before: $c) { totalCount } }`, byID, "before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.query(t, tt.query, map[string]any{"c": tt.cursor})
			if len(r.Errors) != 1 {
				t.Fatalf("want one error, got %+v", r.Errors)
			}
			e := r.Errors[0]
			if e.Extensions["code"] != "INVALID_CURSOR" || e.Extensions["argument"] != tt.arg || e.Message == "" {
				t.Errorf("got %v (%q), want INVALID_CURSOR on %s", e.Extensions, e.Message, tt.arg)
			}
		})
	}
	// The cursor is fine under its own ordering, even with a filter added.
	var ok struct{ Counties struct{ TotalCount int } }
	h.data(t, `query($c: String) { counties(orderBy: [{field: NAME, direction: DESC}], filter: {within: "4101"}, after: $c) { totalCount } }`,
		map[string]any{"c": byNameDesc}, &ok)
}
