package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/follow"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// harness is a running server over one test database, reached over real HTTP.
type harness struct {
	url   string
	store *store.Store
}

// gqlError is an error as a client reads it.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// response is a GraphQL response as a client reads it.
type response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// Fixture rows that the article lacks: a school and a hospital (the article names none) and a
// budget past 2^31 yuan. They are loaded only into test databases, as their names say.
const (
	fixtureSchoolName   = "测试学校𠀀（test fixture, not in any source）"
	fixtureHospitalName = "测试卫生院（test fixture）"
	fixtureBudget       = int64(5_000_000_123)
)

func newHarness(t testing.TB, d store.Dialect) *harness {
	t.Helper()
	s := testdb.Open(t, d)
	wenyu, stage := int64(39), model.SchoolStagePrimary
	budget, name := fixtureBudget, "大额预算测试项目（test fixture）"
	fixtures := &store.Dataset{
		Name: "test-fixtures", Checksum: "1",
		Schools:   []*model.School{{RowID: 9001, Name: fixtureSchoolName, Stage: &stage, RegionID: wenyu, SourceID: 1}},
		Hospitals: []*model.Hospital{{RowID: 9001, Name: fixtureHospitalName, Level: model.HospitalLevelTownshipHealthCentre, RegionID: wenyu, SourceID: 1}},
		Projects: []*model.Project{{RowID: 9001, Name: name, Category: model.ProjectCategoryHealth, BudgetYuan: &budget,
			RegionID: &wenyu, Quote: "fixture", SourceID: 1}},
	}
	if _, err := s.LoadDataset(context.Background(), fixtures); err != nil {
		t.Fatalf("load fixtures: %v", err)
	}
	followLog(t, s)
	srv := httptest.NewServer(api.New(s, api.Options{CORSOrigins: []string{"*"}}))
	t.Cleanup(srv.Close)
	return &harness{url: srv.URL, store: s}
}

// followLog follows s's change log as a served instance does (server.go): a follower that polls
// every followInterval, woken by s's own commits, which keeps the store's data version fresh so
// that requests do not read it. It returns the follower; it stops with the test.
func followLog(t testing.TB, s *store.Store) *follow.Follower {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	f := follow.New(s, follow.Options{Interval: followInterval})
	s.OnCommit(func(int64) { f.Wake() })
	go f.Run(ctx)
	t.Cleanup(cancel)
	if _, err := f.Head(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

// followInterval is how often test instances poll the log.
const followInterval = 100 * time.Millisecond

// send POSTs body as JSON to the endpoint at url, with the given headers, and returns the
// status, the response's headers and its body. It fails the test if no answer comes.
func send(t testing.TB, url string, body any, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url+api.QueryPath, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, raw
}

// decodeResponse reads a response as a client does; it fails the test on a body that is not JSON.
func decodeResponse(t testing.TB, status int, raw []byte) response {
	t.Helper()
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("HTTP %d, response is not JSON (%v): %.300s", status, err, raw)
	}
	r.Status = status
	return r
}

// query POSTs a GraphQL request and decodes the response. It fails the test on an HTTP 5xx or a
// body that is not JSON: no input may ever cause either.
func (h *harness) query(t *testing.T, q string, vars map[string]any) response {
	t.Helper()
	status, _, raw := send(t, h.url, map[string]any{"query": q, "variables": vars}, nil)
	if status >= 500 {
		t.Fatalf("HTTP %d for %s: %s", status, q, raw)
	}
	return decodeResponse(t, status, raw)
}

// data runs q, requires that it has no errors, and decodes its data into out.
func (h *harness) data(t *testing.T, q string, vars map[string]any, out any) {
	t.Helper()
	r := h.query(t, q, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v\nquery: %s", r.Errors, q)
	}
	dec := json.NewDecoder(bytes.NewReader(r.Data))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		t.Fatalf("decode %s: %v", r.Data, err)
	}
}

// TestAPI runs the end-to-end suite on every database at hand.
func TestAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		for _, c := range []struct {
			name string
			run  func(*testing.T, *harness)
		}{
			{"NestedNavigation", testNestedNavigation},
			{"NodeForEveryType", testNodeForEveryType},
			{"PaginationVisitsEveryRowOnce", testPaginationVisitsEveryRowOnce},
			{"ChineseRoundTrip", testChineseRoundTrip},
			{"Figures", testFigures},
			{"Pairings", testPairings},
			{"RegionByCode", testRegionByCode},
			{"BadInput", testBadInput},
			{"BigMoney", testBigMoney},
			{"SiblingPagesBothWays", testSiblingPagesBothWays},
			{"EitherSidePairings", testEitherSidePairings},
			{"SubtreePages", testSubtreePages},
			{"SubtreePagesWithLargeFilters", testSubtreePagesWithLargeFilters},
		} {
			t.Run(c.name, func(t *testing.T) { c.run(t, h) })
		}
	})
}
