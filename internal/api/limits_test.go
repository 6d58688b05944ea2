package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// nest wraps inner in n levels of `cities(first: 1) { nodes { province { ... } } }`, the shape
// that once hid a query's cost below the depth the estimate looked at.
func nest(n int, inner string) string {
	q := inner
	for range n {
		q = "cities(first: 1) { nodes { province { " + q + " } } }"
	}
	return "{ provinces(first: 1) { nodes { " + q + " } } }"
}

func repeat(n int, f func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
		b.WriteString(" ")
	}
	return b.String()
}

// TestAbuseIsRefusedBeforeSQL sends each kind of abuse to a server whose database is closed:
// each must be refused with its own code, its figure and the limit, which proves no SQL ran
// (a statement would fail, and the answer would be another error).
func TestAbuseIsRefusedBeforeSQL(t *testing.T) {
	srv := closedServer(t)
	// Six levels that cost over 100,000 (10,000 townships' counts), under 14 levels of nest.
	heavy := "cities(first: 100) { nodes { counties(first: 100) { nodes { townships(first: 100) { totalCount } } } } }"
	tests := []struct {
		name, query, code, figure string
	}{
		{"deep nesting hides cost", nest(21, heavy), "QUERY_TOO_DEEP", "depth"},
		{"a cycle just past the depth", nest(7, "name"), "QUERY_TOO_DEEP", "depth"},
		{"nesting just under the depth still counts every level", nest(4, heavy), "QUERY_TOO_COMPLEX", "cost"},
		{"a cycle of pages two deep", `{ provinces(first: 100) { nodes { cities(first: 100) { nodes { province { cities(first: 100) { nodes { name } } } } } } } }`, "QUERY_TOO_COMPLEX", "cost"},
		{"too costly", `{ provinces(first: 100) { nodes { cities(first: 100) { nodes { counties(first: 100) { nodes { name } } } } } } }`, "QUERY_TOO_COMPLEX", "cost"},
		{"aliased lookups", "{ " + repeat(50, func(i int) string { return fmt.Sprintf("r%d: region(code: \"411224\") { name }", i) }) + "}", "TOO_MANY_ROOT_FIELDS", "rootFields"},
		{"aliases below the root", `{ region(code: "411224") { ` + repeat(31, func(i int) string { return fmt.Sprintf("n%d: name", i) }) + "} }", "TOO_MANY_ALIASES", "aliases"},
		{"aliased searches", "{ " + repeat(31, func(i int) string { return fmt.Sprintf("s%d: search(text: \"县\") { totalCount }", i) }) + "}", "TOO_MANY_ROOT_FIELDS", "rootFields"},
		{"directives", `{ region(code: "411224") { name ` + repeat(51, func(int) string { return "name @include(if: true)" }) + "} }", "TOO_MANY_DIRECTIVES", "directives"},
		{"fragments spread in fragments", fragmentBomb(13), "QUERY_TOO_COMPLEX", "cost"},
		{"tokens", "{ " + strings.Repeat("__typename ", 50001) + "}", "GRAPHQL_PARSE_FAILED", ""},
		{"a huge literal", `{ counties(filter: {name: {contains: "` + strings.Repeat("县", 100000) + `"}}) { totalCount } }`, "INVALID_ARGUMENT", ""},
		{"a huge search", `{ search(text: "` + strings.Repeat("a", 100000) + `") { totalCount } }`, "INVALID_ARGUMENT", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, srv.URL, map[string]any{"query": tt.query})
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != tt.code {
				t.Fatalf("got %+v, want one %s", r.Errors, tt.code)
			}
			ext := r.Errors[0].Extensions
			if tt.figure != "" && (ext[tt.figure] == nil || ext["limit"] == nil) {
				t.Errorf("extensions %v: want %s and limit", ext, tt.figure)
			}
			if r.Status >= 500 {
				t.Errorf("HTTP %d", r.Status)
			}
		})
	}
}

// closedServer serves aidgraph over a database it has closed: any request that reaches SQL
// fails with another error than the one refusing it.
func closedServer(t *testing.T) *httptest.Server {
	s := testdb.Open(t, store.SQLite)
	srv := httptest.NewServer(api.New(s, api.Options{}))
	t.Cleanup(srv.Close)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return srv
}

// TestClientFaultsAre4xx sends what is not a GraphQL request: each is the client's fault, told
// with a 4xx and a code of its own, before any SQL.
func TestClientFaultsAre4xx(t *testing.T) {
	srv := closedServer(t)
	tests := []struct {
		name, contentType, body string
		status                  int
		code                    string
	}{
		{"malformed JSON", "application/json", `{"query": "{ counties { totalCount } }"`, 400, "BAD_REQUEST"},
		{"a JSON array batch", "application/json", `[{"query": "{ counties { totalCount } }"}]`, 400, "BAD_REQUEST"},
		{"a JSON string", "application/json", `"{ counties { totalCount } }"`, 400, "BAD_REQUEST"},
		{"a body over the limit", "application/json", `{"query": "` + strings.Repeat(" ", 2<<20) + `{ __typename }"}`, 413, "REQUEST_TOO_LARGE"},
		{"text/plain", "text/plain", `{"query": "{ __typename }"}`, 415, "UNSUPPORTED_MEDIA_TYPE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := http.Post(srv.URL+api.QueryPath, tt.contentType, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, _ := io.ReadAll(res.Body)
			var r response
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatalf("HTTP %d, not JSON: %.200s", res.StatusCode, raw)
			}
			if res.StatusCode != tt.status || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != tt.code {
				t.Errorf("HTTP %d, errors %+v; want %d and one %s", res.StatusCode, r.Errors, tt.status, tt.code)
			}
			if len(raw) > 1000 {
				t.Errorf("the answer is %d bytes long: it must not echo the body", len(raw))
			}
		})
	}
}

// fragmentBomb spreads each fragment twice in the one before it: 2^n fields in all.
func fragmentBomb(n int) string {
	q := "{ ...F0 }"
	for i := range n {
		q += fmt.Sprintf(" fragment F%d on Query { ...F%d ...F%d }", i, i+1, i+1)
	}
	return q + fmt.Sprintf(" fragment F%d on Query { provinces(first: 1) { totalCount } }", n)
}

// TestHonestQueriesPass holds the limits to what front ends send: nested aggregates priced once
// per connection, the benchmark's queries, the playground's introspection.
func TestHonestQueriesPass(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		queries := map[string]string{
			"aggregates of every program's projects": `{ programs { nodes { name projects { aggregate { count countWithBudget
					sum { budgetYuan } min { budgetYuan } max { budgetYuan } avg { budgetYuan } } } } } }`,
			"counts under every county": `{ counties { totalCount nodes { name townships { totalCount } projects { totalCount } } } }`,
			"introspection":             introspectionQuery,
		}
		for _, name := range []string{"q1_nested", "q2_list", "q3_aggregate", "q4_deep"} {
			b, err := os.ReadFile(filepath.Join("..", "..", "bench", "queries", name+".graphql"))
			if err != nil {
				t.Fatal(err)
			}
			queries[name] = string(b)
		}
		for name, q := range queries {
			r := h.query(t, q, benchVariables(t, name))
			for _, e := range r.Errors {
				t.Errorf("%s: %s (%v)", name, e.Message, e.Extensions)
			}
		}
	})
}

// TestCostIsReported checks that every response says what its operation cost, and that a
// client may ask for the estimate alone, which runs nothing.
func TestCostIsReported(t *testing.T) {
	h := newHarness(t, store.SQLite)
	q := `{ counties(first: 10) { totalCount nodes { name } } }`
	type costed struct {
		Data       json.RawMessage
		Errors     []gqlError
		Extensions struct{ Cost *api.Cost }
	}
	var ran, estimated costed
	decode(t, postRaw(t, h.url, map[string]any{"query": q}), &ran)
	decode(t, postRaw(t, h.url, map[string]any{"query": q, "extensions": map[string]any{"estimateCost": true}}), &estimated)
	// counties: 1 + 10 (a root field's statement); totalCount: 1 + 10; nodes 10; name 10.
	want := api.Cost{Estimated: 42, Limit: api.DefaultMaxCost}
	if ran.Extensions.Cost == nil || *ran.Extensions.Cost != want || len(ran.Errors) > 0 {
		t.Errorf("ran: cost %+v, errors %v; want %+v", ran.Extensions.Cost, ran.Errors, want)
	}
	if estimated.Extensions.Cost == nil || *estimated.Extensions.Cost != want || string(estimated.Data) != "null" {
		t.Errorf("estimate: cost %+v, data %s; want %+v and no data", estimated.Extensions.Cost, estimated.Data, want)
	}
}

func postRaw(t *testing.T, url string, body map[string]any) []byte {
	t.Helper()
	_, _, raw := send(t, url, body, nil)
	return raw
}

func post(t *testing.T, url string, body map[string]any) response {
	t.Helper()
	status, _, raw := send(t, url, body, nil)
	return decodeResponse(t, status, raw)
}

func decode(t *testing.T, raw []byte, out any) {
	t.Helper()
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
}

// benchVariables reads a benchmark query's variables for the article's data, or none.
func benchVariables(t *testing.T, name string) map[string]any {
	b, err := os.ReadFile(filepath.Join("..", "..", "bench", "queries", name+".article.json"))
	if err != nil {
		return nil
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// introspectionQuery is the query GraphiQL sends to draw its docs (graphql-js's
// getIntrospectionQuery with descriptions), the deepest a playground asks.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
}`

// TestLiveAndReady checks that /healthz says the process serves whatever the database does, and
// /readyz says whether the database answers.
func TestLiveAndReady(t *testing.T) {
	h := newHarness(t, store.SQLite)
	closed := closedServer(t)
	for _, c := range []struct {
		url    string
		status int
	}{
		{h.url + api.HealthPath, 200}, {h.url + api.ReadyPath, 200},
		{closed.URL + api.HealthPath, 200}, {closed.URL + api.ReadyPath, 503},
	} {
		res, err := http.Get(c.url)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Errorf("%s: HTTP %d, want %d", c.url, res.StatusCode, c.status)
		}
	}
}
