package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// auditEnv, when set, makes the audit a must: CI installs its packages and sets it.
const auditEnv = "AIDGRAPH_TEST_AUDIT"

// TestGraphQLOverHTTPAudit runs graphql-http's audit of the GraphQL-over-HTTP specification
// against aidgraph: every MUST and SHOULD (and MAY) must pass. It needs Node.js and the packages
// of testdata/audit (npm ci there).
func TestGraphQLOverHTTPAudit(t *testing.T) {
	dir := filepath.Join("testdata", "audit")
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat(filepath.Join(dir, "node_modules", "graphql-http")); err != nil || statErr != nil {
		if os.Getenv(auditEnv) != "" {
			t.Fatalf("%s is set but node or %s/node_modules is missing: run npm ci there", auditEnv, dir)
		}
		t.Skipf("the GraphQL-over-HTTP audit needs node and `npm ci` in %s (.ci/run does both)", dir)
	}
	s := testdb.Open(t, store.SQLite)
	srv := httptest.NewServer(api.New(s, api.Options{}))
	t.Cleanup(srv.Close)
	cmd := exec.Command(node, "audit.mjs", srv.URL+api.QueryPath)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("audit: %v\n%s", err, out)
	}
	checks := 0
	for sc := bufio.NewScanner(bytes.NewReader(out)); sc.Scan(); checks++ {
		var r struct{ ID, Name, Status, Reason string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("audit line %q: %v", sc.Text(), err)
		}
		if r.Status != "ok" {
			t.Errorf("%s %s: %s (%s)", r.ID, r.Name, r.Status, r.Reason)
		}
	}
	if checks < 40 {
		t.Errorf("the audit ran %d checks: too few to trust", checks)
	}
}
