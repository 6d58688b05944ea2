package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestInternalErrorsAreHidden breaks the database under a running server: the client must get
// INTERNAL_SERVER_ERROR with no detail of the failure, not a 500 and not the SQL error.
func TestInternalErrorsAreHidden(t *testing.T) {
	h := newHarness(t, store.SQLite)
	if err := h.store.Close(); err != nil {
		t.Fatal(err)
	}
	r := h.query(t, `{ projects { totalCount nodes { name } } }`, nil)
	if len(r.Errors) == 0 {
		t.Fatal("no error from a closed database")
	}
	for _, e := range r.Errors {
		if e.Extensions["code"] != "INTERNAL_SERVER_ERROR" || e.Message != "internal error" {
			t.Errorf("got %q with %v, want a bare internal error", e.Message, e.Extensions)
		}
	}
}

// TestBadScalarsAreClientErrors sends values that parse as GraphQL but not as aidgraph's
// scalars: each is INVALID_ARGUMENT with a message that says what was wrong.
func TestBadScalarsAreClientErrors(t *testing.T) {
	h := newHarness(t, store.SQLite)
	for _, c := range []struct{ name, query, says string }{
		{"decimal", `{ figures(filter: {value: {gt: "a lot"}}) { totalCount } }`, "Decimal"},
		{"decimal with 5 places", `{ figures(filter: {value: {gt: "1.23456"}}) { totalCount } }`, "Decimal"},
		{"int64", `{ projects(filter: {budgetYuan: {gt: "many"}}) { totalCount } }`, "Int64"},
		{"impossible date", `{ figures(filter: {periodEnd: {eq: "2019-02-31"}}) { totalCount } }`, "PartialDate"},
		{"date with slashes", `{ figures(filter: {periodEnd: {eq: "2019/12/31"}}) { totalCount } }`, "PartialDate"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := h.query(t, c.query, nil)
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "INVALID_ARGUMENT" || !strings.Contains(r.Errors[0].Message, c.says) {
				t.Errorf("got %+v, want one INVALID_ARGUMENT naming %s", r.Errors, c.says)
			}
		})
	}
}

// TestRequestTimeout runs requests under a deadline that has always passed: every field that
// reads gets TIMEOUT, nothing is a 500 or an internal error, and the connections that the
// stopped statements held serve the next request.
func TestRequestTimeout(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		late := httptest.NewServer(api.New(h.store, api.Options{RequestTimeout: time.Nanosecond}))
		t.Cleanup(late.Close)
		hurried := &harness{url: late.URL, store: h.store}
		for _, q := range []string{
			`{ townships(first: 3) { totalCount nodes { name } } }`,
			`{ region(code: "411224") { name ... on County { townships(first: 5) { nodes { name projects { totalCount } } } } } }`,
		} {
			r := hurried.query(t, q, nil)
			if r.Status != http.StatusOK || len(r.Errors) == 0 {
				t.Fatalf("%s: HTTP %d, errors %+v; want 200 with TIMEOUT errors", q, r.Status, r.Errors)
			}
			for _, e := range r.Errors {
				if e.Extensions["code"] != "TIMEOUT" {
					t.Errorf("%s: %q with %v, want TIMEOUT", q, e.Message, e.Extensions)
				}
			}
		}
		var got struct{ Townships struct{ TotalCount int } }
		h.data(t, `{ townships { totalCount } }`, nil, &got)
		if got.Townships.TotalCount == 0 {
			t.Error("no townships after the timeouts")
		}
	})
}
