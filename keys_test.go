package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/auth"
)

// keys runs `aidgraph keys args...` on db and returns what it printed.
func keys(t *testing.T, db string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut strings.Builder
	err = keysCommand(context.Background(), append(args, "--db", db), func(string) string { return "" }, &out, &errOut)
	return out.String(), errOut.String(), err
}

// serveRequiringKeys runs the server on db with --require-reader-key until the test ends.
func serveRequiringKeys(t *testing.T, db string) string {
	t.Helper()
	base, stop := start(t, db, "--require-reader-key=true")
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return base
}

// status POSTs a small query with key (none if empty) and returns the HTTP status.
func status(t *testing.T, base, key string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/query", strings.NewReader(`{"query":"{ __typename }"}`))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestKeysCommand makes a key that then authenticates, lists it without its hash, and revokes
// it, after which the running server refuses it.
func TestKeysCommand(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "keys.db")
	out, note, err := keys(t, db, "create", "--name", "ci", "--role", "editor")
	if err != nil {
		t.Fatalf("keys create: %v", err)
	}
	key := strings.TrimSpace(out)
	if !auth.WellFormed(key) || strings.Count(out, "\n") != 1 {
		t.Fatalf("keys create printed %q, want the key alone on a line", out)
	}
	if !strings.Contains(note, "not shown again") || strings.Contains(note, key) {
		t.Errorf("keys create's note: %q; want one saying the key is not shown again, without the key", note)
	}

	base := serveRequiringKeys(t, db)
	if got := status(t, base, key); got != http.StatusOK {
		t.Errorf("with the new key: HTTP %d, want 200", got)
	}
	if got := status(t, base, ""); got != http.StatusUnauthorized {
		t.Errorf("without a key, under --require-reader-key: HTTP %d, want 401", got)
	}

	list, _, err := keys(t, db, "list")
	if err != nil {
		t.Fatalf("keys list: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "NAME") || !strings.HasPrefix(lines[1], "ci ") || !strings.Contains(lines[1], "editor") {
		t.Errorf("keys list:\n%s", list)
	}
	if strings.Contains(list, key) || strings.Contains(list, auth.Hash(key)) || strings.Contains(list, auth.KeyPrefix) {
		t.Errorf("keys list shows the key or its hash:\n%s", list)
	}

	if _, _, err := keys(t, db, "revoke", "--name", "ci"); err != nil {
		t.Fatalf("keys revoke: %v", err)
	}
	if got := status(t, base, key); got != http.StatusUnauthorized {
		t.Errorf("with the revoked key: HTTP %d, want 401", got)
	}
	list, _, _ = keys(t, db, "list")
	if fields := strings.Fields(strings.Split(strings.TrimSpace(list), "\n")[1]); len(fields) != 5 || fields[4] == "-" || fields[3] == "-" {
		t.Errorf("keys list after revoking (want last used and revoked set):\n%s", list)
	}
}

// TestKeysCommandBadInput: every mistake is a usageError (exit code 2) that says what is wrong,
// and nothing panics.
func TestKeysCommandBadInput(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "keys.db")
	if _, _, err := keys(t, db, "create", "--name", "taken", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "create, list or revoke"},
		{"unknown command", []string{"rotate"}, `unknown command "rotate"`},
		{"unknown role", []string{"create", "--name", "x", "--role", "owner"}, `unknown role "owner"`},
		{"no role", []string{"create", "--name", "x"}, "--role"},
		{"no name", []string{"create", "--role", "editor"}, "needs a name"},
		{"bad name", []string{"create", "--name", "two words", "--role", "editor"}, "letters, digits"},
		{"duplicate name", []string{"create", "--name", "taken", "--role", "editor"}, "exists already"},
		{"duplicate name in another case", []string{"create", "--name", "TAKEN", "--role", "editor"}, "exists already"},
		{"unknown flag", []string{"create", "--nme", "x"}, "flag provided but not defined"},
		{"stray argument", []string{"list", "extra"}, "unexpected arguments"},
		{"revoke without a name", []string{"revoke"}, "needs a name"},
		{"revoke an unknown name", []string{"revoke", "--name", "nobody"}, "no such API key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := keys(t, db, tt.args...)
			if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("keys %v: %v; want a usage error saying %q", tt.args, err, tt.want)
			}
		})
	}
	var out strings.Builder
	err := keysCommand(context.Background(), []string{"list"}, func(string) string { return "postgres://x" }, &out, io.Discard)
	if !errors.As(err, new(usageError)) {
		t.Errorf("keys list with AIDGRAPH_DB=postgres://x: %v, want a usage error", err)
	}
}
