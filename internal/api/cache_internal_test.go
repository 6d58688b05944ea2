package api

import (
	"cmp"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestResultCacheKeepsOnlyQueries answers the same request twice for each kind of operation,
// with a clean 200 as a successful write would give: only a query's answer is reused, and a
// request whose operation is not known (refused before it ran) is not either.
func TestResultCacheKeepsOnlyQueries(t *testing.T) {
	s := testdb.OpenEmpty(t, store.SQLite)
	for _, tt := range []struct {
		kind       ast.Operation
		wantSecond string
	}{
		{ast.Query, "hit"}, {ast.Mutation, "miss"}, {ast.Subscription, "miss"}, {"", "miss"},
	} {
		t.Run(cmp.Or(string(tt.kind), "unknown"), func(t *testing.T) {
			c := newResultCache(s, 10, 1<<20)
			runs := 0
			h := c.handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				runs++
				if tt.kind != "" {
					noteOperation(r.Context(), &ast.OperationDefinition{Operation: tt.kind}, 1)
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"data":{"updateProject":{"id":"x"}}}`))
			}))
			var got []string
			for range 2 {
				ctx, _ := withInfo(context.Background(), "client")
				req := httptest.NewRequestWithContext(ctx, http.MethodPost, QueryPath, strings.NewReader(`{"query":"# a comment\nmutation { updateProject }"}`))
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				got = append(got, rec.Header().Get(CacheHeader))
			}
			if got[0] != "miss" || got[1] != tt.wantSecond {
				t.Errorf("%q operation: cache said %v, want miss then %s", tt.kind, got, tt.wantSecond)
			}
			if want := map[string]int{"hit": 1, "miss": 2}[tt.wantSecond]; runs != want {
				t.Errorf("%q operation ran %d times, want %d", tt.kind, runs, want)
			}
		})
	}
}
