package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/graph/generated"
	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/namedops"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// figuresOp is a registered operation with typed variables, for /op and the MCP tools.
const figuresOp = `# Figures of one metric, with their qualifiers and quotes.
query Figures($metric: String!, $first: Int = 10, $kind: FigureKind) {
  figures(filter: { metric: { eq: $metric }, kind: { eq: $kind } }, first: $first) {
    nodes { id metric value unit qualifier originalText source { title } }
  }
}
`

// registry opens a test database whose registry holds examples/ (as every start registers
// them) and figuresOp as "figures".
func registry(t *testing.T, d store.Dialect) *store.Store {
	t.Helper()
	s := testdb.Open(t, d)
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	if _, err := namedops.Seed(context.Background(), s, schema, os.DirFS("../../examples")); err != nil {
		t.Fatalf("register examples: %v", err)
	}
	op, err := namedops.Build(schema, "figures", figuresOp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveOperation(context.Background(), op, false); err != nil {
		t.Fatal(err)
	}
	return s
}

func serve(t *testing.T, s *store.Store, opt api.Options) string {
	t.Helper()
	srv := httptest.NewServer(api.New(s, opt))
	t.Cleanup(srv.Close)
	return srv.URL
}

// get GETs url with headers and returns the status, headers and body.
func get(t *testing.T, url string, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

func codeOf(t *testing.T, status int, raw []byte) string {
	t.Helper()
	r := decodeResponse(t, status, raw)
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// TestTrustedDocuments runs each mode: documents by id in all, unknown ones counted in allow
// and refused in enforce, with the admin's key let through.
func TestTrustedDocuments(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := registry(t, d)
		admin := "Bearer " + makeKey(t, s, "admin", auth.RoleAdmin)
		reader := "Bearer " + makeKey(t, s, "reader", auth.RoleReader)
		poverty, err := s.OperationByName(context.Background(), "poverty")
		if err != nil {
			t.Fatal(err)
		}
		unknown := `{ regions(first: 1) { nodes { name } } }`
		for _, c := range []struct {
			mode                     api.TrustMode
			unknownCode              string // "" when it runs
			allowedCount, refusedCnt string
		}{
			{api.TrustOff, "", "0", "0"},
			{api.TrustAllow, "", "3", "0"}, // the admin's counts too
			{api.TrustEnforce, "DOCUMENT_NOT_TRUSTED", "0", "2"},
		} {
			t.Run(string(c.mode), func(t *testing.T) {
				url := serve(t, s, api.Options{TrustedDocuments: c.mode})
				// By documentId (POST and GET) and by the APQ hash alone, a registered one runs.
				for _, body := range []map[string]any{
					{"documentId": poverty.ID()},
					{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": poverty.Hash}}},
					{"query": poverty.Document},
				} {
					status, _, raw := send(t, url, body, map[string]string{"Authorization": reader})
					if r := decodeResponse(t, status, raw); status != 200 || len(r.Errors) > 0 || !strings.Contains(string(r.Data), "qualifier") {
						t.Errorf("%v: HTTP %d %s", body, status, raw)
					}
				}
				status, _, raw := get(t, url+api.QueryPath+"?documentId="+poverty.ID(), nil)
				if status != 200 || !strings.Contains(string(raw), "originalText") {
					t.Errorf("GET documentId: HTTP %d %.200s", status, raw)
				}
				status, _, raw = send(t, url, map[string]any{"documentId": "sha256:" + strings.Repeat("0", 64)}, nil)
				if got := codeOf(t, status, raw); status != 404 || got != "DOCUMENT_NOT_FOUND" {
					t.Errorf("unknown documentId: HTTP %d %s", status, raw)
				}
				// An unregistered document, twice (counted twice, logged once), and with an admin's key.
				for range 2 {
					status, _, raw = send(t, url, map[string]any{"query": unknown}, map[string]string{"Authorization": reader})
					if got := codeOf(t, status, raw); got != c.unknownCode {
						t.Errorf("unregistered document: code %q, want %q (HTTP %d %s)", got, c.unknownCode, status, raw)
					}
				}
				if c.unknownCode != "" && status != http.StatusForbidden {
					t.Errorf("refused with HTTP %d, want 403", status)
				}
				status, _, raw = send(t, url, map[string]any{"query": unknown}, map[string]string{"Authorization": admin})
				if got := codeOf(t, status, raw); got != "" {
					t.Errorf("admin's unregistered document: %s", raw)
				}
				_, _, metrics := get(t, url+api.MetricsPath, nil)
				for action, want := range map[string]string{"allowed": c.allowedCount, "refused": c.refusedCnt} {
					line := `aidgraph_untrusted_documents_total{action="` + action + `"} ` + want
					if want == "0" {
						if strings.Contains(string(metrics), `aidgraph_untrusted_documents_total{action="`+action+`"}`) && !strings.Contains(string(metrics), line) {
							t.Errorf("metrics: want %s", line)
						}
						continue
					}
					if !strings.Contains(string(metrics), line) {
						t.Errorf("metrics: want %s", line)
					}
				}
			})
		}
	})
}

// TestNamedOperationURLs runs /op/NAME in JSON and CSV, with typed variables, a bad variable
// refused with its path, and the ETag.
func TestNamedOperationURLs(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := registry(t, d)
		url := serve(t, s, api.Options{ResultCache: 100, TrustedDocuments: api.TrustEnforce})
		status, hdr, raw := get(t, url+"/op/figures?metric=poor_households&first=2", nil)
		var answer struct {
			Data struct {
				Figures struct {
					Nodes []struct {
						Metric, Qualifier, OriginalText string
						Source                          struct{ Title string }
					}
				}
			}
		}
		if status != 200 || json.Unmarshal(raw, &answer) != nil || len(answer.Data.Figures.Nodes) == 0 {
			t.Fatalf("JSON: HTTP %d %s", status, raw)
		}
		for _, f := range answer.Data.Figures.Nodes {
			if f.Metric != "poor_households" || f.Qualifier == "" || f.OriginalText == "" || f.Source.Title == "" {
				t.Errorf("figure without its metric, qualifier, quote or source: %+v", f)
			}
		}
		etag := hdr.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		if status, _, _ := get(t, url+"/op/figures?metric=poor_households&first=2", map[string]string{"If-None-Match": etag}); status != http.StatusNotModified {
			t.Errorf("If-None-Match: HTTP %d, want 304", status)
		}
		for _, c := range []struct {
			name, target string
			header       map[string]string
		}{
			{"suffix", "/op/figures.csv?metric=poor_households", nil},
			{"Accept", "/op/figures?metric=poor_households", map[string]string{"Accept": "text/csv"}},
		} {
			status, hdr, raw := get(t, url+c.target, c.header)
			if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") ||
				!strings.HasPrefix(string(raw), "\uFEFFid,metric,value,unit,qualifier,originalText,source.title\r\n") {
				t.Errorf("CSV by %s: HTTP %d %s %.300s", c.name, status, hdr.Get("Content-Type"), raw)
			}
		}
		// An example without variables runs too.
		if status, _, raw := get(t, url+"/op/poverty", nil); status != 200 || !strings.Contains(string(raw), "poverty_incidence_rate") {
			t.Errorf("poverty: HTTP %d %.200s", status, raw)
		}
		for _, c := range []struct{ query, argument string }{
			{"metric=poor_households&first=ten", "first"},
			{"metric=poor_households&first=99999999999", "first"},
			{"metric=poor_households&kind=NOPE", "kind"},
			{"first=2", "metric"},
			{"metric=a&region=411224", "region"},
			{"metric=a&metric=b", "metric"},
		} {
			status, _, raw := get(t, url+"/op/figures?"+c.query, nil)
			r := decodeResponse(t, status, raw)
			if status != 400 || len(r.Errors) != 1 || r.Errors[0].Extensions["argument"] != c.argument ||
				r.Errors[0].Extensions["code"] != "INVALID_ARGUMENT" || len(r.Errors[0].Path) < 2 || r.Errors[0].Path[1] != c.argument {
				t.Errorf("%s: HTTP %d %s, want 400 naming %s", c.query, status, raw, c.argument)
			}
		}
		if status, _, raw := get(t, url+"/op/nothing", nil); status != 404 || codeOf(t, status, raw) != "NOT_FOUND" {
			t.Errorf("unknown name: HTTP %d %s", status, raw)
		}
	})
}

// TestRegistrySharedByInstances registers an operation through one instance and runs it by
// id, and at /op, through another on the same database; the operations query of both lists it.
func TestRegistrySharedByInstances(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s1 := registry(t, d)
		s2, err := store.Open(context.Background(), testdb.TargetOf(t, s1), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s2.Close() })
		one := serve(t, s1, api.Options{ResultCache: 100, TrustedDocuments: api.TrustEnforce})
		two := serve(t, s2, api.Options{ResultCache: 100, TrustedDocuments: api.TrustEnforce})
		admin := "Bearer " + makeKey(t, s1, "admin", auth.RoleAdmin)
		list := `{ operations(first: 100) { totalCount nodes { id name description } } }`
		count := func(url string) int {
			status, _, raw := send(t, url, map[string]any{"query": list}, map[string]string{"Authorization": admin})
			var r struct {
				Data struct{ Operations struct{ TotalCount int } }
			}
			if status != 200 || json.Unmarshal(raw, &r) != nil {
				t.Fatalf("operations: HTTP %d %s", status, raw)
			}
			return r.Data.Operations.TotalCount
		}
		before := count(two)
		doc := "# Counties, by code.\nquery Counties { regions(filter: { level: { eq: COUNTY } }) { nodes { code name } } }"
		status, _, raw := send(t, one, map[string]any{"query": `mutation($d: String!) { registerOperation(name: "counties", document: $d) { id name description } }`,
			"variables": map[string]any{"d": doc}}, map[string]string{"Authorization": admin})
		if r := decodeResponse(t, status, raw); len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"sha256:`+namedops.Hash(doc)+`"`) ||
			!strings.Contains(string(r.Data), "Counties, by code.") {
			t.Fatalf("register: HTTP %d %s", status, raw)
		}
		if after := count(two); after != before+1 {
			t.Errorf("the other instance lists %d operations, want %d", after, before+1)
		}
		status, _, raw = send(t, two, map[string]any{"documentId": "sha256:" + namedops.Hash(doc)}, nil)
		if status != 200 || !strings.Contains(string(raw), "卢氏县") {
			t.Errorf("by id on the other instance: HTTP %d %s", status, raw)
		}
		if status, _, raw := get(t, two+"/op/counties", nil); status != 200 || !strings.Contains(string(raw), "卢氏县") {
			t.Errorf("/op on the other instance: HTTP %d %s", status, raw)
		}
		// A reader may not register (on an instance that runs any document); a bad document names
		// its argument.
		open := serve(t, s1, api.Options{})
		reader := "Bearer " + makeKey(t, s1, "reader", auth.RoleReader)
		for _, c := range []struct{ key, name, doc, code string }{
			{reader, "x", doc, "FORBIDDEN"},
			{admin, "Bad Name", doc, "INVALID_ARGUMENT"},
			{admin, "broken", "query { nothing }", "INVALID_ARGUMENT"},
			{admin, "other", doc, "ALREADY_EXISTS"},
		} {
			status, _, raw := send(t, open, map[string]any{"query": `mutation($n: String!, $d: String!) { registerOperation(name: $n, document: $d) { id } }`,
				"variables": map[string]any{"n": c.name, "d": c.doc}}, map[string]string{"Authorization": c.key})
			if got := codeOf(t, status, raw); got != c.code {
				t.Errorf("register %q: code %q, want %q: %s", c.name, got, c.code, raw)
			}
		}
	})
}
