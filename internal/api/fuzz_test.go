package api_test

import (
	"encoding/json"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
)

// FuzzFilter sends any JSON as a project filter, through the whole stack on SQLite: the filter
// compiler and the database may refuse it, but only as the client's error, never a 5xx or an
// internal one.
func FuzzFilter(f *testing.F) {
	for _, s := range []string{
		`{"name": {"contains": "卢氏"}}`,
		`{"or": [{"budgetYuan": {"gt": "100"}}, {"not": {"status": {"eq": "COMPLETED"}}}]}`,
		`{"region": {"within": "411224"}, "startDate": {"gte": "2018-05"}}`,
		`{"name": {"in": []}}`,
		`{"id": {"eq": "UHJvamVjdDox"}}`,
		`{"and": [{"and": [{"and": [{"name": {"startsWith": "%_!"}}]}]}]}`,
		`{"program": {"name": {"eq": null}}}`,
	} {
		f.Add(s)
	}
	h := newHarness(f, store.SQLite)
	f.Fuzz(func(t *testing.T, filter string) {
		var v any
		if json.Unmarshal([]byte(filter), &v) != nil {
			return // not JSON: the request check refuses it before GraphQL
		}
		r := h.query(t, `query($f: ProjectFilter) { projects(filter: $f, first: 3) { totalCount nodes { name } } }`, map[string]any{"f": v})
		for _, e := range r.Errors {
			if e.Extensions["code"] == "INTERNAL_SERVER_ERROR" {
				t.Errorf("filter %s: internal error (%s)", filter, e.Message)
			}
		}
	})
}
