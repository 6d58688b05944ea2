package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// TestQueryCachesBoundedInBytes fills the caches of parsed documents and of persisted queries
// with many large distinct documents, as the padded `{ __typename }` that took a server past its memory did: what they keep
// stays under their bound in bytes, and a document of usual size is still kept.
func TestQueryCachesBoundedInBytes(t *testing.T) {
	ctx := context.Background()
	docs, apq := newQueryCache(), newAPQCache()
	doc, err := parser.ParseQuery(&ast.Source{Input: "{ __typename }"}) // what each parses to
	if err != nil {
		t.Fatal(err)
	}
	add := func(query string) {
		docs.Add(ctx, query, doc)
		apq.Add(ctx, fmt.Sprintf("%064x", len(query)), query)
	}
	for i := range 100 { // padded with 900 KB of comment
		add(fmt.Sprintf("# %d %s\n{ __typename }", i, strings.Repeat("x", 900<<10)))
	}
	for i := range 500 { // just under the size past which a document is not kept
		add(fmt.Sprintf("# %d %s\n{ __typename }", i, strings.Repeat("x", maxCachedQuery-100)))
	}
	for name, size := range map[string]int64{"parsed documents": docs.size(), "persisted queries": apq.size()} {
		if size > queryCacheBytes || size <= 0 {
			t.Errorf("the cache of %s weighs %d bytes, want some and at most %d", name, size, queryCacheBytes)
		}
	}
	usual := `{ counties(first: 10) { totalCount nodes { name } } }`
	add(usual)
	if _, ok := docs.Get(ctx, usual); !ok {
		t.Error("a usual document is not kept")
	}
}
