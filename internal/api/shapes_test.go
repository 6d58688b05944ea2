package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// The media types a client may accept: the GraphQL-over-HTTP specification answers a request
// error 200 under the first and 4xx under the second, never with a data entry.
const (
	acceptJSON            = "application/json"
	acceptGraphQLResponse = "application/graphql-response+json"
)

// shapeRequest is one request as a client sends it: a POST of body, or a GET of params.
type shapeRequest struct {
	get    url.Values     // a GET with these parameters, when set
	body   map[string]any // else a POST of this body
	editor bool           // with an editor's key
}

// TestRequestErrorShapes sends each request the server refuses before anything runs and checks
// what a client reads under both media types: the status, one error with its code and a message
// that says what was wrong, no data entry, the header the status calls for, and no ERROR in the
// server's log. Nothing any of them asks for is written.
func TestRequestErrorShapes(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		editor := makeKey(t, h.store, "shapes-editor", auth.RoleEditor)
		post := func(q string, vars map[string]any) map[string]any {
			return map[string]any{"query": q, "variables": vars}
		}
		project := with(baseInputs()["Project"], "name", "不应写入的项目")
		const (
			varCode     = "GRAPHQL_VALIDATION_FAILED"
			countiesDoc = `query($n: Int) { counties(first: $n) { totalCount } }`
			projectsDoc = `query($f: ProjectFilter) { projects(filter: $f) { totalCount } }`
		)
		hash := func(s string) map[string]any {
			return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": s}}
		}
		for _, c := range []struct {
			name string
			req  shapeRequest
			// status under application/json and under application/graphql-response+json
			jsonStatus, graphQLStatus int
			code, says                string
			header                    [2]string // a header the answer must carry, and its value's start
		}{
			{"mutation over GET", shapeRequest{get: url.Values{"query": {`mutation { __typename }`}}},
				405, 405, "METHOD_NOT_ALLOWED", "must be sent with POST", [2]string{"Allow", "POST"}},
			{"keyed mutation over GET", shapeRequest{get: url.Values{"query": {`mutation { __typename }`}}, editor: true},
				405, 405, "METHOD_NOT_ALLOWED", "must be sent with POST", [2]string{"Allow", "POST"}},
			{"persisted query's hash not the query's", shapeRequest{body: map[string]any{"query": `{ __typename }`,
				"extensions": hash(strings.Repeat("0", 64))}},
				400, 400, "BAD_REQUEST", "sha256Hash is not the SHA-256 of the query", [2]string{}},
			{"persisted query version 2", shapeRequest{body: map[string]any{"query": `{ __typename }`,
				"extensions": map[string]any{"persistedQuery": map[string]any{"version": 2, "sha256Hash": "x"}}}},
				400, 400, "BAD_REQUEST", "version must be 1", [2]string{}},
			{"persisted query not an object", shapeRequest{body: map[string]any{"query": `{ __typename }`,
				"extensions": map[string]any{"persistedQuery": "abc"}}},
				400, 400, "BAD_REQUEST", "extensions.persistedQuery must be", [2]string{}},
			{"two operations without operationName", shapeRequest{body: post(`query A { __typename } query B { __typename }`, nil)},
				200, 400, varCode, "the document holds 2 operations (A, B): operationName must name the one to run", [2]string{}},
			{"operationName naming none", shapeRequest{body: map[string]any{"query": `query A { __typename }`, "operationName": "C"}},
				200, 400, varCode, `operationName "C" names no operation`, [2]string{}},
			{"too complex", shapeRequest{body: post(`{ counties { nodes { townships { nodes { villages { nodes { name } } } } } } }`, nil)},
				200, 400, "QUERY_TOO_COMPLEX", "could return too much", [2]string{}},
			{"mutation without a key", shapeRequest{body: post(createDoc("Project"), map[string]any{"in": project})},
				401, 401, "UNAUTHENTICATED", "needs an API key", [2]string{"WWW-Authenticate", "Bearer"}},
			{"number for a String", shapeRequest{body: post(`query($c: String!) { region(code: $c) { name } }`, map[string]any{"c": 5})},
				200, 400, varCode, `Variable "$c" got invalid value 5; String cannot represent a non string value: 5`, [2]string{}},
			{"string for an Int", shapeRequest{body: post(countiesDoc, map[string]any{"n": "5"})},
				200, 400, varCode, `Variable "$n" got invalid value "5"; Int cannot represent non-integer value: "5"`, [2]string{}},
			{"fraction for an Int", shapeRequest{body: post(countiesDoc, map[string]any{"n": 1.5})},
				200, 400, varCode, `Variable "$n" got invalid value 1.5; Int cannot represent non-integer value: 1.5`, [2]string{}},
			{"Int past 32 bits", shapeRequest{body: post(countiesDoc, map[string]any{"n": int64(1) << 31})},
				200, 400, varCode, "Int cannot represent non 32-bit signed integer value: 2147483648", [2]string{}},
			{"string for an Int in GET", shapeRequest{get: url.Values{"query": {countiesDoc}, "variables": {`{"n": "5"}`}}},
				200, 400, varCode, `Int cannot represent non-integer value: "5"`, [2]string{}},
			{"fraction for an Int in a filter", shapeRequest{body: post(`query($f: CollectiveFilter) { collectives(filter: $f) { totalCount } }`,
				map[string]any{"f": map[string]any{"memberCount": map[string]any{"gt": 1.5}}})},
				200, 400, varCode, `got invalid value 1.5 at "f.memberCount.gt"; Int cannot represent non-integer value: 1.5`, [2]string{}},
			{"lowercase enum in a filter's eq", shapeRequest{body: post(projectsDoc,
				map[string]any{"f": map[string]any{"category": map[string]any{"eq": "health"}}})},
				200, 400, varCode, `at "f.category.eq"; Value "health" does not exist in "ProjectCategory" enum. Did you mean the enum value "HEALTH"?`, [2]string{}},
			{"lowercase enum in a filter's in", shapeRequest{body: post(projectsDoc,
				map[string]any{"f": map[string]any{"category": map[string]any{"in": []string{"HEALTH", "water"}}}})},
				200, 400, varCode, `at "f.category.in.1"; Value "water" does not exist`, [2]string{}},
			{"lowercase enum variable", shapeRequest{body: post(`query($c: ProjectCategory) { projects(filter: {category: {eq: $c}}) { totalCount } }`,
				map[string]any{"c": "health"})},
				200, 400, varCode, `Variable "$c" got invalid value "health"; Value "health" does not exist`, [2]string{}},
			{"lowercase enum in ProjectInput", shapeRequest{body: post(createDoc("Project"), map[string]any{"in": with(project, "category", "health")}), editor: true},
				200, 400, varCode, `at "in.category"; Value "health" does not exist in "ProjectCategory" enum. Did you mean the enum value "HEALTH"?`, [2]string{}},
			{"number for a String in ProjectInput", shapeRequest{body: post(createDoc("Project"), map[string]any{"in": with(project, "quote", 5)}), editor: true},
				200, 400, varCode, `at "in.quote"; String cannot represent a non string value: 5`, [2]string{}},
		} {
			for _, accept := range []string{acceptJSON, acceptGraphQLResponse} {
				t.Run(c.name+"/"+accept, func(t *testing.T) {
					header := map[string]string{"Accept": accept}
					if c.req.editor {
						header["Authorization"] = "Bearer " + editor
					}
					want := c.jsonStatus
					if accept == acceptGraphQLResponse {
						want = c.graphQLStatus
					}
					var status int
					var got http.Header
					var raw []byte
					errorsLogged := countErrorLogs(t, func() {
						status, got, raw = sendShape(t, h.url, c.req, header)
					})
					if status != want {
						t.Errorf("HTTP %d, want %d: %s", status, want, raw)
					}
					var body map[string]json.RawMessage
					if err := json.Unmarshal(raw, &body); err != nil {
						t.Fatalf("not JSON (%v): %s", err, raw)
					}
					if _, ok := body["data"]; ok {
						t.Errorf("a data entry, though nothing ran: %s", raw)
					}
					r := decodeResponse(t, status, raw)
					if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != c.code || !strings.Contains(r.Errors[0].Message, c.says) {
						t.Errorf("errors %+v, want one %s saying %q", r.Errors, c.code, c.says)
					}
					if c.header[0] != "" && !strings.HasPrefix(got.Get(c.header[0]), c.header[1]) {
						t.Errorf("%s: %q, want %q", c.header[0], got.Get(c.header[0]), c.header[1])
					}
					if errorsLogged > 0 {
						t.Errorf("%d ERROR lines logged for a client's mistake", errorsLogged)
					}
				})
			}
		}
		var got struct{ Projects struct{ TotalCount int } }
		h.data(t, `{ projects(filter: {name: {eq: "不应写入的项目"}}) { totalCount } }`, nil, &got)
		if got.Projects.TotalCount != 0 {
			t.Errorf("a refused mutation wrote %d projects", got.Projects.TotalCount)
		}
	})
}

// TestStrictVariablesAcceptWhatTheSpecificationDoes sends the values that input coercion takes:
// they must still run, so the checks refuse no more than they should.
func TestStrictVariablesAcceptWhatTheSpecificationDoes(t *testing.T) {
	h := newHarness(t, store.SQLite)
	for _, c := range []struct {
		name, query string
		vars        map[string]any
	}{
		{"Int", `query($n: Int) { counties(first: $n) { totalCount } }`, map[string]any{"n": 2}},
		{"negative Int in a filter", `query($f: CollectiveFilter) { collectives(filter: $f) { totalCount } }`,
			map[string]any{"f": map[string]any{"memberCount": map[string]any{"gt": -2147483648}}}},
		{"enum", `query($c: ProjectCategory) { projects(filter: {category: {eq: $c}}) { totalCount } }`, map[string]any{"c": "HEALTH"}},
		{"one enum for a list", `query($f: ProjectFilter) { projects(filter: $f) { totalCount } }`,
			map[string]any{"f": map[string]any{"category": map[string]any{"in": "HEALTH"}}}},
		{"String", `query($c: String!) { region(code: $c) { name } }`, map[string]any{"c": "411224"}},
		{"ID as a number", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": 5}},
		{"Int64 as a string", `query($f: ProjectFilter) { projects(filter: $f) { totalCount } }`,
			map[string]any{"f": map[string]any{"budgetYuan": map[string]any{"gt": "1000"}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := h.query(t, c.query, c.vars)
			for _, e := range r.Errors {
				if e.Extensions["code"] == "GRAPHQL_VALIDATION_FAILED" {
					t.Errorf("refused: %+v", r.Errors)
				}
			}
		})
	}
}

// sendShape sends req with header and returns the status, the headers and the body.
func sendShape(t *testing.T, base string, req shapeRequest, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	if req.get == nil {
		return send(t, base, req.body, header)
	}
	r, _ := http.NewRequest(http.MethodGet, base+api.QueryPath+"?"+req.get.Encode(), nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, raw
}

// countErrorLogs runs f and counts the records logged at ERROR meanwhile (the tests of this
// package run one at a time).
func countErrorLogs(t *testing.T, f func()) int64 {
	t.Helper()
	prev := slog.Default()
	var n atomic.Int64
	slog.SetDefault(slog.New(errorCounter{Handler: slog.NewTextHandler(io.Discard, nil), n: &n}))
	defer slog.SetDefault(prev)
	f()
	return n.Load()
}

type errorCounter struct {
	slog.Handler
	n *atomic.Int64
}

func (h errorCounter) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		h.n.Add(1)
	}
	return h.Handler.Handle(ctx, r)
}

func (h errorCounter) WithAttrs(as []slog.Attr) slog.Handler {
	return errorCounter{Handler: h.Handler.WithAttrs(as), n: h.n}
}

func (h errorCounter) WithGroup(name string) slog.Handler {
	return errorCounter{Handler: h.Handler.WithGroup(name), n: h.n}
}

// TestPersistedQueries goes the way of an Apollo client: the hash alone, unknown, is
// PERSISTED_QUERY_NOT_FOUND (which the client answers by sending the query with it); the query
// with its hash runs; then the hash alone runs it.
func TestPersistedQueries(t *testing.T) {
	h := newHarness(t, store.SQLite)
	const q = `{ counties(first: 1) { totalCount } }`
	sum := sha256.Sum256([]byte(q))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	for i, c := range []struct {
		body map[string]any
		code string // "" for data
	}{
		{map[string]any{"extensions": ext}, "PERSISTED_QUERY_NOT_FOUND"},
		{map[string]any{"query": q, "extensions": ext}, ""},
		{map[string]any{"extensions": ext}, ""},
	} {
		status, _, raw := send(t, h.url, c.body, nil)
		r := decodeResponse(t, status, raw)
		switch {
		case c.code == "" && (status != http.StatusOK || len(r.Errors) > 0 || !strings.Contains(string(r.Data), "totalCount")):
			t.Errorf("step %d: HTTP %d %s, want the data", i, status, raw)
		case c.code != "" && (len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != c.code):
			t.Errorf("step %d: HTTP %d %s, want %s", i, status, raw, c.code)
		}
	}
}
