package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/ratelimit"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// makeKey stores a new key named name with role and returns it, as `aidgraph keys create` does.
func makeKey(t testing.TB, s *store.Store, name string, role auth.Role) string {
	t.Helper()
	key, hash, err := auth.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateKey(context.Background(), name, string(role), hash); err != nil {
		t.Fatalf("create key %s: %v", name, err)
	}
	return key
}

func bearerOf(key string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + key}
}

// checkUnauthenticated requires a 401 with a Bearer challenge and one UNAUTHENTICATED error
// in a GraphQL-shaped JSON body.
func checkUnauthenticated(t *testing.T, status int, h http.Header, raw []byte) {
	t.Helper()
	r := decodeResponse(t, status, raw)
	if status != http.StatusUnauthorized || !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer") ||
		!strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Errorf("HTTP %d, WWW-Authenticate %q, Content-Type %q; want 401, Bearer, JSON", status, h.Get("WWW-Authenticate"), h.Get("Content-Type"))
	}
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "UNAUTHENTICATED" || r.Errors[0].Message == "" || r.Data != nil {
		t.Errorf("body %s: want one UNAUTHENTICATED error and no data", raw)
	}
}

const whoQuery = `{ region(code: "411224") { name } }`

// TestAuthentication sends reads with no key, good keys, bad keys and malformed headers, on
// every database at hand.
func TestAuthentication(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		editor := makeKey(t, s, "ci", auth.RoleEditor)
		revoked := makeKey(t, s, "old", auth.RoleAdmin)
		if err := s.RevokeKey(context.Background(), "old"); err != nil {
			t.Fatal(err)
		}
		unknown, _, _ := auth.Generate()
		srv := httptest.NewServer(api.New(s, api.Options{}))
		t.Cleanup(srv.Close)
		for _, tt := range []struct {
			name   string
			header map[string]string
			ok     bool
		}{
			{"anonymous", nil, true},
			{"editor key", bearerOf(editor), true},
			{"scheme in lower case", map[string]string{"Authorization": "bearer " + editor}, true},
			{"unknown key", bearerOf(unknown), false},
			{"revoked key", bearerOf(revoked), false},
			{"key with a letter changed", bearerOf(editor[:10] + string('A'+(editor[10]-'A'+1)%26) + editor[11:]), false},
			{"empty header", map[string]string{"Authorization": ""}, false},
			{"Bearer alone", map[string]string{"Authorization": "Bearer"}, false},
			{"key without scheme", map[string]string{"Authorization": editor}, false},
			{"Basic", map[string]string{"Authorization": "Basic Y2k6c2VjcmV0"}, false},
			{"not a key", bearerOf("hunter2"), false},
			{"key and more", bearerOf(editor + " " + editor), false},
		} {
			t.Run(tt.name, func(t *testing.T) {
				status, h, raw := send(t, srv.URL, map[string]any{"query": whoQuery}, tt.header)
				if !tt.ok {
					checkUnauthenticated(t, status, h, raw)
					return
				}
				r := decodeResponse(t, status, raw)
				if status != http.StatusOK || len(r.Errors) > 0 || !strings.Contains(string(r.Data), "卢氏县") {
					t.Errorf("HTTP %d %s, want the county", status, raw)
				}
			})
		}
		t.Run("two Authorization fields", func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+api.QueryPath, strings.NewReader(`{"query":"{ __typename }"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Add("Authorization", "Bearer "+editor)
			req.Header.Add("Authorization", "Bearer "+unknown)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, _ := io.ReadAll(res.Body)
			checkUnauthenticated(t, res.StatusCode, res.Header, raw)
		})
	})
}

// TestRevokedKeyRefusedAtOnce revokes a key while a server uses it: its next request is refused,
// on every instance, with no restart and no cache to wait out.
func TestRevokedKeyRefusedAtOnce(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	key := makeKey(t, s, "soon-gone", auth.RoleEditor)
	var urls []string
	for range 2 {
		srv := httptest.NewServer(api.New(s, api.Options{ResultCache: 100}))
		t.Cleanup(srv.Close)
		urls = append(urls, srv.URL)
	}
	for _, u := range urls {
		if status, _, raw := send(t, u, map[string]any{"query": whoQuery}, bearerOf(key)); status != http.StatusOK {
			t.Fatalf("before revoking: HTTP %d %s", status, raw)
		}
	}
	if err := s.RevokeKey(context.Background(), "soon-gone"); err != nil {
		t.Fatal(err)
	}
	for _, u := range urls {
		status, h, raw := send(t, u, map[string]any{"query": whoQuery}, bearerOf(key))
		checkUnauthenticated(t, status, h, raw)
	}
}

// TestRequireReaderKey refuses reads without a key, but not the playground, health, readiness
// or metrics.
func TestRequireReaderKey(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	reader := makeKey(t, s, "dashboard", auth.RoleReader)
	srv := httptest.NewServer(api.New(s, api.Options{RequireReaderKey: true, ResultCache: 100}))
	t.Cleanup(srv.Close)

	status, h, raw := send(t, srv.URL, map[string]any{"query": whoQuery}, nil)
	checkUnauthenticated(t, status, h, raw)
	if r := decodeResponse(t, status, raw); len(r.Errors) == 1 && !strings.Contains(r.Errors[0].Message, "Authorization: Bearer") {
		t.Errorf("the refusal does not say how to send a key: %s", r.Errors[0].Message)
	}
	if status, _, raw := send(t, srv.URL, map[string]any{"query": whoQuery}, bearerOf(reader)); status != http.StatusOK {
		t.Errorf("with a reader key: HTTP %d %s", status, raw)
	}

	csv := srv.URL + api.CSVPath + "?query=" + url.QueryEscape(`{ regions(first: 2) { nodes { name } } }`)
	for _, tt := range []struct {
		name, path, key string
		want            int
	}{
		{"GET query anonymous", api.QueryPath + "?query=" + url.QueryEscape(whoQuery), "", http.StatusUnauthorized},
		{"GET query with a key", api.QueryPath + "?query=" + url.QueryEscape(whoQuery), reader, http.StatusOK},
		{"csv anonymous", strings.TrimPrefix(csv, srv.URL), "", http.StatusUnauthorized},
		{"csv with a key", strings.TrimPrefix(csv, srv.URL), reader, http.StatusOK},
		{"health", api.HealthPath, "", http.StatusOK},
		{"readiness", api.ReadyPath, "", http.StatusOK},
		{"metrics", api.MetricsPath, "", http.StatusOK},
		{"playground", api.PlaygroundPath, "", http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+tt.path, nil)
			if tt.key != "" {
				req.Header.Set("Authorization", "Bearer "+tt.key)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			raw, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.want {
				t.Errorf("GET %s: HTTP %d %.200s, want %d", tt.path, res.StatusCode, raw, tt.want)
			}
			if tt.want == http.StatusUnauthorized && !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("GET %s: no Bearer challenge", tt.path)
			}
		})
	}
}

// TestRateLimitChargesKeys sends from one address with two keys, and without one: each key
// has a budget of its own, and the address keeps its own for requests without a key.
func TestRateLimitChargesKeys(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	a, b := makeKey(t, s, "team-a", auth.RoleReader), makeKey(t, s, "team-b", auth.RoleEditor)
	limit := ratelimit.NewMemory(ratelimit.Policy{Points: 100, Window: time.Minute})
	srv := httptest.NewServer(api.New(s, api.Options{RateLimit: limit}))
	t.Cleanup(srv.Close)
	spendAs := func(header map[string]string) (int, string) {
		t.Helper()
		status, h, _ := send(t, srv.URL, map[string]any{"query": costs42}, header)
		return status, h.Get("RateLimit")
	}
	for i, want := range []string{`"cost";r=58;`, `"cost";r=16;`} {
		if status, left := spendAs(bearerOf(a)); status != http.StatusOK || !strings.HasPrefix(left, want) {
			t.Fatalf("key a, query %d: HTTP %d, RateLimit %q; want 200, %s", i+1, status, left, want)
		}
	}
	if status, _ := spendAs(bearerOf(a)); status != http.StatusTooManyRequests {
		t.Errorf("key a past its budget: HTTP %d, want 429", status)
	}
	if status, left := spendAs(bearerOf(b)); status != http.StatusOK || !strings.HasPrefix(left, `"cost";r=58;`) {
		t.Errorf("key b from the same address: HTTP %d, RateLimit %q; want its whole budget", status, left)
	}
	if status, left := spendAs(nil); status != http.StatusOK || !strings.HasPrefix(left, `"cost";r=58;`) {
		t.Errorf("the address without a key: HTTP %d, RateLimit %q; want its whole budget", status, left)
	}
}

// TestResultCacheByRole asks the same query as each role: an answer is reused within a role
// (anonymous requests are readers), never across roles.
func TestResultCacheByRole(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	keys := map[auth.Role]string{}
	for _, r := range auth.Roles() {
		keys[r] = makeKey(t, s, "as-"+string(r), r)
	}
	srv := httptest.NewServer(api.New(s, api.Options{ResultCache: 100}))
	t.Cleanup(srv.Close)
	for i, step := range []struct {
		who  string // "" for anonymous
		want string
	}{
		{"", "miss"}, {"", "hit"}, {"reader", "hit"},
		{"editor", "miss"}, {"editor", "hit"}, {"admin", "miss"}, {"admin", "hit"}, {"", "hit"},
	} {
		var header map[string]string
		if step.who != "" {
			header = bearerOf(keys[auth.Role(step.who)])
		}
		status, h, raw := send(t, srv.URL, map[string]any{"query": whoQuery}, header)
		if status != http.StatusOK || h.Get(api.CacheHeader) != step.want {
			t.Errorf("step %d as %q: HTTP %d, cache %q, want %s (%.100s)", i+1, step.who, status, h.Get(api.CacheHeader), step.want, raw)
		}
	}
}

// BenchmarkKeyedRequest measures what checking a key adds to a request that the result cache
// answers, the cheapest there is: the difference between the two is the key's lookup.
func BenchmarkKeyedRequest(b *testing.B) {
	s := testdb.Open(b, store.SQLite)
	key := makeKey(b, s, "bench", auth.RoleEditor)
	h := api.New(s, api.Options{ResultCache: 100})
	body := `{"query":"{ __typename }"}`
	for _, c := range []struct{ name, authorization string }{{"anonymous", ""}, {"keyed", "Bearer " + key}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, api.QueryPath, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				if c.authorization != "" {
					req.Header.Set("Authorization", c.authorization)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("HTTP %d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// TestKeyCheckWithoutDatabase: a key that cannot be checked, the database gone, is neither
// served nor called bad: 503 SERVICE_UNAVAILABLE with Retry-After, as for any outage.
func TestKeyCheckWithoutDatabase(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	key := makeKey(t, s, "ci", auth.RoleEditor)
	srv := httptest.NewServer(api.New(s, api.Options{}))
	t.Cleanup(srv.Close)
	s.Close()
	status, h, raw := send(t, srv.URL, map[string]any{"query": "{ __typename }"}, bearerOf(key))
	r := decodeResponse(t, status, raw)
	if status != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "SERVICE_UNAVAILABLE" {
		t.Errorf("HTTP %d, Retry-After %q, %s; want 503 SERVICE_UNAVAILABLE", status, h.Get("Retry-After"), raw)
	}
}
