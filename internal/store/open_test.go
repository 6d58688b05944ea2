package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestOpenSaysWhatIsWrong opens databases that cannot be: the message must say what to do,
// not "out of memory (14)" or a bare "Error 1049".
func TestOpenSaysWhatIsWrong(t *testing.T) {
	dir := t.TempDir()
	notADatabase := filepath.Join(dir, "folder.db")
	if err := os.Mkdir(notADatabase, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, db, says string }{
		{"a folder that does not exist", "sqlite:" + filepath.Join(dir, "missing", "aidgraph.db"), "does not exist: create it"},
		{"a folder where the file should be", "sqlite:" + notADatabase, "cannot open"},
	}
	if server := os.Getenv(testdb.MySQLEnv); server != "" {
		u, err := url.Parse(server)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		u.Path = "/aidgraph_test_missing_" + hex.EncodeToString(b) // never created
		tests = append(tests, struct{ name, db, says string }{"a MySQL database that does not exist", u.String(), "CREATE DATABASE"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, err := store.ParseTarget(tt.db)
			if err != nil {
				t.Fatal(err)
			}
			s, err := store.Open(context.Background(), target, store.Options{})
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
		})
	}
}
