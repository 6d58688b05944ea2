package api_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestRegionsInCodeOrder: region lists come by code, as the schema says ("All counties, by
// code"), not by id (卢氏县's id is earlier than 中原区's): from the division tree and from SQL,
// page after page through keyset cursors, forward and backward, with codeless villages first
// by id. ID still orders by id.
func TestRegionsInCodeOrder(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		w := newWrites(t, d)
		// Villages without a code, and one with a code, recorded out of code order.
		b := baseInputs()
		w.create(t, w.editor, "Village", with(b["Village"], "name", "无码测试村甲", "code", omit))
		w.create(t, w.editor, "Village", with(b["Village"], "name", "有码测试村", "code", "411224200001"))
		w.create(t, w.editor, "Village", with(b["Village"], "name", "无码测试村乙", "code", omit))

		var first struct {
			Counties struct{ Nodes []struct{ Code string } }
		}
		w.ok(t, "", `{ counties(first: 3) { nodes { code } } }`, nil, &first)
		if n := first.Counties.Nodes; len(n) != 3 || !slices.IsSortedFunc(n, func(a, b struct{ Code string }) int { return strings.Compare(a.Code, b.Code) }) || n[0].Code != "410102000000" {
			t.Errorf("counties(first: 3): %v, want codes ascending from 410102000000 (中原区)", n)
		}

		cases := []struct{ name, root, args, where string }{
			{"counties (tree)", "counties", "", "level = 'COUNTY'"},
			{"townships (tree)", "townships", "", "level = 'TOWNSHIP'"},
			{"cities (tree)", "cities", "", "level = 'CITY'"},
			{"counties named with 区 (SQL)", "counties", `filter: {name: {contains: "区"}}`, "level = 'COUNTY' AND name LIKE '%区%'"},
			{"villages (SQL)", "villages", "", "level = 'VILLAGE'"},
			{"every region (SQL)", "regions", "", "1 = 1"},
			{"townships of Lushi, explicitly by code (tree)", "townships", `filter: {within: "411224"}, orderBy: [{field: CODE}]`,
				"level = 'TOWNSHIP' AND code LIKE '411224%'"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var want []string
				for _, r := range sqlRows(t, w.db, "SELECT id FROM regions WHERE "+c.where+" ORDER BY code, id") {
					want = append(want, r[0])
				}
				if len(want) < 2 {
					t.Fatalf("%d rows: too few to test an order", len(want))
				}
				for _, backward := range []bool{false, true} {
					if got := pageThrough(t, w, c.root, c.args, backward); !slices.Equal(got, want) {
						t.Errorf("backward %v: ids %v, want (by code, then id) %v", backward, got, want)
					}
				}
			})
		}
		t.Run("ID orders by id", func(t *testing.T) {
			var got struct {
				Counties struct{ Nodes []struct{ ID string } }
			}
			w.ok(t, "", `{ counties(first: 100, orderBy: [{field: ID}]) { nodes { id } } }`, nil, &got)
			ids := []int64{}
			for _, n := range got.Counties.Nodes {
				_, id, _ := gid.Decode(n.ID)
				ids = append(ids, id)
			}
			if !slices.IsSorted(ids) || len(ids) < 3 {
				t.Errorf("counties by ID: %v, want ids ascending", ids)
			}
		})
	})
}

// pageThrough reads every row of a region connection three at a time, by cursor, forward or
// backward, and returns their row ids in the connection's order.
func pageThrough(t *testing.T, w *writes, root, args string, backward bool) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for range 1000 {
		page := "first: 3"
		if backward {
			page = "last: 3"
		}
		if cursor != "" {
			if backward {
				page += ", before: " + strconv.Quote(cursor)
			} else {
				page += ", after: " + strconv.Quote(cursor)
			}
		}
		if args != "" {
			page += ", " + args
		}
		var got map[string]struct {
			Nodes    []struct{ ID string }
			PageInfo struct {
				HasNextPage, HasPreviousPage bool
				StartCursor, EndCursor       string
			}
		}
		w.ok(t, "", fmt.Sprintf(`{ %s(%s) { nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, root, page), nil, &got)
		conn := got[root]
		var these []string
		for _, n := range conn.Nodes {
			_, id, err := gid.Decode(n.ID)
			if err != nil {
				t.Fatal(err)
			}
			these = append(these, strconv.FormatInt(id, 10))
		}
		if backward {
			ids = append(these, ids...)
			if !conn.PageInfo.HasPreviousPage {
				return ids
			}
			cursor = conn.PageInfo.StartCursor
		} else {
			ids = append(ids, these...)
			if !conn.PageInfo.HasNextPage {
				return ids
			}
			cursor = conn.PageInfo.EndCursor
		}
	}
	t.Fatal("more than 1000 pages")
	return nil
}
