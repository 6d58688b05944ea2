package playground_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The six programs of the "1346" framework as the article names them, in the order of their
// ordinals, and the sums of their projects' budgets in yuan, as the Table and Chart views
// write them ("" where no project of the program states a budget).
var programBudgets = []struct{ name, budget string }{
	{"产业带贫帮扶工程", ""},
	{"健康扶贫帮扶工程", "7,360,000"},
	{"教育扶贫帮扶工程", "10,860,000"},
	{"劳务协作人才培养帮扶工程", ""},
	{"助残养老服务体系提升帮扶工程", "2,830,000"},
	{"公共文化服务体系完善工程", ""},
}

const budgetColumn = "projects.aggregate.sum.budgetYuan"

// checkTableAndChart opens the programs example's tab, runs it, and reads its answer as a
// journalist would: the Table view (a row per program, the budget column right-aligned, digits
// grouped, sortable) and the Chart view, which shows the six programs as bars of their projects'
// budgets without any choice made. With screenshotEnv set it saves a screenshot of each view.
func checkTableAndChart(t *testing.T, ctx context.Context) {
	t.Helper()
	// The list closes, so that the screenshots show the answer wide; the example's tab opens.
	step(t, ctx, "close the list", chromedp.Click(chromedp.CSS(`button[aria-label="Hide Examples"]`)))
	step(t, ctx, "open the programs example's tab", chromedp.Steps(
		clickJS(`[...document.querySelectorAll('.graphiql-tab-button')].find(b => b.textContent.trim() === 'Programs')`),
		waitFor(`document.querySelector('.graphiql-query-editor .view-lines')?.textContent.includes('countWithBudget')`),
		// GraphiQL reads the tab's operation name from its editor a moment later (it stores it
		// then): run before that, and it sends the name of the tab shown before.
		waitFor(`(() => { const s = JSON.parse(localStorage.getItem('graphiql:tabState') ?? 'null');
			return s?.tabs[s.activeTabIndex]?.operationName === 'Programs'; })()`),
	))
	step(t, ctx, "run the programs example", chromedp.Steps(
		chromedp.Click(chromedp.CSS(`button[aria-label^="Execute query"]`)),
		// Monaco draws only the lines in view: the first program's name is near the top.
		waitFor(`document.querySelector('.result-window')?.textContent.includes('产业带贫帮扶工程')`),
	))

	step(t, ctx, "switch to Table", chromedp.Steps(
		clickJS(`[...document.querySelectorAll('.aidgraph-view-switch button')].find(b => b.textContent === 'Table')`),
		waitFor(`document.querySelectorAll('.aidgraph-table tbody tr').length === 6`),
	))
	headers := evaluate[[]string](t, ctx, "read the table's headers",
		`[...document.querySelectorAll('.aidgraph-table th')].map(th => th.textContent.trim())`)
	for _, want := range []string{"id", "ordinal", "name", "nameEn", "projects.totalCount", budgetColumn, "figures.nodes"} {
		if !slices.Contains(headers, want) {
			t.Errorf("the table has no column %q: %q", want, headers)
		}
	}
	rows := tableColumn(t, ctx, "name", budgetColumn)
	for i, want := range programBudgets {
		if i >= len(rows) || rows[i][0] != want.name || rows[i][1] != or(want.budget, "—") {
			t.Errorf("table row %d = %q, want %s with budget %q", i+1, rows[min(i, len(rows)-1)], want.name, want.budget)
		}
	}
	align := evaluate[string](t, ctx, "read the budget cells' alignment",
		`getComputedStyle(document.querySelector('.aidgraph-table td.aidgraph-numeric')).textAlign`)
	if align != "right" {
		t.Errorf("numbers are aligned %q, want right", align)
	}
	// A click on the budget's header sorts by it, a second the other way; programs without a
	// budget stay last either way.
	var orders [][]string
	for i := range 2 {
		step(t, ctx, "sort by budget", clickJS(`[...document.querySelectorAll('.aidgraph-table th button')].find(b => b.textContent.startsWith('`+budgetColumn+`'))`))
		var budgets []string
		for _, r := range tableColumn(t, ctx, budgetColumn) {
			budgets = append(budgets, r[0])
		}
		orders = append(orders, budgets)
		if i == 0 {
			saveScreenshot(t, ctx, "playground-table.png")
		}
	}
	up := []string{"2,830,000", "7,360,000", "10,860,000", "—", "—", "—"}
	down := []string{"10,860,000", "7,360,000", "2,830,000", "—", "—", "—"}
	if !(slices.Equal(orders[0], up) && slices.Equal(orders[1], down) || slices.Equal(orders[0], down) && slices.Equal(orders[1], up)) {
		t.Errorf("sorted by budget twice: %q then %q, want %q and %q in either order", orders[0], orders[1], up, down)
	}

	step(t, ctx, "switch to Chart", chromedp.Steps(
		clickJS(`[...document.querySelectorAll('.aidgraph-view-switch button')].find(b => b.textContent === 'Chart')`),
		waitFor(`document.querySelectorAll('.aidgraph-bar-row').length === 6`),
	))
	chosen := evaluate[[]string](t, ctx, "read the chart's choices",
		`[...document.querySelectorAll('.aidgraph-chart select')].map(s => s.value)`)
	if !slices.Equal(chosen, []string{budgetColumn, "name"}) {
		t.Errorf("the chart shows %q, want the budgets by name", chosen)
	}
	type bar struct {
		Label, Value string
		Width        float64
	}
	bars := evaluate[[]bar](t, ctx, "read the bars", `[...document.querySelectorAll('.aidgraph-bar-row')].map(r => ({
		Label: r.querySelector('.aidgraph-bar-label').textContent,
		Value: r.querySelector('.aidgraph-bar-value').textContent,
		Width: r.querySelector('.aidgraph-bar')?.getBoundingClientRect().width ?? 0,
	}))`)
	var widest float64
	for _, b := range bars {
		widest = max(widest, b.Width)
	}
	for i, want := range programBudgets {
		if i >= len(bars) {
			break
		}
		b := bars[i]
		if b.Label != want.name || b.Value != or(want.budget, "—") {
			t.Errorf("bar %d is %q %q, want %s %q", i+1, b.Label, b.Value, want.name, want.budget)
		}
		switch {
		case want.budget == "" && b.Width != 0:
			t.Errorf("%s states no budget but has a bar %.0f px wide", want.name, b.Width)
		case want.budget == "10,860,000" && (b.Width != widest || b.Width < 100):
			t.Errorf("the largest budget's bar is %.0f px wide, the widest %.0f px", b.Width, widest)
		case want.budget != "" && b.Width <= 0:
			t.Errorf("%s has no bar", want.name)
		}
	}
	saveScreenshot(t, ctx, "playground-chart.png")
	step(t, ctx, "switch back to JSON", chromedp.Steps(
		clickJS(`[...document.querySelectorAll('.aidgraph-view-switch button')].find(b => b.textContent === 'JSON')`),
		waitFor(`document.querySelector('.result-window')?.offsetHeight > 0`),
	))
}

// tableColumn reads the text of the named columns of the table, row by row.
func tableColumn(t *testing.T, ctx context.Context, columns ...string) [][]string {
	t.Helper()
	return evaluate[[][]string](t, ctx, "read the table", `(() => {
		const names = [...document.querySelectorAll('.aidgraph-table th')].map(th => th.textContent.trim().replace(/ [▲▼]$/, ''));
		const at = `+jsonList(columns)+`.map(c => names.indexOf(c));
		return [...document.querySelectorAll('.aidgraph-table tbody tr')].map(tr => at.map(i => tr.children[i]?.textContent ?? '?'));
	})()`)
}

// evaluate runs the JavaScript expression and decodes its value.
func evaluate[T any](t *testing.T, ctx context.Context, what, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// clickJS clicks the element the expression finds, failing if it finds none.
func clickJS(expr string) chromedp.Action[chromedp.Void] {
	click := chromedp.Evaluate[bool](`(() => { const e = ` + expr + `; if (!e) throw new Error('nothing to click'); e.click(); return true; })()`)
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := click(ctx, t)
		return chromedp.Void{}, err
	}
}

func jsonList(s []string) string {
	return `["` + strings.Join(s, `","`) + `"]`
}

func or(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}
