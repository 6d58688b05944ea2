package api_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestNestedPageColumns: a nested page of projects reads only the columns its nodes' fields
// need (graph.nodeColumns). Each field, cursor, count and page info must read as it does when
// every column is read (a fragment on the edge reads them all), also when aliases of one
// connection under one parent ask for different fields, through edges and fragments, and when
// the first of them asks for ids alone (an empty list of columns, which must not be taken for
// every column: the page read whole then got the rows read for ids).
func TestNestedPageColumns(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		const all = `id version name nameEn description category status budgetYuan startDate endDate quote
			funder { name } region { name } program { name } source { id } figures(first: 2) { totalCount }`
		for _, desc := range []bool{false, true} {
			var got struct {
				Region struct {
					Cities struct {
						Nodes []struct {
							Counties struct{ Nodes []map[string]page }
						}
					}
				}
			}
			h.data(t, fmt.Sprintf(`{ region(code: "410000") { ... on Province { cities(first: 5) { nodes { counties(first: 5) { nodes {
				ids: projects(first: 4, includeDescendants: %[1]t) { edges { cursor } nodes { id } }
				full: projects(first: 4, includeDescendants: %[1]t) { totalCount pageInfo { hasNextPage endCursor } edges { cursor ... on ProjectEdge { node { `+all+` } } } }
				a: projects(first: 4, includeDescendants: %[1]t) { nodes { name budgetYuan funder { name } } }
				b: projects(first: 4, includeDescendants: %[1]t) { edges { cursor node { ... on Project { status quote region { name } } } } }
				c: projects(first: 4, includeDescendants: %[1]t) { nodes { ...P } }
				d: projects(first: 4, includeDescendants: %[1]t) { totalCount pageInfo { hasNextPage endCursor } nodes { id } }
				e: projects(first: 4, includeDescendants: %[1]t) { pageInfo { hasNextPage endCursor } edges { cursor } }
			} } } } } } }
			fragment P on Project { version nameEn description category startDate endDate program { name } source { id } figures(first: 2) { totalCount } }`, desc), nil, &got)
			var rows int
			for _, city := range got.Region.Cities.Nodes {
				for _, county := range city.Counties.Nodes {
					full := county["full"]
					for alias, p := range county {
						if p.TotalCount != nil && string(p.TotalCount) != string(full.TotalCount) || p.PageInfo != nil && string(p.PageInfo) != string(full.PageInfo) {
							t.Errorf("includeDescendants %t, %s: count %s, %s; want %s, %s", desc, alias, p.TotalCount, p.PageInfo, full.TotalCount, full.PageInfo)
						}
						nodes := p.Nodes
						for k, e := range p.Edges {
							if e.Cursor != "" && e.Cursor != full.Edges[k].Cursor {
								t.Errorf("includeDescendants %t, %s's cursor %d: got %s, want %s", desc, alias, k, e.Cursor, full.Edges[k].Cursor)
							}
							if e.Node != nil {
								nodes = append(nodes, e.Node)
							}
						}
						if alias != "e" && len(nodes) != len(full.Edges) || len(p.Edges) > 0 && len(p.Edges) != len(full.Edges) {
							t.Fatalf("includeDescendants %t, %s: %d nodes, %d edges, want %d", desc, alias, len(nodes), len(p.Edges), len(full.Edges))
						}
						for k, node := range nodes {
							want := full.Edges[k].Node
							rows++
							for field, v := range node {
								if string(v) != string(want[field]) {
									t.Errorf("includeDescendants %t, %s's %s: got %s, want %s", desc, alias, field, v, want[field])
								}
							}
						}
					}
				}
			}
			if rows < 20 {
				t.Fatalf("includeDescendants %t: %d rows compared: the test reads next to nothing", desc, rows)
			}
		}
	})
}

// page is a connection of projects as TestNestedPageColumns reads it.
type page struct {
	TotalCount json.RawMessage
	PageInfo   json.RawMessage
	Nodes      []map[string]json.RawMessage
	Edges      []struct {
		Cursor string
		Node   map[string]json.RawMessage
	}
}
