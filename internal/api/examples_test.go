package api_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestExamples runs every query of examples/ against the article's dataset: each must answer
// without an error, and every list it asks for at the top must hold something.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	var queries []string
	for _, f := range files {
		if filepath.Base(f) != "schema.graphql" {
			queries = append(queries, f)
		}
	}
	if len(queries) < 8 {
		t.Fatalf("%d example queries, want at least eight", len(queries))
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		for _, f := range queries {
			t.Run(filepath.Base(f), func(t *testing.T) {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(string(b), "# ") {
					t.Error("an example opens with a comment that says what it asks")
				}
				if strings.Contains(string(b), "\nsubscription ") {
					t.Skip("a subscription: TestChangesExample runs it")
				}
				r := h.query(t, string(b), nil)
				for _, e := range r.Errors {
					t.Errorf("%s (%v)", e.Message, e.Extensions)
				}
				if n := objects(r.Data); n < 3 || strings.Contains(string(r.Data), `"nodes":[]}}`) && n < 5 {
					t.Errorf("the answer holds almost nothing (%d objects): %.300s", n, r.Data)
				}
			})
		}
	})
}
