package api_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/ratelimit"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// costs42 is a query whose estimated cost is 42 (README: What a query costs).
const costs42 = `{ counties(first: 10) { totalCount nodes { name } } }`

// spend sends costs42 as client (through a trusted proxy when client is set) and returns the
// status, the rate-limit fields and the first error code.
func spend(t *testing.T, url, client string) (status int, policy, remaining, retry, code string) {
	t.Helper()
	header := map[string]string{}
	if client != "" {
		header["X-Forwarded-For"] = client
	}
	status, h, raw := send(t, url, map[string]any{"query": costs42}, header)
	r := decodeResponse(t, status, raw)
	if len(r.Errors) > 0 {
		code, _ = r.Errors[0].Extensions["code"].(string)
	}
	return status, h.Get("RateLimit-Policy"), h.Get("RateLimit"), h.Get("Retry-After"), code
}

// TestRateLimitChargesCost gives each client 100 points a minute: two queries of 42 pass and say
// what is left, the third is refused with 429, Retry-After and RATE_LIMITED, and another client
// behind the trusted proxy still has its whole budget.
func TestRateLimitChargesCost(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	limit := ratelimit.NewMemory(ratelimit.Policy{Points: 100, Window: time.Minute})
	srv := httptest.NewServer(api.New(s, api.Options{RateLimit: limit, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}))
	t.Cleanup(srv.Close)
	checkBudget(t, srv.URL, srv.URL)
}

// checkBudget spends one client's 100 points through a, then b, which must share them.
func checkBudget(t *testing.T, a, b string) {
	t.Helper()
	for i, want := range []string{`"cost";r=58;t=`, `"cost";r=16;t=`} {
		url := a
		if i == 1 {
			url = b
		}
		status, policy, remaining, _, code := spend(t, url, "203.0.113.7")
		if status != 200 || code != "" || policy != `"cost";q=100;w=60` || len(remaining) < len(want) || remaining[:len(want)] != want {
			t.Fatalf("query %d: HTTP %d %s, RateLimit-Policy %q, RateLimit %q; want 200, %q", i+1, status, code, policy, remaining, want)
		}
	}
	status, _, _, retry, code := spend(t, b, "203.0.113.7")
	if status != http.StatusTooManyRequests || retry == "" || code != "RATE_LIMITED" {
		t.Errorf("past the budget: HTTP %d, Retry-After %q, code %q; want 429 with Retry-After and RATE_LIMITED", status, retry, code)
	}
	if status, _, _, _, code := spend(t, a, "198.51.100.9"); status != 200 || code != "" {
		t.Errorf("another client: HTTP %d %s, want 200", status, code)
	}
}

// TestRateLimitSharedThroughRedis runs two instances over one Redis: a budget spent through
// one is spent for the other.
func TestRateLimitSharedThroughRedis(t *testing.T) {
	url := os.Getenv("AIDGRAPH_TEST_REDIS")
	if url == "" {
		t.Skip("AIDGRAPH_TEST_REDIS is not set: the shared rate limit is not tested (set it to redis://127.0.0.1:6379/0; .ci/run does)")
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	prefix := "aidgraph_test:" + hex.EncodeToString(b) + ":" // this run's keys, and no one else's
	policy := ratelimit.Policy{Points: 100, Window: time.Minute}
	trusted := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	s := testdb.Open(t, store.SQLite)
	var urls []string
	for range 2 {
		l, rdb, err := ratelimit.NewRedis(url, prefix, policy)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			keys, _ := rdb.Keys(context.Background(), prefix+"*").Result()
			if len(keys) > 0 {
				rdb.Del(context.Background(), keys...)
			}
			rdb.Close()
		})
		srv := httptest.NewServer(api.New(s, api.Options{RateLimit: l, TrustedProxies: trusted}))
		t.Cleanup(srv.Close)
		urls = append(urls, srv.URL)
	}
	checkBudget(t, urls[0], urls[1])
}

// TestRateLimitHeadersOnCacheHits sends one query twice with the result cache on: the second
// answer, from the cache, is not charged, and still says the policy and what is left (as it
// does with the budgets in Redis, when there is one to test with).
func TestRateLimitHeadersOnCacheHits(t *testing.T) {
	policy := ratelimit.Policy{Points: 100, Window: time.Minute}
	limiters := map[string]ratelimit.Limiter{"memory": ratelimit.NewMemory(policy)}
	if url := os.Getenv("AIDGRAPH_TEST_REDIS"); url != "" {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		prefix := "aidgraph_test:" + hex.EncodeToString(b) + ":"
		l, rdb, err := ratelimit.NewRedis(url, prefix, policy)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			keys, _ := rdb.Keys(context.Background(), prefix+"*").Result()
			if len(keys) > 0 {
				rdb.Del(context.Background(), keys...)
			}
			rdb.Close()
		})
		limiters["redis"] = l
	}
	s := testdb.Open(t, store.SQLite)
	for name, l := range limiters {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(api.New(s, api.Options{RateLimit: l, ResultCache: 10}))
			t.Cleanup(srv.Close)
			for i, want := range []struct{ cache, remaining string }{{"miss", `"cost";r=58;t=`}, {"hit", `"cost";r=58;t=`}} {
				status, h, raw := send(t, srv.URL, map[string]any{"query": costs42}, nil)
				policy, remaining := h.Get("RateLimit-Policy"), h.Get("RateLimit")
				if status != 200 || h.Get(api.CacheHeader) != want.cache || policy != `"cost";q=100;w=60` || !strings.HasPrefix(remaining, want.remaining) {
					t.Fatalf("query %d: HTTP %d, %s %q, RateLimit-Policy %q, RateLimit %q; want 200, %s, %q: %s",
						i+1, status, api.CacheHeader, h.Get(api.CacheHeader), policy, remaining, want.cache, want.remaining, raw)
				}
			}
		})
	}
}
