// Package typescript_test runs the typed TypeScript client of this folder against a live server.
// The folder holds no Go code but this test: the client is TypeScript, built by tsc.
package typescript_test

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// typescriptEnv, when set, runs the test and makes it a must: CI runs `npm ci` here and sets it.
const typescriptEnv = "AIDGRAPH_TEST_TYPESCRIPT"

// TestTypeScriptClient compiles the client (src/) with tsc into a temporary folder and runs its
// main.js against a server on the article's dataset: every operation must answer without an
// error, and what it prints must come from the data.
func TestTypeScriptClient(t *testing.T) {
	if os.Getenv(typescriptEnv) == "" {
		t.Skipf("set %s to run the TypeScript client against a server (needs node and `npm ci` here)", typescriptEnv)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("%s is set but node is not installed", typescriptEnv)
	}
	modules, err := filepath.Abs("node_modules")
	if err != nil {
		t.Fatal(err)
	}
	tsc := filepath.Join(modules, "typescript", "bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Fatalf("%s is set but %s is missing: run npm ci in examples/typescript", typescriptEnv, tsc)
	}

	// The compiled files import graphql at run time: the folder they run from needs the
	// packages, and a package.json that makes its .js files ES modules, as here.
	out := t.TempDir()
	if err := os.Symlink(modules, filepath.Join(out, "node_modules")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "package.json"), []byte(`{"type": "module"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build := exec.Command(node, tsc, "--project", "tsconfig.json", "--outDir", filepath.Join(out, "dist"))
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("tsc: %v\n%s", err, b)
	}

	srv := httptest.NewServer(api.New(testdb.Open(t, store.SQLite), api.Options{}))
	t.Cleanup(srv.Close)
	run := exec.Command(node, filepath.Join(out, "dist", "main.js"), srv.URL+api.QueryPath)
	run.Env = append(os.Environ(), "AIDGRAPH_ENDPOINT=") // the argument, not the caller's variable
	b, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("main.js: %v\n%s", err, b)
	}
	printed := string(b)
	for _, want := range []string{
		"卢氏县 (Lushi County), code 411224", // the Lushi example's region
		"townships: ",                     // ... as a County, with its townships
		"Investment (",                    // the Investment example
		"三门峡市 (CITY): ",                   // the client's own query, with its variable
	} {
		if !strings.Contains(printed, want) {
			t.Errorf("main.js printed no %q:\n%s", want, printed)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("main.js printed:\n%s", printed)
	}
}
