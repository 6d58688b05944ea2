package api_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// cost is what running a request a few times cost: the fewest and the most statements, and the
// fewest and the most batches that went out after waiting for more keys (idle waits).
type cost struct{ fewest, most, fewestWaits, mostWaits int }

// statements runs q three times asking for the SQL report and returns what it cost. Rows read
// by one statement fetch what is asked of them as a family, at once, so their cost must never
// vary; rows of no known family (a root lookup by id) batch when keys stop arriving, where a
// sibling delayed by the scheduler may miss its batch.
//
// A first run, not counted, loads the division tree if the data version moved since it was
// loaded: that costs a statement once per version, not per request.
func statements(t *testing.T, h *harness, q string) cost {
	t.Helper()
	statementsOnce(t, h, q)
	var c cost
	for i := range 3 {
		n, w := statementsOnce(t, h, q)
		if i == 0 {
			c = cost{n, n, w, w}
		}
		c = cost{min(c.fewest, n), max(c.most, n), min(c.fewestWaits, w), max(c.mostWaits, w)}
	}
	return c
}

// statementsOnce runs q once and returns its statements and idle waits.
func statementsOnce(t *testing.T, h *harness, q string) (statements, idleWaits int) {
	t.Helper()
	_, _, raw := send(t, h.url, map[string]any{"query": q}, map[string]string{api.DebugHeader: "sql"})
	var r struct {
		Errors     []gqlError
		Extensions struct {
			SQL *struct{ Statements, IdleWaits int }
		}
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Errors) > 0 || r.Extensions.SQL == nil {
		t.Fatalf("%s: errors %+v, sql report %v", q, r.Errors, r.Extensions.SQL)
	}
	return r.Extensions.SQL.Statements, r.Extensions.SQL.IdleWaits
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
// table that a polymorphic reference (a figure's subject, a pairing's party) reaches. Regions
// above villages come from the division tree, in memory, of the data version the instance
// already knows (its follower of the change log keeps it, store.SawVersion): a request that
// reads them costs no statement, so Q4 costs none and Q1 one (every township's projects). Each query
// runs with two page sizes that reach the same kinds of rows; the counts must be equal, and the
// same in every run: every list and link in them is read for a family of rows, not by timing.
// Each also counts its batches that went out after waiting for more keys (1 ms each, in series
// when a list's items load one by one): a load outside any family. Those must be the case's
// fixed number (a root lookup by id waits once), whatever the page size.
func TestStatementBudget(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		tests := []struct {
			name         string
			query        string
			small, large int // page sizes
			max          int // statements
			idle         int // batches sent after waiting for more keys, whatever the page size
		}{
			// The tenth township is the first with a project (in its village 张村).
			{"Q1 county, townships, projects, funders", q1, 10, 20, 1, 0},
			{"Q2 filtered ordered page with totalCount", q2, 1, 20, 2, 0},
			{"Q3 sums by category", q3, 0, 0, 1, 0},
			{"Q4 province, cities, counties, townships", q4, 1, 20, 0, 0},
			// Villages, their townships, counties, cities and provinces, and a source.
			{"regions up the tree", `{ villages(first: %d) { nodes { name source { title } township { name county { name
					city { name province { name } } } } } } }`, 1, 3, 2, 0},
			// The third project's region is a village, read by SQL; the tree holds the others.
			{"projects with their links", `{ projects(first: %d) { nodes { name region { name } funder { name }
					program { name } source { title } } } }`, 3, 6, 4, 0},
			// Subjects: pairings, regions, collectives, projects and a fund: five tables.
			{"figures with their sources, subjects, parts", `{ figures(first: %d) { nodes { originalText source { title }
					subject { __typename ... on Region { name } ... on Pairing { kind } } partOf { originalText } parts { totalCount } } } }`, 60, 100, 8, 0},
			// Parties: regions and collectives.
			{"pairings with both parties and their figures", `{ pairings(first: %d) { nodes { helper { ... on Region { name } ... on Collective { name } }
					helped { ... on Region { name } ... on Collective { name } } figures(first: 3) { totalCount nodes { value } } } } }`, 2, 20, 3, 0},
			// By id, so that a page of one holds 卢氏县, the county with townships.
			{"regions with their subtree projects and schools", `{ counties(first: %d, orderBy: [{field: ID}]) { nodes { name projects(first: 3) { totalCount nodes { name } }
					schools { totalCount } townships(first: 3) { nodes { figures { totalCount } } } } } }`, 1, 20, 3, 0},
			// Pages under many regions, their count asked for through a fragment: it must be
			// seen, or each region would be counted by a statement of its own.
			{"subtree pages counted through a fragment", `{ cities(first: %d) { nodes { projects(first: 2) {
					... on ProjectConnection { totalCount } nodes { name } } } } }`, 1, 20, 1, 0},
			// The same list twice, with and without its count: one statement serves both.
			{"a list with and without its count", `{ counties(first: %d) { nodes { a: townships(first: 2) { nodes { name } }
					b: townships(first: 2) { totalCount nodes { name } } } } }`, 1, 20, 0, 0},
			// Either side: regions that help, regions helped, and collectives on both sides.
			{"regions and collectives with their pairings", `{ counties(first: %[1]d) { nodes { pairings { totalCount nodes { kind } } } }
					cities(first: %[1]d) { nodes { pairings(includeDescendants: false) { totalCount nodes { kind } } } }
					collectives(first: %[1]d) { nodes { pairings { totalCount nodes { helper { ... on Collective { name } } } } } } }`, 2, 20, 5, 0},
			// Group keys name rows that no page read: programs, and regions down to villages (the
			// pages of 20 and 50 both hold every group). One statement for the groups, one for their
			// programs, one for their villages: the other regions are in the tree.
			{"project groups with their keys' rows", `{ projects { aggregate { groups(by: [PROGRAM, REGION, FUNDER],
					regionLevel: VILLAGE, first: %d) { count key { program { name } region { name } funder { name } } } } } }`, 20, 50, 3, 0},
			// A root lookup by id names no siblings: its batch waits for more keys, once.
			{"a root lookup by id", `{ node(id: "UHJvamVjdDox") { id ... on Project { name funder { name } } } }`, 0, 0, 1, 1},
			// Hits of figures, projects and villages: one statement for the text's gram counts, one
			// for the postings (bitmaps), one for the candidates' folded texts, one per table.
			{"search hits with their objects", `{ search(text: "村", first: %d) { nodes { id node { __typename ... on Named { name } } } } }`, 5, 20, 6, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page := func(n int) string {
					if !strings.Contains(tt.query, "%") {
						return tt.query
					}
					return fmt.Sprintf(tt.query, n)
				}
				small, large := statements(t, h, page(tt.small)), statements(t, h, page(tt.large))
				if large.most > tt.max || small.most > tt.max {
					t.Errorf("%d and %d statements, budget %d", small.most, large.most, tt.max)
				}
				if large.fewest != small.fewest {
					t.Errorf("%d statements for pages of %d, %d for pages of %d: the cost grows with the rows", small.fewest, tt.small, large.fewest, tt.large)
				}
				if small.most != small.fewest || large.most != large.fewest {
					t.Errorf("runs cost %d to %d and %d to %d statements: a family's reads must not depend on timing",
						small.fewest, small.most, large.fewest, large.most)
				}
				// A batch that waits for more keys is a load outside any family: per item of a
				// list, the waits add up in series.
				for _, c := range []cost{small, large} {
					if c.fewestWaits != tt.idle || c.mostWaits != tt.idle {
						t.Errorf("%d to %d idle waits for pages of %d and %d, want %d: a load waits for keys that a family would name",
							small.fewestWaits, small.mostWaits, large.fewestWaits, large.mostWaits, tt.idle)
						break
					}
				}
			})
		}
	})
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

// idPage is a connection as the tests below read it: its count and its rows' ids.
type idPage struct {
	TotalCount int
	Nodes      []struct{ ID string }
}

// testEitherSidePairings reads the pairings of many parents at once where a parent may be on
// either side (a region's pairings with role ANY, a collective's), which one statement over both
// sides answers, and checks each parent's page against the pairings read apart.
func testEitherSidePairings(t *testing.T, h *harness) {
	t.Run("collectives", func(t *testing.T) {
		var all struct {
			Pairings struct {
				Nodes []struct {
					ID             string
					Helper, Helped struct{ ID string }
				}
			}
		}
		h.data(t, `{ pairings(first: 100) { nodes { id helper { ... on Collective { id } } helped { ... on Collective { id } } } } }`, nil, &all)
		want := map[string][]string{}
		for _, p := range all.Pairings.Nodes {
			for _, party := range []string{p.Helper.ID, p.Helped.ID} {
				if party != "" && !slices.Contains(want[party], p.ID) {
					want[party] = append(want[party], p.ID)
				}
			}
		}
		var got struct {
			Collectives struct {
				Nodes []struct {
					ID       string
					Pairings idPage
				}
			}
		}
		h.data(t, `{ collectives(first: 100) { nodes { id pairings(first: 100) { totalCount nodes { id } } } } }`, nil, &got)
		paired := 0
		for _, c := range got.Collectives.Nodes {
			if ids := pageIDs(c.Pairings); !slices.Equal(ids, want[c.ID]) || c.Pairings.TotalCount != len(want[c.ID]) {
				t.Errorf("collective %s: got %d pairings %v, want %v", c.ID, c.Pairings.TotalCount, ids, want[c.ID])
			}
			if len(want[c.ID]) > 0 {
				paired++
			}
		}
		if paired < 2 {
			t.Errorf("%d collectives have pairings: the test reaches too few", paired)
		}
	})
	t.Run("regions", func(t *testing.T) {
		var got struct {
			Counties, Cities struct {
				Nodes []struct {
					Code     string
					Pairings idPage
				}
			}
		}
		h.data(t, `{ counties(first: 50) { nodes { code pairings(first: 100) { totalCount nodes { id } } } }
			cities(first: 50) { nodes { code pairings(first: 100) { totalCount nodes { id } } } } }`, nil, &got)
		helpers, helped := 0, 0
		for _, r := range append(got.Counties.Nodes, got.Cities.Nodes...) {
			var want struct{ Helper, Helped, Either idPage }
			h.data(t, `query($c: String!) {
				helper: pairings(filter: {helperRegion: {within: $c}}, first: 100) { totalCount nodes { id } }
				helped: pairings(filter: {helpedRegion: {within: $c}}, first: 100) { totalCount nodes { id } }
				either: pairings(filter: {or: [{helperRegion: {within: $c}}, {helpedRegion: {within: $c}}]}, first: 100) { totalCount nodes { id } } }`,
				map[string]any{"c": r.Code}, &want)
			if ids := pageIDs(r.Pairings); !slices.Equal(ids, pageIDs(want.Either)) || r.Pairings.TotalCount != want.Either.TotalCount {
				t.Errorf("region %s: got %d pairings %v, want %d %v", r.Code, r.Pairings.TotalCount, ids, want.Either.TotalCount, pageIDs(want.Either))
			}
			if want.Helper.TotalCount > 0 {
				helpers++
			}
			if want.Helped.TotalCount > 0 {
				helped++
			}
		}
		if helpers < 1 || helped < 2 {
			t.Errorf("%d regions help and %d are helped: the test reaches too few", helpers, helped)
		}
	})
}

func pageIDs(p idPage) []string {
	var ids []string
	for _, n := range p.Nodes {
		ids = append(ids, n.ID)
	}
	return ids
}

// testSubtreePages reads pages of the projects, schools and hospitals under many regions at
// once, each region's first rows read by an arm of their own through the rows' copies of their
// ancestors, and checks each page and count, forward and backward, filtered and ordered,
// against the same rows asked for at the root with a `within` filter, whether the page asks for
// totalCount, leaves it out, or asks through a fragment (TestStatementBudget checks that the
// fragment's count rides with the page).
func testSubtreePages(t *testing.T, h *harness) {
	const counted, uncounted, inFragment = "totalCount nodes { id }", "nodes { id }",
		"... on ProjectConnection { totalCount } nodes { id }"
	tests := []struct{ list, field, args, filter, selection string }{
		{"provinces", "projects", "first: 3", "", counted},
		{"provinces", "projects", "first: 3", "", uncounted},
		{"cities", "projects", "first: 3", "", inFragment},
		{"cities", "projects", "first: 2, orderBy: [{field: BUDGET_YUAN, direction: DESC}]", "", counted},
		{"counties", "projects", "last: 2", "", counted},
		{"counties", "projects", "first: 5", "status: {eq: COMPLETED}", counted},
		{"townships", "projects", "first: 2", "", counted},
		{"townships", "schools", "first: 2", "", counted},
		{"counties", "hospitals", "first: 2", "", counted},
	}
	for _, tt := range tests {
		t.Run(tt.list+" "+tt.field+" "+tt.args+" "+tt.filter+" "+tt.selection, func(t *testing.T) {
			var got map[string]struct {
				Nodes []struct {
					Code string
					Page idPage
				}
			}
			nested := tt.args
			if tt.filter != "" {
				nested += ", filter: {" + tt.filter + "}"
			}
			h.data(t, fmt.Sprintf(`{ %s(first: 100) { nodes { code page: %s(%s) { %s } } } }`,
				tt.list, tt.field, nested, tt.selection), nil, &got)
			reached := 0
			for _, r := range got[tt.list].Nodes {
				var want map[string]idPage
				h.data(t, fmt.Sprintf(`query($c: String!) { page: %s(filter: {%s, region: {within: $c}}, %s) { totalCount nodes { id } } }`,
					tt.field, tt.filter, tt.args), map[string]any{"c": r.Code}, &want)
				if tt.selection == uncounted {
					r.Page.TotalCount = want["page"].TotalCount // not asked for
				}
				if ids := pageIDs(r.Page); !slices.Equal(ids, pageIDs(want["page"])) || r.Page.TotalCount != want["page"].TotalCount {
					t.Errorf("%s: got %d %v, want %d %v", r.Code, r.Page.TotalCount, ids, want["page"].TotalCount, pageIDs(want["page"]))
				}
				if len(r.Page.Nodes) > 0 {
					reached++
				}
			}
			if reached == 0 {
				t.Errorf("no %s under any of the %s: the test reaches none", tt.field, tt.list)
			}
		})
	}
}

// testSubtreePagesWithLargeFilters reads the projects under every township with a filter of a
// thousand values. Per-region arms repeat the filter in each arm (twice when counting), which
// for 19 townships would pass SQLite's 32,766 variables if the statement were not split.
func testSubtreePagesWithLargeFilters(t *testing.T, h *harness) {
	var names []string
	for i := range 999 {
		names = append(names, fmt.Sprintf("不存在的项目%d", i))
	}
	names = append(names, "张村综合文化服务中心") // in a village of 文峪乡
	for _, selection := range []string{"totalCount nodes { id }", "nodes { id }"} {
		var got struct {
			Townships struct {
				Nodes []struct{ Projects idPage }
			}
		}
		h.data(t, `query($n: [String!]) { townships(first: 100) { nodes { projects(filter: {name: {in: $n}}) { `+selection+` } } } }`,
			map[string]any{"n": names}, &got)
		var want struct{ Projects idPage }
		h.data(t, `query($n: [String!]) { projects(filter: {name: {in: $n}}) { totalCount nodes { id } } }`, map[string]any{"n": names}, &want)
		found := 0
		for _, tw := range got.Townships.Nodes {
			found += len(tw.Projects.Nodes)
		}
		if found != want.Projects.TotalCount || found == 0 {
			t.Errorf("%s: %d projects under the townships, want the %d the filter finds", selection, found, want.Projects.TotalCount)
		}
	}
}
