package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// statements runs q three times asking for the SQL report and returns the fewest and the most
// statements it cost. Rows read by one statement fetch what is asked of them as a family, at
// once, so their cost must never vary; rows of no known family (a root lookup by id) batch when
// keys stop arriving, where a sibling delayed by the scheduler may miss its batch.
func statements(t *testing.T, h *harness, q string) (fewest, most int) {
	t.Helper()
	fewest = statementsOnce(t, h, q)
	most = fewest
	for range 2 {
		n := statementsOnce(t, h, q)
		fewest, most = min(fewest, n), max(most, n)
	}
	return fewest, most
}

func statementsOnce(t *testing.T, h *harness, q string) int {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	req, _ := http.NewRequest(http.MethodPost, h.url+api.QueryPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(api.DebugHeader, "sql")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r struct {
		Errors     []gqlError
		Extensions struct {
			SQL *struct{ Statements int }
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	if len(r.Errors) > 0 || r.Extensions.SQL == nil {
		t.Fatalf("%s: errors %+v, sql report %v", q, r.Errors, r.Extensions.SQL)
	}
	return r.Extensions.SQL.Statements
}

// The benchmark's four queries (BENCHMARKS.md), over the article's data; %d is a page size.
const (
	q1 = `{ region(code: "411224") { name ... on County { townships(first: %d) { nodes { name
		projects(first: 10) { nodes { name status budgetYuan funder { name } } } } } } } }`
	q2 = `{ projects(filter: {category: {eq: EDUCATION}, status: {eq: COMPLETED}}, orderBy: [{field: BUDGET_YUAN, direction: DESC}], first: %d) {
		totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id name category status budgetYuan startDate } } }`
	q3 = `{ projects { aggregate { groups(by: [CATEGORY]) { key { category } count sum { budgetYuan } } } } }`
	q4 = `{ region(code: "41") { ... on Province { cities(first: %[1]d) { totalCount nodes { name counties(first: %[1]d) {
		totalCount nodes { name townships(first: %[1]d) { totalCount nodes { name code } } } } } } } } }`
)

// TestStatementBudget holds representative requests to a number of SQL statements that does
// not grow with the rows they return: one statement per level of nesting, or fewer, plus one per
// table that a polymorphic reference (a figure's subject, a pairing's party) reaches. Each query
// runs with two page sizes that reach the same kinds of rows; the counts must be equal, and the
// same in every run: every list and link in them is read for a family of rows, not by timing.
func TestStatementBudget(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			h := newHarness(t, d)
			tests := []struct {
				name         string
				query        string
				small, large int // page sizes
				max          int
			}{
				// The tenth township is the first with a project (in its village 张村).
				{"Q1 county, townships, projects, funders", q1, 10, 20, 4},
				{"Q2 filtered ordered page with totalCount", q2, 1, 20, 2},
				{"Q3 sums by category", q3, 0, 0, 1},
				{"Q4 province, cities, counties, townships", q4, 1, 20, 4},
				// Villages, their townships, counties, cities and provinces, and a source.
				{"regions up the tree", `{ villages(first: %d) { nodes { name source { title } township { name county { name
					city { name province { name } } } } } } }`, 1, 3, 6},
				{"projects with their links", `{ projects(first: %d) { nodes { name region { name } funder { name }
					program { name } source { title } } } }`, 1, 5, 5},
				// Subjects: pairings, regions, collectives, projects and a fund: five tables.
				{"figures with their sources, subjects, parts", `{ figures(first: %d) { nodes { originalText source { title }
					subject { __typename ... on Region { name } ... on Pairing { kind } } partOf { originalText } parts { totalCount } } } }`, 60, 100, 9},
				// Parties: regions and collectives.
				{"pairings with both parties and their figures", `{ pairings(first: %d) { nodes { helper { ... on Region { name } ... on Collective { name } }
					helped { ... on Region { name } ... on Collective { name } } figures(first: 3) { totalCount nodes { value } } } } }`, 2, 20, 4},
				{"regions with their subtree projects and schools", `{ counties(first: %d) { nodes { name projects(first: 3) { totalCount nodes { name } }
					schools { totalCount } townships(first: 3) { nodes { figures { totalCount } } } } } }`, 1, 20, 5},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					page := func(n int) string {
						if !strings.Contains(tt.query, "%") {
							return tt.query
						}
						return fmt.Sprintf(tt.query, n)
					}
					small, smallMost := statements(t, h, page(tt.small))
					large, largeMost := statements(t, h, page(tt.large))
					if large > tt.max || small > tt.max {
						t.Errorf("%d and %d statements, budget %d", small, large, tt.max)
					}
					if large != small {
						t.Errorf("%d statements for pages of %d, %d for pages of %d: the cost grows with the rows", small, tt.small, large, tt.large)
					}
					if smallMost != small || largeMost != large {
						t.Errorf("runs cost %d to %d and %d to %d statements: a family's reads must not depend on timing",
							small, smallMost, large, largeMost)
					}
				})
			}
		})
	}
}

// TestSiblingListsKeepTheirFilters asks for two lists under the same parents whose filters
// differ only in how their values are split: in: ["城关镇", "杜关镇"] and in: ["城关镇 杜关镇"].
// Batched together they would share one statement and one answer.
func TestSiblingListsKeepTheirFilters(t *testing.T) {
	h := newHarness(t, "sqlite")
	var got struct {
		Counties struct {
			Nodes []struct {
				Two, None struct{ TotalCount int }
			}
		}
	}
	h.data(t, `{ counties(filter: {code: {eq: "411224000000"}}) { nodes {
		two: townships(filter: {name: {in: ["城关镇", "杜关镇"]}}) { totalCount }
		none: townships(filter: {name: {in: ["城关镇 杜关镇"]}}) { totalCount } } } }`, nil, &got)
	if n := got.Counties.Nodes; len(n) != 1 || n[0].Two.TotalCount != 2 || n[0].None.TotalCount != 0 {
		t.Errorf("got %+v, want 2 and 0 townships", n)
	}
}

// testSiblingPagesBothWays reads the same rows as two families at once, one page forward and
// one backward, and follows a link from each: a page's rows must be final before its siblings
// can read them (go test -race caught a page reversed while a sibling read it), and the row read
// only to see whether more follow is no sibling.
func testSiblingPagesBothWays(t *testing.T, h *harness) {
	var got struct {
		A, B struct {
			Nodes []struct {
				Name   string
				Source struct{ Title string }
			}
		}
	}
	h.data(t, `{ a: projects(first: 3) { nodes { name source { title } } }
		b: projects(last: 3) { nodes { name source { title } } } }`, nil, &got)
	for _, page := range [][]struct {
		Name   string
		Source struct{ Title string }
	}{got.A.Nodes, got.B.Nodes} {
		if len(page) != 3 {
			t.Fatalf("got %d projects, want 3", len(page))
		}
		for _, p := range page {
			if p.Source.Title == "" {
				t.Errorf("project %s has no source", p.Name)
			}
		}
	}
}
