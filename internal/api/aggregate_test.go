package api_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestAggregatesMatchSQL compares every project aggregate, ungrouped and grouped by each
// dimension, and the figure sums, with plain SQL over the same database.
func TestAggregatesMatchSQL(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		db := testdb.SQL(t, h.store)
		t.Run("ProjectTotals", func(t *testing.T) { testProjectTotals(t, h, db) })
		t.Run("ProjectGroups", func(t *testing.T) { testProjectGroups(t, h, db) })
		t.Run("FigureSums", func(t *testing.T) { testFigureSums(t, h, db) })
	})
}

// sqlRow runs a one-row query and renders its columns as text ("null" for NULL).
func sqlRow(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows := sqlRows(t, db, query, args...)
	if len(rows) != 1 {
		t.Fatalf("%s: %d rows, want 1", query, len(rows))
	}
	return rows[0]
}

func sqlRows(t *testing.T, db *sql.DB, query string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "null"
			if v.Valid {
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	return out
}

func str(v any) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(v)
}

type projectAgg struct {
	Count, CountWithBudget int
	Sum                    struct{ BudgetYuan any }
	Min, Max               struct{ BudgetYuan any }
	Avg                    struct{ BudgetYuan any }
}

const projectAggFields = `count countWithBudget sum { budgetYuan } min { budgetYuan } max { budgetYuan } avg { budgetYuan }`

func testProjectTotals(t *testing.T, h *harness, db *sql.DB) {
	cases := []struct {
		name, query, sql string
		args             []any
	}{
		{"all projects", `{ projects { aggregate { ` + projectAggFields + ` } } }`,
			`SELECT COUNT(*), COUNT(budget_yuan), SUM(budget_yuan), MIN(budget_yuan), MAX(budget_yuan) FROM projects`, nil},
		{"filtered", `{ projects(filter: {status: {eq: COMPLETED}}) { aggregate { ` + projectAggFields + ` } } }`,
			`SELECT COUNT(*), COUNT(budget_yuan), SUM(budget_yuan), MIN(budget_yuan), MAX(budget_yuan) FROM projects WHERE status = ?`, []any{"COMPLETED"}},
		{"not a status, nulls kept", `{ projects(filter: {not: {status: {eq: COMPLETED}}, category: {ne: CULTURE}}) { aggregate { ` + projectAggFields + ` } } }`,
			`SELECT COUNT(*), COUNT(budget_yuan), SUM(budget_yuan), MIN(budget_yuan), MAX(budget_yuan) FROM projects
			 WHERE (status IS NULL OR status <> ?) AND category <> ?`, []any{"COMPLETED", "CULTURE"}},
		{"nested under a county", `{ region(code: "411224") { projects { aggregate { ` + projectAggFields + ` } } } }`,
			`SELECT COUNT(*), COUNT(budget_yuan), SUM(budget_yuan), MIN(budget_yuan), MAX(budget_yuan) FROM projects
			 WHERE region_id IN (SELECT id FROM regions WHERE code LIKE '411224%' OR parent_id IN (SELECT id FROM regions WHERE code LIKE '411224%')
			   OR parent_id IN (SELECT id FROM regions WHERE parent_id IN (SELECT id FROM regions WHERE code LIKE '411224%')))`, nil},
		{"none match", `{ projects(filter: {name: {eq: "no such project"}}) { aggregate { ` + projectAggFields + ` } } }`,
			`SELECT COUNT(*), COUNT(budget_yuan), SUM(budget_yuan), MIN(budget_yuan), MAX(budget_yuan) FROM projects WHERE name = 'no such project'`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got json.RawMessage
			h.data(t, c.query, nil, &got)
			var a projectAgg
			dec := json.NewDecoder(bytes.NewReader(field(t, got, "aggregate")))
			dec.UseNumber() // money stays exact
			if err := dec.Decode(&a); err != nil {
				t.Fatal(err)
			}
			want := sqlRow(t, db, c.sql, c.args...)
			gotRow := []string{str(a.Count), str(a.CountWithBudget), str(a.Sum.BudgetYuan), str(a.Min.BudgetYuan), str(a.Max.BudgetYuan)}
			if strings.Join(gotRow, "|") != strings.Join(want, "|") {
				t.Errorf("got %v, SQL says %v", gotRow, want)
			}
			if a.CountWithBudget > 0 {
				if avg := fmt.Sprint(a.Avg.BudgetYuan); avg != exactMean(t, want[2], a.CountWithBudget) {
					t.Errorf("avg %s, want %s", avg, exactMean(t, want[2], a.CountWithBudget))
				}
			} else if a.Avg.BudgetYuan != nil {
				t.Errorf("avg of no budgets: %v, want null", a.Avg.BudgetYuan)
			}
		})
	}
}

// exactMean divides a sum by n to four decimal places, rounding half away from zero.
func exactMean(t *testing.T, sum string, n int) string {
	d, err := model.ParseDecimal(sum)
	if err != nil {
		t.Fatal(err)
	}
	q := (2*int64(d)/int64(n) + 1) / 2
	return model.Decimal(q).String()
}

func testProjectGroups(t *testing.T, h *harness, db *sql.DB) {
	measures := `COUNT(*), COUNT(budget_yuan), SUM(budget_yuan), MIN(start_date), MAX(end_date)`
	cases := []struct {
		name, by, keyFields, sql string
		key                      func(map[string]any) string
	}{
		{"category", "[CATEGORY]", "category", `SELECT category, ` + measures + ` FROM projects GROUP BY category`,
			func(k map[string]any) string { return str(k["category"]) }},
		{"status", "[STATUS]", "status", `SELECT status, ` + measures + ` FROM projects GROUP BY status`,
			func(k map[string]any) string { return str(k["status"]) }},
		{"program", "[PROGRAM]", "program { name }", `SELECT pr.name, ` + measures + ` FROM projects LEFT JOIN programs pr ON pr.id = projects.program_id GROUP BY pr.name`,
			func(k map[string]any) string { return nameOf(k["program"]) }},
		{"funder", "[FUNDER]", "funder { name }", `SELECT r.name, ` + measures + ` FROM projects LEFT JOIN regions r ON r.id = projects.funder_region_id GROUP BY r.name`,
			func(k map[string]any) string { return nameOf(k["funder"]) }},
		{"year", "[YEAR]", "year", `SELECT SUBSTR(start_date, 1, 4), ` + measures + ` FROM projects GROUP BY SUBSTR(start_date, 1, 4)`,
			func(k map[string]any) string { return str(k["year"]) }},
		{"category and status", "[CATEGORY, STATUS]", "category status", `SELECT category, status, ` + measures + ` FROM projects GROUP BY category, status`,
			func(k map[string]any) string { return str(k["category"]) + "|" + str(k["status"]) }},
	}
	for _, level := range []string{"COUNTY", "TOWNSHIP", "VILLAGE"} {
		cases = append(cases, struct {
			name, by, keyFields, sql string
			key                      func(map[string]any) string
		}{"region at " + level, "[REGION], regionLevel: " + level, "region { name }",
			// Independent of the ancestor columns: the region at the level is the one whose path
			// starts the project's region's path.
			`SELECT a.name, ` + measures + ` FROM projects LEFT JOIN regions r ON r.id = projects.region_id
			 LEFT JOIN regions a ON a.level = '` + level + `' AND SUBSTR(r.path, 1, LENGTH(a.path)) = a.path GROUP BY a.name`,
			func(k map[string]any) string { return nameOf(k["region"]) }})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got struct {
				Projects struct {
					Aggregate struct {
						Groups []struct {
							Key                    map[string]any
							Count, CountWithBudget int
							Sum                    struct{ BudgetYuan any }
							Min                    struct{ StartDate any }
							Max                    struct{ EndDate any }
						}
					}
				}
			}
			h.data(t, `{ projects { aggregate { groups(by: `+c.by+`) { key { `+c.keyFields+` } count countWithBudget sum { budgetYuan } min { startDate } max { endDate } } } } }`, nil, &got)
			var gotRows, wantRows []string
			for _, g := range got.Projects.Aggregate.Groups {
				gotRows = append(gotRows, fmt.Sprintf("%s|%d|%d|%s|%s|%s", c.key(g.Key), g.Count, g.CountWithBudget,
					str(g.Sum.BudgetYuan), str(g.Min.StartDate), str(g.Max.EndDate)))
			}
			for _, r := range sqlRows(t, db, c.sql) {
				wantRows = append(wantRows, strings.Join(r, "|"))
			}
			sort.Strings(gotRows)
			sort.Strings(wantRows)
			if strings.Join(gotRows, "\n") != strings.Join(wantRows, "\n") || len(gotRows) == 0 {
				t.Errorf("groups:\n%s\nSQL says:\n%s", strings.Join(gotRows, "\n"), strings.Join(wantRows, "\n"))
			}
			groups := got.Projects.Aggregate.Groups
			for i := 1; i < len(groups); i++ {
				if groups[i].Count > groups[i-1].Count {
					t.Errorf("groups not largest first: %d then %d", groups[i-1].Count, groups[i].Count)
				}
			}
		})
	}
}

// field finds the first value under key name, at any depth of a JSON document.
func field(t *testing.T, raw json.RawMessage, name string) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	if v, ok := m[name]; ok {
		return v
	}
	for _, v := range m {
		if found := field(t, v, name); found != nil {
			return found
		}
	}
	return nil
}

func nameOf(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return "null"
	}
	return str(m["name"])
}

type figureSum struct {
	Unit        string
	Count       int
	Value       any
	Qualifier   string
	Overlapping bool
	Metrics     int
	Min, Max    any
	Note        *string
}

func testFigureSums(t *testing.T, h *harness, db *sql.DB) {
	const fields = `aggregate { count restatements byUnit { unit count value qualifier overlapping metrics min max note } }`
	fetch := func(filter string) (int, int, map[string]figureSum) {
		var got struct {
			Figures struct {
				Aggregate struct {
					Count, Restatements int
					ByUnit              []figureSum
				}
			}
		}
		h.data(t, `{ figures`+filter+` { `+fields+` } }`, nil, &got)
		by := map[string]figureSum{}
		for _, s := range got.Figures.Aggregate.ByUnit {
			by[s.Unit] = s
		}
		return got.Figures.Aggregate.Count, got.Figures.Aggregate.Restatements, by
	}
	// Every figure: per-unit counts, extremes and qualifiers match SQL; yuan figures overlap
	// (the headline restates the lead, parts sit beside wholes), so their sum is withheld.
	count, restatements, all := fetch("")
	want := sqlRow(t, db, `SELECT COUNT(*), SUM(CASE WHEN restates_id IS NOT NULL THEN 1 ELSE 0 END) FROM figures`)
	if str(count) != want[0] || str(restatements) != want[1] {
		t.Errorf("count %d restatements %d, SQL says %v", count, restatements, want)
	}
	// Restatements count a figure of the set that restates another of the set, as the schema
	// says: the two 3亿多元 restate 3.37亿元, which is EXACT, so among the floors they are none.
	for _, c := range []struct{ filter, where string }{
		{`(filter: {qualifier: {eq: MORE_THAN}})`, `qualifier = 'MORE_THAN'`},
		{`(filter: {unit: {eq: YUAN}})`, `unit = 'YUAN'`},
		{`(filter: {qualifier: {in: [EXACT, MORE_THAN]}})`, `qualifier IN ('EXACT', 'MORE_THAN')`},
	} {
		_, restatements, _ := fetch(c.filter)
		want := sqlRow(t, db, `SELECT COUNT(*) FROM figures WHERE `+c.where+` AND restates_id IN (SELECT id FROM figures WHERE `+c.where+`)`)
		if str(restatements) != want[0] {
			t.Errorf("figures%s: restatements %d, want %s (restating a figure of the set)", c.filter, restatements, want[0])
		}
		if c.where == `qualifier = 'MORE_THAN'` && restatements != 0 {
			t.Errorf("figures%s: restatements %d, want 0: the floors restate no floor", c.filter, restatements)
		}
	}
	for _, r := range sqlRows(t, db, `SELECT unit, COUNT(*), MIN(value_e4), MAX(value_e4),
		SUM(CASE WHEN qualifier = 'MORE_THAN' THEN 1 ELSE 0 END), SUM(CASE WHEN qualifier IN ('NEARLY', 'APPROXIMATE') THEN 1 ELSE 0 END)
		FROM figures GROUP BY unit`) {
		s := all[r[0]]
		if str(s.Count) != r[1] || !sameDecimal(t, s.Min, r[2]) || !sameDecimal(t, s.Max, r[3]) {
			t.Errorf("%s: got count %d min %v max %v, SQL says %v", r[0], s.Count, s.Min, s.Max, r)
		}
		wantQ := "EXACT"
		if r[5] != "0" {
			wantQ = "APPROXIMATE"
		} else if r[4] != "0" {
			wantQ = "MORE_THAN"
		}
		if s.Qualifier != wantQ {
			t.Errorf("%s: qualifier %s, want %s (floors %s, approximate %s)", r[0], s.Qualifier, wantQ, r[4], r[5])
		}
	}
	if y := all["YUAN"]; !y.Overlapping || y.Value != nil || y.Note == nil || !strings.Contains(*y.Note, "withheld") {
		t.Errorf("yuan figures overlap, so their sum must be withheld with a note: %+v", y)
	}

	// One figure per quantity: a sum given equals SQL's; one withheld says why (TestSumRules
	// holds which are given).
	_, _, distinct := fetch(`(filter: {isPart: false, isRestatement: false})`)
	for _, r := range sqlRows(t, db, `SELECT unit, SUM(value_e4), COUNT(DISTINCT metric) FROM figures
		WHERE part_of_id IS NULL AND restates_id IS NULL GROUP BY unit`) {
		s := distinct[r[0]]
		if s.Overlapping || str(s.Metrics) != r[2] || (s.Value != nil && !sameDecimal(t, s.Value, r[1])) {
			t.Errorf("%s without parts and restatements: got %+v, SQL says sum %s metrics %s", r[0], s, r[1], r[2])
		}
		if withheld := s.Note != nil && strings.HasPrefix(*s.Note, "withheld: "); withheld != (s.Value == nil) {
			t.Errorf("%s: value %v with note %v: a sum is withheld exactly when its note says so", r[0], s.Value, s.Note)
		}
	}
	if y := distinct["YUAN"]; y.Qualifier != "APPROXIMATE" || y.Note == nil {
		t.Errorf("yuan sums include 近800万元, so they are approximate with a note: %+v", y)
	}

	// Exact flows of one metric about different projects make a plain exact sum with no note.
	_, _, exact := fetch(`(filter: {metric: {eq: "project_investment"}, qualifier: {eq: EXACT}})`)
	if p := exact["YUAN"]; p.Qualifier != "EXACT" || p.Overlapping || p.Note != nil || p.Value == nil || p.Metrics != 1 {
		t.Errorf("exact yuan of one metric: %+v", p)
	}
}

// sameDecimal compares an API Decimal with a SQL value in ten-thousandths.
func sameDecimal(t *testing.T, api any, e4 string) bool {
	t.Helper()
	if api == nil {
		return e4 == "null"
	}
	d, err := model.ParseDecimal(e4)
	if err != nil {
		t.Fatalf("%q: %v", e4, err)
	}
	return fmt.Sprint(api) == model.Decimal(int64(d)/10000).String()
}
