package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestResultCache runs two instances with their own caches over one database: a repeated
// request is a hit, and a write committed through the store (as another instance would)
// invalidates both at once.
func TestResultCache(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		a := httptest.NewServer(api.New(s, api.Options{ResultCache: 100}))
		b := httptest.NewServer(api.New(s, api.Options{ResultCache: 100}))
		t.Cleanup(a.Close)
		t.Cleanup(b.Close)
		const q = `{"query":"{ figures(first: 1) { nodes { label } } }"}`
		post := func(url, body string, header ...string) (string, string) {
			t.Helper()
			req, _ := http.NewRequest(http.MethodPost, url+api.QueryPath, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			out, _ := io.ReadAll(res.Body)
			return res.Header.Get(api.CacheHeader), string(out)
		}
		for _, srv := range []*httptest.Server{a, b} {
			first, body1 := post(srv.URL, q)
			second, body2 := post(srv.URL, q)
			if first != "miss" || second != "hit" || body1 != body2 {
				t.Fatalf("repeat: %s then %s, bodies equal %t", first, second, body1 == body2)
			}
		}
		if got, _ := post(a.URL, q, api.DebugHeader, "sql"); got != "" {
			t.Errorf("a debug request went through the cache (%q)", got)
		}
		bad := `{"query":"{ region(code: \"999999\") { name } }"}`
		post(a.URL, bad)
		if got, _ := post(a.URL, bad); got != "miss" {
			t.Errorf("an answer with errors was cached (%s)", got)
		}

		// A committed write: the article's dataset with the first figure relabelled.
		changed, err := seed.Article()
		if err != nil {
			t.Fatal(err)
		}
		changed.Checksum = "relabelled"
		changed.Figures[0].Label = "relabelled by a write"
		if _, err := s.LoadDataset(context.Background(), changed); err != nil {
			t.Fatal(err)
		}
		for name, srv := range map[string]*httptest.Server{"a": a, "b": b} {
			got, body := post(srv.URL, q)
			if got != "miss" || !bytes.Contains([]byte(body), []byte("relabelled by a write")) {
				t.Errorf("instance %s after the write: %s %s", name, got, body)
			}
		}

		// A mutation through one instance: the other's cached answer goes at once.
		const sources = `{"query":"{ sources { totalCount } }"}`
		post(b.URL, sources)
		if got, _ := post(b.URL, sources); got != "hit" {
			t.Fatalf("sources on b before the mutation: %s, want a hit", got)
		}
		key, hash, err := auth.Generate()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateKey(context.Background(), "cache-test", string(auth.RoleEditor), hash); err != nil {
			t.Fatal(err)
		}
		mutation := `{"query":"mutation { createSource(input: {kind: ARTICLE, title: \"缓存测试\", publisher: \"test\"}) { id } }"}`
		if _, body := post(a.URL, mutation, "Authorization", "Bearer "+key); !strings.Contains(body, `"id"`) {
			t.Fatalf("mutation through a: %s", body)
		}
		if got, body := post(b.URL, sources); got != "miss" || !strings.Contains(body, `"totalCount":3`) {
			t.Errorf("sources on b after a's mutation: %s %s, want a miss with 3 sources", got, body)
		}
	})
}
