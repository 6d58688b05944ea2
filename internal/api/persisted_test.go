package api_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/persisted"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestPersistedQueriesShared: with Redis, a query registered by its hash on one instance is
// known by its hash alone on another; a query past the size bound is answered but not kept.
func TestPersistedQueriesShared(t *testing.T) {
	u := os.Getenv("AIDGRAPH_TEST_REDIS")
	if u == "" {
		t.Skip("AIDGRAPH_TEST_REDIS is not set: shared persisted queries are not tested (set it to redis://127.0.0.1:6379/0; .ci/run does)")
	}
	opt, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	prefix := "aidgraph:test:" + hex.EncodeToString(b) + ":apq:"
	t.Cleanup(func() {
		keys, _ := rdb.Keys(context.Background(), prefix+"*").Result()
		if len(keys) > 0 {
			rdb.Del(context.Background(), keys...)
		}
	})
	s := testdb.Open(t, store.SQLite)
	var bases []string
	for range 2 {
		srv := httptest.NewServer(api.New(s, api.Options{PersistedQueries: persisted.NewRedis(rdb, prefix)}))
		t.Cleanup(srv.Close)
		bases = append(bases, srv.URL)
	}
	hashOf := func(q string) string { h := sha256.Sum256([]byte(q)); return hex.EncodeToString(h[:]) }
	ext := func(q string) map[string]any {
		return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hashOf(q)}}
	}
	small := `{ regions(first: 1) { nodes { name } } }`
	large := `{ regions(first: 1) { nodes { name } } }` + "\n#" + strings.Repeat("x", persisted.MaxQueryBytes)
	for _, c := range []struct {
		name  string
		query string
		kept  bool
	}{{"small", small, true}, {"over the size bound", large, false}} {
		t.Run(c.name, func(t *testing.T) {
			status, _, raw := send(t, bases[0], map[string]any{"query": c.query, "extensions": ext(c.query)}, nil)
			if r := decodeResponse(t, status, raw); len(r.Errors) > 0 {
				t.Fatalf("register: %s", errorsText(r.Errors))
			}
			status, _, raw = send(t, bases[1], map[string]any{"extensions": ext(c.query)}, nil)
			r := decodeResponse(t, status, raw)
			switch {
			case c.kept && len(r.Errors) > 0:
				t.Fatalf("the other instance did not know the hash: %s", errorsText(r.Errors))
			case !c.kept && (len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "PERSISTED_QUERY_NOT_FOUND"):
				t.Fatalf("want PERSISTED_QUERY_NOT_FOUND for a query past the bound, got %s", raw)
			}
		})
	}
}
