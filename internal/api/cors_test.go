package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/ratelimit"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestCORS sends a browser's preflights and a cross-origin query: the headers tracing libraries
// and GraphQL clients add pass by default, one more passes once configured (and not before),
// and browser code may read the rate limit's fields and the cache's.
func TestCORS(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	limit := ratelimit.NewMemory(ratelimit.Policy{Points: 1000, Window: time.Minute})
	plain := httptest.NewServer(api.New(s, api.Options{CORSOrigins: []string{"https://app.example"}, RateLimit: limit}))
	t.Cleanup(plain.Close)
	more := httptest.NewServer(api.New(s, api.Options{CORSOrigins: []string{"https://app.example"}, CORSHeaders: []string{"X-Tenant"}}))
	t.Cleanup(more.Close)

	// As browsers send them: lower case, sorted, without repeats.
	usual := "apollographql-client-name,apollographql-client-version,authorization,baggage,content-type,sentry-trace,traceparent,tracestate,x-request-id"
	for _, tt := range []struct {
		name, url, headers string
		allowed            bool
	}{
		{"usual headers", plain.URL, usual, true},
		{"another header", plain.URL, "content-type,x-tenant", false},
		{"a tracing header alone", plain.URL, "traceparent", true},
		{"another header, configured", more.URL, usual + ",x-tenant", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodOptions, tt.url+api.QueryPath, nil)
			req.Header.Set("Origin", "https://app.example")
			req.Header.Set("Access-Control-Request-Method", http.MethodPost)
			req.Header.Set("Access-Control-Request-Headers", tt.headers)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			origin, allow := res.Header.Get("Access-Control-Allow-Origin"), strings.ToLower(res.Header.Get("Access-Control-Allow-Headers"))
			if got := origin == "https://app.example" && allow == tt.headers; got != tt.allowed {
				t.Errorf("preflight for %s: HTTP %d, Allow-Origin %q, Allow-Headers %q; allowed %v, want %v",
					tt.headers, res.StatusCode, origin, allow, got, tt.allowed)
			}
		})
	}

	_, h, _ := send(t, plain.URL, map[string]any{"query": "{ __typename }"}, map[string]string{"Origin": "https://app.example", "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"})
	exposed := map[string]bool{}
	for _, f := range strings.Split(h.Get("Access-Control-Expose-Headers"), ",") {
		exposed[strings.ToLower(strings.TrimSpace(f))] = true
	}
	for _, want := range []string{"ratelimit", "ratelimit-policy", "retry-after", strings.ToLower(api.CacheHeader)} {
		if !exposed[want] {
			t.Errorf("Access-Control-Expose-Headers %q lacks %s", h.Get("Access-Control-Expose-Headers"), want)
		}
	}
}
