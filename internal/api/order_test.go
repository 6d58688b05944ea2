package api_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// orderCase is a connection under one filter and ordering. key reads, from a node's JSON, the
// value the ordering's first key sorts on, so the test can check the order itself.
type orderCase struct {
	name, field, args, fields string
	key                       func(map[string]any) any
	desc                      bool
}

var orderCases = []orderCase{
	{"projects by budget desc (nulls last)", "projects", `orderBy: [{field: BUDGET_YUAN, direction: DESC}]`, "budgetYuan",
		func(n map[string]any) any { return n["budgetYuan"] }, true},
	{"projects by status then name", "projects", `orderBy: [{field: STATUS}, {field: NAME, direction: DESC}]`, "status",
		func(n map[string]any) any { return n["status"] }, false},
	{"figures by value", "figures", `orderBy: [{field: VALUE}]`, "value",
		func(n map[string]any) any { return n["value"] }, false},
	{"yuan figures by value desc", "figures", `filter: {unit: {eq: YUAN}}, orderBy: [{field: VALUE, direction: DESC}]`, "value",
		func(n map[string]any) any { return n["value"] }, true},
	{"figures by period start desc then unit", "figures", `orderBy: [{field: PERIOD_START, direction: DESC}, {field: UNIT}]`, "periodStart",
		func(n map[string]any) any { return n["periodStart"] }, true},
	{"figures of Lushi by metric", "figures", `filter: {subjectRegion: {within: "411224"}}, orderBy: [{field: METRIC}]`, "metric",
		func(n map[string]any) any { return n["metric"] }, false},
	{"townships of Lushi by code desc", "townships", `filter: {within: "411224"}, orderBy: [{field: CODE, direction: DESC}]`, "code",
		func(n map[string]any) any { return n["code"] }, true},
	{"counties by English name", "counties", `orderBy: [{field: NAME_EN}]`, "nameEn",
		func(n map[string]any) any { return n["nameEn"] }, false},
	{"collectives by member count (one null)", "collectives", `orderBy: [{field: MEMBER_COUNT, direction: DESC}]`, "memberCount",
		func(n map[string]any) any { return n["memberCount"] }, true},
	{"pairings by start date", "pairings", `orderBy: [{field: START_DATE}]`, "startDate",
		func(n map[string]any) any { return n["startDate"] }, false},
	{"programs by ordinal desc", "programs", `orderBy: [{field: ORDINAL, direction: DESC}]`, "ordinal",
		func(n map[string]any) any { return n["ordinal"] }, true},
	{"id descending", "figures", `orderBy: [{field: ID, direction: DESC}]`, "id",
		nil, true},
}

// TestPagingUnderOrderings pages through connections under several orderings and filters, in
// both directions and several page sizes, and checks that every walk sees exactly the rows of
// the unpaginated query, once each and in its order, and that the order is the one asked for.
func TestPagingUnderOrderings(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		for _, c := range orderCases {
			t.Run(c.name, func(t *testing.T) { checkOrdering(t, h, c) })
		}
	})
}

func checkOrdering(t *testing.T, h *harness, c orderCase) {
	var full map[string]struct {
		TotalCount int
		Nodes      []map[string]any
	}
	h.data(t, fmt.Sprintf(`{ %s(first: 100, %s) { totalCount nodes { id %s } } }`, c.field, c.args, c.fields), nil, &full)
	nodes := full[c.field].Nodes
	if len(nodes) < 2 || len(nodes) != full[c.field].TotalCount {
		t.Fatalf("%d nodes, totalCount %d: want at least 2 and all of them", len(nodes), full[c.field].TotalCount)
	}
	var want []string
	for i, n := range nodes {
		want = append(want, n["id"].(string))
		if i > 0 && c.key != nil && outOfOrder(c.key(nodes[i-1]), c.key(n), c.desc) {
			t.Errorf("rows %d and %d out of order: %v then %v", i-1, i, c.key(nodes[i-1]), c.key(n))
		}
	}
	wrap := func(args string) string {
		return `query($first: Int, $after: String, $last: Int, $before: String) { ` + c.field +
			trimParen(args) + ", " + c.args + `) { ` + pageFields + ` } }`
	}
	for _, size := range []int{1, 2, 5} {
		if got := walk(t, h, wrap, size, false); !slices.Equal(got, want) {
			t.Errorf("forward by %d: got %v, want %v", size, got, want)
		}
		if got := walk(t, h, wrap, size, true); !slices.Equal(got, want) {
			t.Errorf("backward by %d: got %v, want %v", size, got, want)
		}
	}
}

// trimParen drops the closing parenthesis of the paging arguments, so that the case's own
// arguments can follow them.
func trimParen(args string) string {
	i := len(args) - 1
	for i >= 0 && args[i] != ')' {
		i--
	}
	return args[:i]
}

// outOfOrder tells whether b may not follow a: nulls first ascending and last descending,
// numbers by value, text by bytes (the ordered fields here are ASCII or ISO dates).
func outOfOrder(a, b any, desc bool) bool {
	if a == nil || b == nil {
		if desc {
			return a == nil && b != nil
		}
		return a != nil && b == nil
	}
	cmp := 0
	switch av := a.(type) {
	case json.Number:
		x, _ := av.Float64()
		y, _ := b.(json.Number).Float64()
		cmp = compare(x, y)
	case string:
		cmp = compare(av, b.(string))
	}
	if desc {
		return cmp < 0
	}
	return cmp > 0
}

func compare[T int | float64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
