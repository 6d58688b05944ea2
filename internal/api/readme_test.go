package api_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
)

var graphqlBlock = regexp.MustCompile("(?s)```graphql\n(.*?)```")

// TestReadmeExamples runs every GraphQL example of README.md as written, and requires an
// answer without errors and with data in it.
func TestReadmeExamples(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := graphqlBlock.FindAllStringSubmatch(string(raw), -1)
	if len(blocks) < 5 {
		t.Fatalf("README.md has %d GraphQL examples, want at least 5", len(blocks))
	}
	h := newHarness(t, store.SQLite)
	for i, b := range blocks {
		r := h.query(t, b[1], nil)
		if len(r.Errors) > 0 || len(r.Data) < 50 || !strings.Contains(string(r.Data), "卢氏县") && i == 0 {
			t.Errorf("example %d: errors %+v, data %s", i+1, r.Errors, r.Data)
		}
	}
}
