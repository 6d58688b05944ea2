// Package typescript_test runs the typed TypeScript client of this folder against a live server.
// The folder holds no Go code but this test: the client is TypeScript, built by tsc.
package typescript_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/follow"
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// typescriptEnv, when set, runs the test and makes it a must: CI runs `npm ci` here and sets it.
const typescriptEnv = "AIDGRAPH_TEST_TYPESCRIPT"

// TestTypeScriptClient compiles the client (src/) with tsc into a temporary folder and runs its
// main.js against a server on the article's dataset, with live updates and an editor's key:
// every operation must answer without an error, what it prints must come from the data, and
// the subscription (graphql-sse) must receive the event of the school the client creates.
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

	srv, key := liveServer(t)
	run := exec.Command(node, filepath.Join(out, "dist", "main.js"), srv+api.QueryPath)
	// The argument, not the caller's endpoint; the test's editor key, for the live example.
	run.Env = append(os.Environ(), "AIDGRAPH_ENDPOINT=", "AIDGRAPH_KEY="+key)
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
		"Live: CREATE School ",            // the subscription's event for the client's write...
		" TypeScript 示例学校 ",               // ... with the school as it is after it
		"resume after: ",                  // ... and the cursor to resume from
	} {
		if !strings.Contains(printed, want) {
			t.Errorf("main.js printed no %q:\n%s", want, printed)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("main.js printed:\n%s", printed)
	}
}

// liveServer starts a server on the article's dataset that serves subscriptions as the command
// does (a follower of the change log, woken by each commit), and returns its URL and an editor's
// API key for the client's write.
func liveServer(t *testing.T) (string, string) {
	t.Helper()
	s := testdb.Open(t, store.SQLite)
	key, hash, err := auth.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateKey(context.Background(), "typescript", string(auth.RoleEditor), hash); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	f := follow.New(s, follow.Options{Interval: 100 * time.Millisecond})
	s.OnCommit(func(int64) { f.Wake() })
	go f.Run(ctx)
	hub := live.NewHub(s, f, live.Limits{})
	srv := httptest.NewServer(api.New(s, api.Options{Live: hub}))
	t.Cleanup(func() {
		sctx, c := context.WithTimeout(context.Background(), 5*time.Second)
		defer c()
		_ = hub.Close(sctx)
		srv.Close()
		cancel()
	})
	return srv.URL, key
}
