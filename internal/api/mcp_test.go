package api_test

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/store"
)

// mcpEnv, when set, makes the MCP client's test a must: CI installs its package and sets it.
const mcpEnv = "AIDGRAPH_TEST_MCP"

// mcpRun is what testdata/mcp/client.mjs printed.
type mcpRun struct {
	Error string
	Tools []struct {
		Name, Description string
		InputSchema       map[string]any
	}
	Calls []struct {
		Tool    string
		IsError bool
		Text    string
	}
}

// TestMCPClient connects the npm MCP client (@modelcontextprotocol/sdk) to /mcp on a server
// that needs a key for reads: it lists the tools, calls search and two named operations, and
// reads the article's figures with their qualifiers and quotes; without a key it is refused.
func TestMCPClient(t *testing.T) {
	dir := filepath.Join("testdata", "mcp")
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat(filepath.Join(dir, "node_modules", "@modelcontextprotocol", "sdk")); err != nil || statErr != nil {
		if os.Getenv(mcpEnv) != "" {
			t.Fatalf("%s is set but node or %s/node_modules is missing: run npm ci there", mcpEnv, dir)
		}
		t.Skipf("the MCP client's test needs node and `npm ci` in %s (.ci/run does both)", dir)
	}
	s := registry(t, store.SQLite)
	srv := httptest.NewServer(api.New(s, api.Options{RequireReaderKey: true}))
	t.Cleanup(srv.Close)
	key := makeKey(t, s, "agent", auth.RoleReader)
	run := func(key string, args ...string) (mcpRun, error) {
		cmd := exec.Command(node, append([]string{"client.mjs", srv.URL + api.MCPPath}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "AIDGRAPH_KEY="+key)
		out, err := cmd.Output()
		var r mcpRun
		if jerr := json.Unmarshal(out, &r); jerr != nil {
			t.Fatalf("client printed %q (%v): %v", out, err, jerr)
		}
		return r, err
	}

	r, err := run(key, "search", `{"text": "贫困发生率"}`, "poverty", `{}`, "figures", `{"metric": "poor_households", "first": 3}`,
		"graphql", `{"query": "mutation { deleteSchool(id: \"x\", version: 1) { id } }"}`)
	if err != nil {
		t.Fatalf("client: %v (%s)", err, r.Error)
	}
	var names []string
	for _, tool := range r.Tools {
		names = append(names, tool.Name)
		if tool.Name == "figures" {
			if req, _ := tool.InputSchema["required"].([]any); len(req) != 1 || req[0] != "metric" {
				t.Errorf("figures' input schema: %v", tool.InputSchema)
			}
			if !strings.Contains(tool.Description, "qualifiers and quotes") {
				t.Errorf("figures' description %q is not its comment", tool.Description)
			}
		}
	}
	for _, want := range []string{"search", "describe", "graphql", "poverty", "programs", "figures"} {
		if !slices.Contains(names, want) {
			t.Errorf("tools %v lack %s", names, want)
		}
	}
	if len(r.Calls) != 4 {
		t.Fatalf("calls: %+v", r.Calls)
	}
	for _, c := range r.Calls[:3] {
		if c.IsError || !strings.Contains(c.Text, `"qualifier"`) || !strings.Contains(c.Text, `"originalText"`) {
			t.Errorf("%s: the figures lack their qualifiers or quotes: %.400s", c.Tool, c.Text)
		}
	}
	if !strings.Contains(r.Calls[0].Text, `"source"`) || !strings.Contains(r.Calls[2].Text, `"source"`) {
		t.Errorf("search's and figures' figures lack their sources")
	}
	if !strings.Contains(r.Calls[1].Text, "poverty_incidence_rate") {
		t.Errorf("poverty: %.400s", r.Calls[1].Text)
	}
	if c := r.Calls[3]; !c.IsError || !strings.Contains(c.Text, "not reachable through MCP") {
		t.Errorf("a mutation through the graphql tool: %+v", c)
	}

	if r, err := run(""); err == nil || !strings.Contains(r.Error, "UNAUTHENTICATED") {
		t.Errorf("without a key: %v %+v, want refused with UNAUTHENTICATED", err, r)
	}
}
