package api_test

import (
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	collector "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/tracing"
)

// TestTrace: with an OTLP endpoint, one request's trace, as a local OTLP/HTTP server receives
// it, has the request's span, its operation's, its batches' and a span per SQL statement (with
// the database and rows), all in one tree; the response names the trace when asked.
func TestTrace(t *testing.T) {
	var mu sync.Mutex
	var spans []*tracepb.Span
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var req collector.ExportTraceServiceRequest
		if err := proto.Unmarshal(raw, &req); err != nil {
			t.Errorf("OTLP body: %v", err)
		}
		mu.Lock()
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				spans = append(spans, ss.Spans...)
			}
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
		out, _ := proto.Marshal(&collector.ExportTraceServiceResponse{})
		_, _ = w.Write(out)
	}))
	defer recv.Close()
	stop, err := tracing.Start(context.Background(), recv.URL)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, store.SQLite) // after Start: the server adds its operation spans
	q := benchQueries(t)[0]          // Q1, nested: batches
	status, _, raw := send(t, h.url, q, map[string]string{api.DebugHeader: "1"})
	if status != http.StatusOK {
		t.Fatalf("HTTP %d: %s", status, raw)
	}
	var resp struct{ Extensions map[string]any }
	if err := jsonDecode(raw, &resp); err != nil {
		t.Fatal(err)
	}
	traceID, _ := resp.Extensions["traceId"].(string)
	if len(traceID) != 32 {
		t.Fatalf("want extensions.traceId, got %s", raw)
	}
	if err := stop(context.Background()); err != nil {
		t.Fatalf("flush: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	byID := map[string]*tracepb.Span{}
	count := map[string]int{}
	var mine []*tracepb.Span
	for _, s := range spans {
		if hex.EncodeToString(s.TraceId) != traceID {
			continue
		}
		mine = append(mine, s)
		byID[hex.EncodeToString(s.SpanId)] = s
		count[strings.Fields(s.Name)[0]]++
	}
	if count["POST"] != 1 || count["operation"] != 1 || count["batch"] < 1 || count["SQL"] < 2 {
		t.Fatalf("spans of the trace by kind: %v; want one request, one operation, batches and SQL", count)
	}
	for _, s := range mine {
		// Every span but the request's has its parent in the trace.
		if s.Kind != tracepb.Span_SPAN_KIND_SERVER && byID[hex.EncodeToString(s.ParentSpanId)] == nil {
			t.Errorf("span %q has no parent in the trace", s.Name)
		}
		if s.Name != "SQL" {
			continue
		}
		attrs := map[string]string{}
		for _, a := range s.Attributes {
			attrs[a.Key] = a.Value.String()
		}
		for _, k := range []string{"aidgraph.database", "db.response.returned_rows", "db.query.text", "aidgraph.seq"} {
			if attrs[k] == "" {
				t.Errorf("SQL span without %s: %v", k, attrs)
			}
		}
		if !strings.Contains(attrs["aidgraph.database"], store.PrimaryName) {
			t.Errorf("SQL span's database: %s", attrs["aidgraph.database"])
		}
	}
	t.Logf("trace %s: %v", traceID, count)
}
