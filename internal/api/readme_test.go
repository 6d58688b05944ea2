package api_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/auth"
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
	key := editorKey(t, h)
	for i, b := range blocks {
		var header map[string]string
		if strings.HasPrefix(strings.TrimSpace(b[1]), "mutation") {
			header = map[string]string{"Authorization": "Bearer " + key}
		}
		status, _, raw := send(t, h.url, map[string]any{"query": b[1]}, header)
		r := decodeResponse(t, status, raw)
		if len(r.Errors) > 0 || len(r.Data) < 50 || !strings.Contains(string(r.Data), "卢氏县") && i == 0 {
			t.Errorf("example %d: errors %+v, data %s", i+1, r.Errors, r.Data)
		}
	}
}

// editorKey makes an API key with the editor role on the harness's database.
func editorKey(t *testing.T, h *harness) string {
	t.Helper()
	key, hash, err := auth.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.store.CreateKey(context.Background(), "readme", string(auth.RoleEditor), hash); err != nil {
		t.Fatal(err)
	}
	return key
}
