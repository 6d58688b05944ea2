package api_test

import (
	"slices"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

type hit struct {
	Score        int
	MatchedField string
	Node         struct {
		Typename     string
		Name         string
		OriginalText string
	}
}

const hitFields = `score matchedField node { typename: __typename ... on Region { name } ... on Project { name }
	... on Figure { originalText } ... on Collective { name } ... on Program { name } ... on Fund { name } ... on School { name } }`

func TestSearch(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		search := func(t *testing.T, text string, types string) (int, []hit) {
			t.Helper()
			var got struct {
				Search struct {
					TotalCount int
					Nodes      []hit
				}
			}
			h.data(t, `query($q: String!) { search(text: $q`+types+`, first: 100) { totalCount nodes { `+hitFields+` } } }`,
				map[string]any{"q": text}, &got)
			for i := 1; i < len(got.Search.Nodes); i++ {
				if got.Search.Nodes[i].Score > got.Search.Nodes[i-1].Score {
					t.Errorf("%q: hits not best first: %d then %d", text, got.Search.Nodes[i-1].Score, got.Search.Nodes[i].Score)
				}
			}
			if len(got.Search.Nodes) != got.Search.TotalCount {
				t.Errorf("%q: %d hits on one page, totalCount %d", text, len(got.Search.Nodes), got.Search.TotalCount)
			}
			return got.Search.TotalCount, got.Search.Nodes
		}
		tests := []struct {
			text, types           string
			typename, name, text2 string
			score                 int
			field                 string
		}{
			{"卢氏县", "", "County", "卢氏县", "", 100, "name"},
			{"卢氏", "", "County", "卢氏县", "", 80, "name"},
			{"lushi county", "", "County", "卢氏县", "", 100, "nameEn"},
			{"LUSHI", "", "County", "卢氏县", "", 80, "nameEn"},
			{"盧氏縣", "", "County", "卢氏县", "", 100, "name"},    // traditional characters find simplified ones
			{"ＬＵＳＨＩ", "", "County", "卢氏县", "", 80, "nameEn"}, // and full-width letters ASCII ones
			{"411224200000", "", "Township", "文峪乡", "", 100, "code"},
			{"411224", "", "County", "卢氏县", "", 100, "code"}, // a code's prefix form names the region
			{"4112", "", "City", "三门峡市", "", 100, "code"},
			{"近800万元", "", "Figure", "", "近800万元", 100, "originalText"},
			{"远程影像", "", "Project", "远程影像医疗系统", "", 80, "name"},
			{"张村", ", types: [REGION]", "Village", "张村", "", 100, "name"},
			{"教育", ", types: [PROGRAM]", "Program", "教育扶贫帮扶工程", "", 80, "name"},
			{"12家医院", ", types: [COLLECTIVE]", "Collective", "郑州市属12家医院", "", 60, "name"},
		}
		for _, tt := range tests {
			t.Run(tt.text+tt.types, func(t *testing.T) {
				_, hits := search(t, tt.text, tt.types)
				if len(hits) == 0 {
					t.Fatalf("no hits")
				}
				top := hits[0]
				if top.Node.Typename != tt.typename || top.Node.Name != tt.name || top.Node.OriginalText != tt.text2 ||
					top.Score != tt.score || top.MatchedField != tt.field {
					t.Errorf("best hit %+v, want a %s %q%q scoring %d on %s", top, tt.typename, tt.name, tt.text2, tt.score, tt.field)
				}
				if tt.types != "" {
					for _, x := range hits {
						if x.Node.Typename != tt.typename {
							t.Errorf("types%s let a %s through", tt.types, x.Node.Typename)
						}
					}
				}
			})
		}
		t.Run("wildcards match literally", func(t *testing.T) {
			// Only the two figures printed with a percent sign contain a literal %.
			if n, hits := search(t, "%", ""); n != 2 || hits[0].Node.OriginalText != "18.9%" && hits[0].Node.OriginalText != "0.98%" {
				t.Errorf("%% matched %d objects: %+v", n, hits)
			}
			if n, _ := search(t, "_", ""); n != 0 {
				t.Errorf("_ matched %d objects", n)
			}
		})
		t.Run("quotes are searched", func(t *testing.T) {
			_, hits := search(t, "五免一减", ", types: [FIGURE, PROJECT]")
			if len(hits) != 0 {
				t.Errorf("五免一减 is in no quote of a figure or project, got %+v", hits)
			}
			_, hits = search(t, "覆盖了卢氏县所有建制学校", "")
			if len(hits) == 0 || hits[0].Score != 30 || hits[0].MatchedField != "quote" {
				t.Errorf("a phrase from a quote: %+v", hits)
			}
		})
		t.Run("pages both ways", func(t *testing.T) {
			const vars = `query($first: Int, $after: String, $last: Int, $before: String)`
			wrap := func(args string) string {
				return vars + `{ search(text: "乡", ` + args[1:] + ` }`
			}
			full := fetchPage(t, h, wrap, map[string]any{"first": 100})
			var want []string
			for _, n := range full.Nodes {
				want = append(want, n.ID)
			}
			if len(want) < 5 {
				t.Fatalf("want several hits for 乡, got %d", len(want))
			}
			for _, size := range []int{1, 3} {
				if got := walk(t, h, wrap, size, false); !slices.Equal(got, want) {
					t.Errorf("forward by %d: %v, want %v", size, got, want)
				}
				if got := walk(t, h, wrap, size, true); !slices.Equal(got, want) {
					t.Errorf("backward by %d: %v, want %v", size, got, want)
				}
			}
		})
		t.Run("bad input", func(t *testing.T) {
			for _, c := range []struct{ q, arg string }{
				{`{ search(text: "  ") { totalCount } }`, "text"},
				{`{ search(text: "x", types: []) { totalCount } }`, "types"},
			} {
				r := h.query(t, c.q, nil)
				if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "INVALID_ARGUMENT" || r.Errors[0].Extensions["argument"] != c.arg {
					t.Errorf("%s: %+v", c.q, r.Errors)
				}
			}
		})
	})
}
