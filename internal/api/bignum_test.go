package api_test

import (
	"context"
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// hugeBudgets are projects recorded before budgets were bounded, or written into the database
// directly: two of 5·10^18 yuan, whose sum passes 2^63, and one of 2^63 − 1.
func hugeBudgets() []*model.Project {
	wenyu := int64(39)
	five, most := int64(5_000_000_000_000_000_000), int64(math.MaxInt64)
	completed := model.ProjectStatusCompleted
	return []*model.Project{
		{RowID: 9101, Name: "超大预算项目甲（test fixture）", Category: model.ProjectCategoryWater, BudgetYuan: &five, RegionID: &wenyu, Quote: "fixture", SourceID: 1},
		{RowID: 9102, Name: "超大预算项目乙（test fixture）", Category: model.ProjectCategoryWater, BudgetYuan: &five, RegionID: &wenyu, Quote: "fixture", SourceID: 1,
			Status: &completed},
		{RowID: 9103, Name: "超大预算项目丙（test fixture）", Category: model.ProjectCategoryHealth, BudgetYuan: &most, RegionID: &wenyu, Quote: "fixture", SourceID: 1},
	}
}

// exactMeasures is what an aggregate of budgets must say, computed with math/big from the rows.
type exactMeasures struct {
	count, withBudget int
	sum               *big.Int
}

func (m *exactMeasures) add(budget string) {
	m.count++
	if budget == "null" {
		return
	}
	n, ok := new(big.Int).SetString(budget, 10)
	if !ok {
		panic("budget " + budget)
	}
	if m.sum == nil {
		m.sum = new(big.Int)
	}
	m.withBudget++
	m.sum.Add(m.sum, n)
}

// want renders the sum and the mean (four decimals, half away from zero) as the API writes them.
func (m *exactMeasures) want() (sum, avg string) {
	if m.sum == nil {
		return "null", "null"
	}
	mean := new(big.Rat).SetFrac(m.sum, big.NewInt(int64(m.withBudget))).FloatString(4)
	if strings.Contains(mean, ".") {
		mean = strings.TrimRight(strings.TrimRight(mean, "0"), ".")
	}
	return m.sum.String(), mean
}

type budgetAgg struct {
	Key             map[string]any
	Count           int
	CountWithBudget int
	Sum, Avg        struct{ BudgetYuan any }
}

// TestBudgetSumsAreExact: sums and means of budgets are exact whatever is stored (defect 13):
// budgets whose sum passes 2^63 used to make every aggregate and group of projects answer
// INTERNAL_SERVER_ERROR (SQLite's SUM overflowed, MySQL's project_stats refused the sum), and
// the mean of a budget of 2^53 − 1 overflowed the Decimal (defect 2).
func TestBudgetSumsAreExact(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		w := newWrites(t, d)
		if _, err := w.h.store.LoadDataset(context.Background(), &store.Dataset{Name: "huge-budgets", Checksum: "1", Projects: hugeBudgets()}); err != nil {
			t.Fatalf("load projects past the bound: %v", err)
		}
		// The largest budget an editor may record: its mean is itself.
		w.create(t, w.editor, "Project", with(baseInputs()["Project"], "name", "最大安全预算项目", "budgetYuan", json.Number("9007199254740991")))

		// each reads the rows' group keys (dims) and budgets and adds them up with math/big.
		each := func(t *testing.T, where, key string) map[string]*exactMeasures {
			out := map[string]*exactMeasures{}
			for _, r := range sqlRows(t, w.db, "SELECT "+key+", budget_yuan FROM projects"+where) {
				if out[r[0]] == nil {
					out[r[0]] = &exactMeasures{}
				}
				out[r[0]].add(r[1])
			}
			return out
		}
		check := func(t *testing.T, what string, got budgetAgg, want *exactMeasures) {
			t.Helper()
			sum, avg := want.want()
			if got.Count != want.count || got.CountWithBudget != want.withBudget || str(got.Sum.BudgetYuan) != sum || str(got.Avg.BudgetYuan) != avg {
				t.Errorf("%s: count %d, with budget %d, sum %v, avg %v; want %d, %d, %s, %s", what, got.Count, got.CountWithBudget,
					got.Sum.BudgetYuan, got.Avg.BudgetYuan, want.count, want.withBudget, sum, avg)
			}
		}
		totals := []struct{ name, filter, where string }{
			{"all projects (from project_stats)", "", ""},
			{"water projects (from project_stats)", "(filter: {category: {eq: WATER}})", " WHERE category = 'WATER'"},
			{"the huge ones (from projects)", `(filter: {name: {startsWith: "超大预算"}})`, " WHERE name LIKE '超大预算%'"},
			{"the largest safe budget (from projects)", `(filter: {name: {eq: "最大安全预算项目"}})`, " WHERE name = '最大安全预算项目'"},
		}
		for _, c := range totals {
			t.Run(c.name, func(t *testing.T) {
				var got struct{ Projects struct{ Aggregate budgetAgg } }
				w.ok(t, "", `{ projects`+c.filter+` { aggregate { count countWithBudget sum { budgetYuan } avg { budgetYuan } } } }`, nil, &got)
				check(t, c.name, got.Projects.Aggregate, each(t, c.where, "1")["1"])
			})
		}
		groups := []struct{ name, by, key, column string }{
			{"by category (from project_stats)", "CATEGORY", "category", "category"},
			{"by status (from project_stats)", "STATUS", "status", "status"},
			{"by year (from projects)", "YEAR", "year", "SUBSTR(start_date, 1, 4)"},
		}
		for _, c := range groups {
			t.Run(c.name, func(t *testing.T) {
				var got struct {
					Projects struct{ Aggregate struct{ Groups []budgetAgg } }
				}
				w.ok(t, "", `{ projects { aggregate { groups(by: [`+c.by+`]) { key { `+c.key+` } count countWithBudget sum { budgetYuan } avg { budgetYuan } } } } }`, nil, &got)
				want := each(t, "", c.column)
				if len(got.Projects.Aggregate.Groups) != len(want) {
					t.Errorf("%d groups, want %d", len(got.Projects.Aggregate.Groups), len(want))
				}
				for _, g := range got.Projects.Aggregate.Groups {
					k := str(g.Key[c.key])
					if want[k] == nil {
						t.Errorf("group %s: not among the rows' %v", k, want)
						continue
					}
					check(t, c.name+" "+k, g, want[k])
				}
			})
		}
	})
}

// TestFigureSumsPastDecimal: a sum of figures past what a Decimal holds is exact, not an
// INTERNAL_SERVER_ERROR (SQLite's SUM of the values' ten-thousandths overflowed past 2^63).
func TestFigureSumsPastDecimal(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		w := newWrites(t, d)
		b := baseInputs()["Figure"]
		for i, subject := range []string{idLushi, idZhongyuan} {
			w.create(t, w.editor, "Figure", with(b, "metric", "test_huge_funds", "originalText", "9000000亿元", "qualifier", "EXACT",
				"value", "900000000000000", "quote", []string{"甲", "乙"}[i]+"投入测试资金9000000亿元", "subjectId", subject))
		}
		var got struct {
			Figures struct {
				Aggregate struct{ ByUnit []struct{ Value any } }
			}
		}
		w.ok(t, "", `{ figures(filter: {metric: {eq: "test_huge_funds"}}) { aggregate { byUnit { value } } } }`, nil, &got)
		if u := got.Figures.Aggregate.ByUnit; len(u) != 1 || str(u[0].Value) != "1800000000000000" {
			t.Errorf("byUnit %+v, want one sum of 1800000000000000", u)
		}
	})
}
