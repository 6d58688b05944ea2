package api_test

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
)

// TestMetrics sends an answered, a refused and a malformed request and reads /metrics as
// Prometheus would: each is counted by operation and outcome, refusals by their code, and the
// statements, the pool and the cache are there.
func TestMetrics(t *testing.T) {
	h := newHarness(t, store.SQLite)
	h.query(t, `query Counties { counties(first: 2) { totalCount } }`, nil)
	h.query(t, `query Greedy { region(code: "411224") { `+repeat(31, func(i int) string { return "n" + strconv.Itoa(i) + ": name" })+` } }`, nil)
	res, err := http.Post(h.url+api.QueryPath, "application/json", strings.NewReader(`[{"query": "{ __typename }"}]`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()

	res, err = http.Get(h.url + api.MetricsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	text := string(raw)
	for _, want := range []string{
		`aidgraph_requests_total{operation="Counties",outcome="ok"} 1`,
		`aidgraph_requests_total{operation="Greedy",outcome="refused"} 1`,
		`aidgraph_requests_total{operation="anonymous",outcome="refused"} 1`,
		`aidgraph_rejections_total{reason="TOO_MANY_ALIASES"} 1`,
		`aidgraph_rejections_total{reason="BAD_REQUEST"} 1`,
		`aidgraph_requests_in_flight 0`,
		`aidgraph_request_duration_seconds_count{operation="Counties"} 1`,
		`aidgraph_request_cost_count 2`,
		`go_sql_max_open_connections{db_name="aidgraph"}`,
		`go_goroutines`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if m := regexp.MustCompile(`(?m)^aidgraph_sql_statements_total (\d+)`).FindStringSubmatch(text); m == nil || m[1] == "0" {
		t.Errorf("no SQL statements counted: %v", m)
	}
}
