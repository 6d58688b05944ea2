package api_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/model"
)

type named struct {
	Name string `json:"name"`
}

func testNestedNavigation(t *testing.T, h *harness) {
	// City → county → township → village, and back up from the village.
	var got struct {
		Region struct {
			Name     string
			Counties struct {
				Nodes []struct {
					Name      string
					Townships struct {
						Nodes []struct {
							Name     string
							Villages struct {
								Nodes []struct {
									Name      string
									Ancestors []named
									Township  struct {
										Name   string
										County struct {
											Name string
											City struct {
												Name     string
												Province named
											}
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
	h.data(t, `{ region(code: "411200") { name ... on City { counties(first: 5) { nodes { name
		townships(first: 20) { nodes { name villages(first: 10) { nodes { name ancestors { name }
			township { name county { name city { name province { name } } } } } } } } } } } } }`, nil, &got)
	c := got.Region.Counties.Nodes
	if got.Region.Name != "三门峡市" || len(c) != 1 || c[0].Name != "卢氏县" {
		t.Fatalf("三门峡市's counties: got %+v", got.Region)
	}
	if n := len(c[0].Townships.Nodes); n != 19 {
		t.Fatalf("卢氏县 has %d townships, want 19", n)
	}
	var villages []string
	for _, tw := range c[0].Townships.Nodes {
		for _, v := range tw.Villages.Nodes {
			villages = append(villages, tw.Name+"/"+v.Name)
			up := v.Township
			if up.Name != tw.Name || up.County.Name != "卢氏县" || up.County.City.Name != "三门峡市" || up.County.City.Province.Name != "河南省" {
				t.Errorf("back up from %s: got %+v", v.Name, up)
			}
			want := []named{{"河南省"}, {"三门峡市"}, {"卢氏县"}, {tw.Name}}
			if !slices.Equal(v.Ancestors, want) {
				t.Errorf("ancestors of %s: got %v, want %v", v.Name, v.Ancestors, want)
			}
		}
	}
	slices.Sort(villages)
	if want := []string{"双龙湾镇/石家村", "文峪乡/张村", "潘河乡/花马村"}; !slices.Equal(villages, want) {
		t.Errorf("villages: got %v, want %v", villages, want)
	}
}

// connections lists every root connection with the GraphQL type of its nodes.
var connections = []struct{ field, typename string }{
	{"provinces", "Province"}, {"cities", "City"}, {"counties", "County"}, {"townships", "Township"},
	{"villages", "Village"}, {"schools", "School"}, {"hospitals", "Hospital"}, {"collectives", "Collective"},
	{"programs", "Program"}, {"projects", "Project"}, {"funds", "Fund"}, {"pairings", "Pairing"},
	{"figures", "Figure"}, {"sources", "Source"},
}

func testNodeForEveryType(t *testing.T, h *harness) {
	var ids []string
	for _, c := range connections {
		var got map[string]struct{ Nodes []struct{ ID string } }
		h.data(t, fmt.Sprintf(`{ %s(first: 1) { nodes { id } } }`, c.field), nil, &got)
		nodes := got[c.field].Nodes
		if len(nodes) != 1 {
			t.Fatalf("%s: no row to fetch", c.field)
		}
		id := nodes[0].ID
		ids = append(ids, id)
		var n struct{ Node struct{ Typename, ID string } }
		h.data(t, `query($id: ID!) { node(id: $id) { typename: __typename id } }`, map[string]any{"id": id}, &n)
		if n.Node.Typename != c.typename || n.Node.ID != id {
			t.Errorf("node(%s): got %+v, want a %s with the same id", id, n.Node, c.typename)
		}
	}
	var all struct{ Nodes []struct{ ID string } }
	h.data(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}, &all)
	if len(all.Nodes) != len(ids) {
		t.Fatalf("nodes(ids:) gave %d objects for %d ids", len(all.Nodes), len(ids))
	}
	for i, n := range all.Nodes {
		if n.ID != ids[i] {
			t.Errorf("nodes[%d]: got %s, want %s", i, n.ID, ids[i])
		}
	}
}

type pageResult struct {
	TotalCount int
	Nodes      []struct{ ID string }
	Edges      []struct {
		Cursor string
		Node   struct{ ID string }
	}
	PageInfo struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
}

const pageFields = `totalCount nodes { id } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`

// fetchPage runs one page of the connection that path names ("counties", or a nested one).
func fetchPage(t *testing.T, h *harness, wrap func(args string) string, args map[string]any) pageResult {
	t.Helper()
	var got map[string]json.RawMessage
	h.data(t, wrap(`(first: $first, after: $after, last: $last, before: $before) { `+pageFields+` }`), args, &got)
	var p pageResult
	for _, raw := range got { // one root field
		if err := json.Unmarshal(dig(raw), &p); err != nil {
			t.Fatal(err)
		}
	}
	for i, e := range p.Edges {
		if e.Node.ID != p.Nodes[i].ID {
			t.Fatalf("edge %d: node %s, but nodes[%d] is %s", i, e.Node.ID, i, p.Nodes[i].ID)
		}
	}
	if n := len(p.Edges); n > 0 && (*p.PageInfo.StartCursor != p.Edges[0].Cursor || *p.PageInfo.EndCursor != p.Edges[n-1].Cursor) {
		t.Fatalf("pageInfo cursors do not match the edges: %+v", p.PageInfo)
	}
	return p
}

// dig descends through single-key objects to the object holding totalCount.
func dig(raw json.RawMessage) json.RawMessage {
	for {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return raw
		}
		if _, ok := m["totalCount"]; ok || len(m) != 1 {
			return raw
		}
		for _, v := range m {
			raw = v
		}
	}
}

func testPaginationVisitsEveryRowOnce(t *testing.T, h *harness) {
	const vars = `query($first: Int, $after: String, $last: Int, $before: String)`
	cases := map[string]func(string) string{}
	for _, c := range connections {
		cases[c.field] = func(args string) string { return vars + `{ ` + c.field + args + ` }` }
	}
	cases["county.townships"] = func(args string) string {
		return vars + `{ region(code: "411224") { ... on County { townships` + args + ` } } }`
	}
	cases["zhengzhou.pairings"] = func(args string) string {
		return vars + `{ region(code: "410100") { pairings` + args + ` } }`
	}
	for name, wrap := range cases {
		t.Run(name, func(t *testing.T) {
			full := fetchPage(t, h, wrap, map[string]any{"first": 100})
			var want []string
			for _, n := range full.Nodes {
				want = append(want, n.ID)
			}
			if len(want) != full.TotalCount || full.PageInfo.HasNextPage || full.PageInfo.HasPreviousPage {
				t.Fatalf("one page of 100: %d rows, totalCount %d, pageInfo %+v", len(want), full.TotalCount, full.PageInfo)
			}
			for _, size := range []int{1, 2, 7} {
				if got := walk(t, h, wrap, size, false); !slices.Equal(got, want) {
					t.Errorf("forward by %d: got %v, want %v", size, got, want)
				}
				if got := walk(t, h, wrap, size, true); !slices.Equal(got, want) {
					t.Errorf("backward by %d: got %v, want %v", size, got, want)
				}
			}
		})
	}
}

// walk pages through a whole connection, forward with first/after or backward with
// last/before, and returns the ids in the connection's order.
func walk(t *testing.T, h *harness, wrap func(string) string, size int, backward bool) []string {
	t.Helper()
	var ids []string
	args := map[string]any{"first": size}
	if backward {
		args = map[string]any{"last": size}
	}
	for range 1000 {
		p := fetchPage(t, h, wrap, args)
		var page []string
		for _, n := range p.Nodes {
			page = append(page, n.ID)
		}
		if len(page) > size {
			t.Fatalf("page of %d rows, asked for %d", len(page), size)
		}
		if backward {
			ids = append(page, ids...)
			if !p.PageInfo.HasPreviousPage {
				return ids
			}
			args = map[string]any{"last": size, "before": *p.PageInfo.StartCursor}
		} else {
			ids = append(ids, page...)
			if !p.PageInfo.HasNextPage {
				return ids
			}
			args = map[string]any{"first": size, "after": *p.PageInfo.EndCursor}
		}
	}
	t.Fatal("pagination did not end")
	return nil
}

func testChineseRoundTrip(t *testing.T, h *harness) {
	d, err := seed.Article()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{} // global id -> name|code
	for _, r := range d.Regions {
		code := ""
		if r.Code != nil {
			code = *r.Code
		}
		want[r.AsRegion().ID()] = r.Name + "|" + code
	}
	got := map[string]string{}
	for _, field := range []string{"provinces", "cities", "counties", "townships", "villages"} {
		var res map[string]struct {
			Nodes []struct {
				ID, Name string
				Code     *string
			}
		}
		h.data(t, `{ `+field+`(first: 100) { nodes { id name code } } }`, nil, &res)
		for _, n := range res[field].Nodes {
			code := ""
			if n.Code != nil {
				code = *n.Code
			}
			got[n.ID] = n.Name + "|" + code
		}
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("region %s: got %q, want %q byte for byte", id, got[id], w)
		}
	}
	quotes := map[string]string{}
	for _, f := range d.Figures {
		quotes[f.ID()] = f.OriginalText + "|" + f.Quote
	}
	var figs struct {
		Figures struct {
			Nodes []struct{ ID, OriginalText, Quote string }
		}
	}
	h.data(t, `{ figures(first: 100) { nodes { id originalText quote } } }`, nil, &figs)
	for _, f := range figs.Figures.Nodes {
		if w := quotes[f.ID]; f.OriginalText+"|"+f.Quote != w {
			t.Errorf("figure %s: got %q|%q, want %q", f.ID, f.OriginalText, f.Quote, w)
		}
	}
	// A character outside the Basic Multilingual Plane needs utf8mb4 in MySQL.
	var school struct{ Schools struct{ Nodes []named } }
	h.data(t, `{ schools { nodes { name } } }`, nil, &school)
	if len(school.Schools.Nodes) != 1 || school.Schools.Nodes[0].Name != fixtureSchoolName {
		t.Errorf("school name: got %+v, want %q", school.Schools.Nodes, fixtureSchoolName)
	}
}

type figureView struct {
	ID, OriginalText, Quote, Unit, Qualifier string
	Value                                    json.Number
	Source                                   struct{ Title string }
	Subject                                  struct{ Typename string }
	PartOf                                   *struct{ OriginalText string }
	Restates                                 *struct{ OriginalText string }
	Parts                                    struct {
		Nodes []struct{ OriginalText string }
	}
}

func testFigures(t *testing.T, h *harness) {
	var got struct{ Figures struct{ Nodes []figureView } }
	h.data(t, `{ figures(first: 100) { nodes { id originalText quote unit qualifier value source { title }
		subject { typename: __typename } partOf { originalText } restates { originalText } parts { nodes { originalText } } } } }`, nil, &got)
	by := map[string]figureView{}
	for _, f := range got.Figures.Nodes {
		by[f.OriginalText+"@"+f.Quote] = f
		if !strings.Contains(f.Quote, f.OriginalText) || !strings.HasPrefix(f.Source.Title, "投入帮扶资金") {
			t.Errorf("figure %s: quote %q, source %q", f.ID, f.Quote, f.Source.Title)
		}
	}
	find := func(text string) figureView {
		t.Helper()
		for k, f := range by {
			if strings.HasPrefix(k, text+"@") {
				return f
			}
		}
		t.Fatalf("no figure printed as %q", text)
		return figureView{}
	}
	tests := []struct {
		text, value, unit, qualifier, subject string
	}{
		{"近800万元", "8000000", "YUAN", "NEARLY", "Pairing"},
		{"3.37亿元", "337000000", "YUAN", "EXACT", "Pairing"},
		{"2273.08万元", "22730800", "YUAN", "EXACT", "Pairing"},
		{"5万余个", "50000", "JOB", "MORE_THAN", "Pairing"},
		{"18.9%", "18.9", "PERCENT", "EXACT", "County"},
		{"0.98%", "0.98", "PERCENT", "EXACT", "County"},
		{"1086万元", "10860000", "YUAN", "EXACT", "Project"},
		{"5000万元", "50000000", "YUAN", "EXACT", "Fund"},
		{"73所", "73", "SCHOOL", "EXACT", "Collective"},
	}
	for _, tt := range tests {
		f := find(tt.text)
		if f.Value.String() != tt.value || f.Unit != tt.unit || f.Qualifier != tt.qualifier || f.Subject.Typename != tt.subject {
			t.Errorf("%s: got value %s %s %s about a %s, want %s %s %s about a %s", tt.text,
				f.Value, f.Unit, f.Qualifier, f.Subject.Typename, tt.value, tt.unit, tt.qualifier, tt.subject)
		}
	}
	if part := find("650人次"); part.PartOf == nil || part.PartOf.OriginalText != "1000多人次" {
		t.Errorf("650人次 should be part of 1000多人次, got %+v", part.PartOf)
	}
	whole := find("1000多人次")
	if len(whole.Parts.Nodes) != 1 || whole.Parts.Nodes[0].OriginalText != "650人次" {
		t.Errorf("1000多人次 parts: got %+v", whole.Parts.Nodes)
	}
	if head := find("3亿多元"); head.Restates == nil || head.Restates.OriginalText != "3.37亿元" {
		t.Errorf("the headline's 3亿多元 should restate 3.37亿元, got %+v", head.Restates)
	}
	// Lushi's own figures: those whose subject is the county or a region inside it.
	var lushi struct {
		Region struct {
			Direct, Subtree struct{ TotalCount int }
		}
	}
	h.data(t, `{ region(code: "411224") { direct: figures(includeDescendants: false) { totalCount }
		subtree: figures { totalCount } } }`, nil, &lushi)
	d, err := seed.Article()
	if err != nil {
		t.Fatal(err)
	}
	about := 0
	for _, f := range d.Figures {
		if f.SubjectType == model.RefRegion && f.SubjectID == 4 { // 卢氏县; none is about its townships
			about++
		}
	}
	if about == 0 || lushi.Region.Direct.TotalCount != about || lushi.Region.Subtree.TotalCount != about {
		t.Errorf("卢氏县 figures: got %+v, want %d about the county", lushi.Region, about)
	}
}

func testPairings(t *testing.T, h *harness) {
	var got struct {
		Zhengzhou struct {
			Helper, Helped struct{ TotalCount int }
		}
		Lushi struct {
			Helped struct {
				Nodes []struct {
					Kind, StartDate *string
					Helper          struct{ Typename, Name string }
					Helped          struct {
						Typename, Name string
						MemberCount    *int
					}
					Parts struct{ TotalCount int }
				}
			}
		}
	}
	h.data(t, `{ zhengzhou: region(code: "410100") { helper: pairings(role: HELPER) { totalCount } helped: pairings(role: HELPED) { totalCount } }
		lushi: region(code: "411224") { helped: pairings(role: HELPED) { nodes { kind startDate parts { totalCount }
			helper { typename: __typename ... on City { name } ... on Collective { name } }
			helped { typename: __typename ... on County { name } ... on Collective { name memberCount } } } } } }`, nil, &got)
	if got.Zhengzhou.Helper.TotalCount != 5 || got.Zhengzhou.Helped.TotalCount != 0 {
		t.Errorf("郑州市 pairings: got %+v, want 5 as helper and none as helped", got.Zhengzhou)
	}
	nodes := got.Lushi.Helped.Nodes
	if len(nodes) != 5 {
		t.Fatalf("卢氏县 is helped in %d pairings, want 5", len(nodes))
	}
	first := nodes[0]
	if *first.Kind != "CITY_COUNTY" || first.StartDate == nil || *first.StartDate != "2018-05" ||
		first.Helper.Name != "郑州市" || first.Helped.Name != "卢氏县" || first.Parts.TotalCount != 4 {
		t.Errorf("the city–county pairing: got %+v", first)
	}
	for _, p := range nodes[1:] {
		if p.Helper.Typename != "Collective" || p.Helped.Typename != "Collective" || p.StartDate != nil {
			t.Errorf("pairing %s: want collectives on both sides and no invented start date, got %+v", *p.Kind, p)
		}
	}
}

func testRegionByCode(t *testing.T, h *harness) {
	tests := []struct{ code, typename, name string }{
		{"411224", "County", "卢氏县"},
		{"411224000000", "County", "卢氏县"},
		{"411224200", "Township", "文峪乡"},
		{"411224200000", "Township", "文峪乡"},
		{"41", "Province", "河南省"},
		{"4101", "City", "郑州市"},
		{"410185", "County", "登封市"},
	}
	for _, tt := range tests {
		var got struct {
			Region struct{ Typename, Name, Code string }
		}
		h.data(t, `query($c: String!) { region(code: $c) { typename: __typename name code } }`, map[string]any{"c": tt.code}, &got)
		if got.Region.Typename != tt.typename || got.Region.Name != tt.name || !strings.HasPrefix(got.Region.Code, tt.code) {
			t.Errorf("region(%s): got %+v, want the %s %s", tt.code, got.Region, tt.typename, tt.name)
		}
	}
}

func testBadInput(t *testing.T, h *harness) {
	tests := []struct {
		name, query string
		vars        map[string]any
		code, arg   string
		path        string
	}{
		{"unknown id", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": gid.Encode("City", 999999)}, "NOT_FOUND", "id", "node"},
		{"id of another type", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": gid.Encode("Township", 4)}, "NOT_FOUND", "id", "node"},
		{"id of unknown type", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": gid.Encode("Spaceship", 1)}, "NOT_FOUND", "id", "node"},
		{"malformed id", `{ node(id: "not an id!") { id } }`, nil, "INVALID_ID", "id", "node"},
		{"malformed cursor", `{ counties(after: "garbage") { totalCount } }`, nil, "INVALID_CURSOR", "after", "counties"},
		{"forged cursor", `{ counties(before: "eyJ2Ijo5LCJvIjoiIiwiaWQiOjF9") { totalCount } }`, nil, "INVALID_CURSOR", "before", "counties"},
		// {"v":2,"o":"name:asc","k":[[1,2]],"id":1}: a sort key no column can hold
		{"cursor with an array key", `{ counties(orderBy: [{field: NAME}], after: "eyJ2IjoyLCJvIjoibmFtZTphc2MiLCJrIjpbWzEsMl1dLCJpZCI6MX0") { totalCount } }`, nil, "INVALID_CURSOR", "after", "counties"},
		{"repeated order field", `{ counties(orderBy: [{field: NAME}, {field: NAME, direction: DESC}]) { totalCount } }`, nil, "INVALID_ARGUMENT", "orderBy.1.field", "counties"},
		{"too many values", `query($v: [String!]) { counties(filter: {name: {in: $v}}) { totalCount } }`, map[string]any{"v": make([]string, 1001)}, "INVALID_ARGUMENT", "filter.name.in", "counties"},
		{"filters nested too deep", `{ counties(filter: {not: {not: {not: {not: {not: {not: {not: {not: {name: {eq: "x"}}}}}}}}}}) { totalCount } }`, nil, "INVALID_ARGUMENT", "filter.not.not.not.not.not.not.not.not", "counties"},
		{"too costly", `{ provinces(first: 100) { nodes { cities(first: 100) { nodes { counties(first: 100) { nodes { name } } } } } } }`, nil, "QUERY_TOO_COMPLEX", "", ""},
		{"too costly by default pages", `{ counties { nodes { townships { nodes { villages { nodes { name } } } } } } }`, nil, "QUERY_TOO_COMPLEX", "", ""},
		{"negative first", `{ counties(first: -1) { totalCount } }`, nil, "INVALID_ARGUMENT", "first", "counties"},
		{"page too large", `{ figures(first: 1000) { totalCount } }`, nil, "INVALID_ARGUMENT", "first", "figures"},
		{"first and last", `{ figures(first: 1, last: 1) { totalCount } }`, nil, "INVALID_ARGUMENT", "last", "figures"},
		{"nested negative last", `{ region(code: "411224") { ... on County { townships(last: -5) { totalCount } } } }`, nil, "INVALID_ARGUMENT", "last", "region.townships"},
		{"malformed code", `{ region(code: "41a") { name } }`, nil, "INVALID_ARGUMENT", "code", "region"},
		{"unknown code", `{ region(code: "999999") { name } }`, nil, "NOT_FOUND", "code", "region"},
		{"too many ids", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": make([]string, 101)}, "INVALID_ARGUMENT", "ids", "nodes"},
		{"unknown field", `{ counties { nodes { population } } }`, nil, "GRAPHQL_VALIDATION_FAILED", "", ""},
		{"wrong argument type", `{ counties(first: "ten") { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED", "", ""},
		{"syntax error", `{ counties(first: 1 { totalCount } }`, nil, "GRAPHQL_PARSE_FAILED", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.query(t, tt.query, tt.vars)
			if len(r.Errors) != 1 {
				t.Fatalf("want one error, got %+v", r.Errors)
			}
			e := r.Errors[0]
			if e.Extensions["code"] != tt.code || (tt.arg != "" && e.Extensions["argument"] != tt.arg) {
				t.Errorf("got extensions %v (%s), want code %s argument %q", e.Extensions, e.Message, tt.code, tt.arg)
			}
			if got := pathString(e.Path); got != tt.path {
				t.Errorf("path: got %q, want %q", got, tt.path)
			}
			if e.Message == "" || strings.Contains(strings.ToLower(e.Message), "sql") {
				t.Errorf("message %q should explain the problem without internals", e.Message)
			}
		})
	}
	t.Run("nodes with one bad id", func(t *testing.T) {
		good := model.Division{RowID: 4, Level: model.RegionLevelCounty}
		r := h.query(t, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{good.AsRegion().ID(), "bad!"}})
		var data struct{ Nodes []*struct{ ID string } }
		if err := json.Unmarshal(r.Data, &data); err != nil || len(data.Nodes) != 2 || data.Nodes[0] == nil || data.Nodes[1] != nil {
			t.Fatalf("data: got %s (%v), want the county then null", r.Data, err)
		}
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "INVALID_ID" || pathString(r.Errors[0].Path) != "nodes.1" ||
			r.Errors[0].Extensions["argument"] != "ids.1" {
			t.Errorf("errors: got %+v, want one INVALID_ID at nodes.1 naming argument ids.1", r.Errors)
		}
	})
}

func pathString(p []any) string {
	parts := make([]string, len(p))
	for i, x := range p {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ".")
}

func testBigMoney(t *testing.T, h *harness) {
	var got struct {
		Projects struct {
			Nodes []struct{ BudgetYuan *json.Number }
		}
	}
	h.data(t, `{ projects { nodes { budgetYuan } } }`, nil, &got)
	want := fmt.Sprint(fixtureBudget)
	for _, p := range got.Projects.Nodes {
		if p.BudgetYuan != nil && p.BudgetYuan.String() == want {
			return
		}
	}
	t.Errorf("no project with a budget of %s yuan (past 2^31) came back exactly: %+v", want, got.Projects.Nodes)
}
