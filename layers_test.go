package main

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/aidgraph/aidgraph"

// TestLayers holds the rules of ARCHITECTURE.md: only the store speaks SQL, models know no
// database, and the store knows no HTTP and no GraphQL executor. It reads each package's
// imports (test files aside) as `go build` would.
func TestLayers(t *testing.T) {
	database := []string{"gorm.io/", "database/sql", "github.com/go-sql-driver/", "github.com/glebarez/"}
	rules := []struct {
		pkg       string
		forbidden []string
	}{
		{"model", []string{module + "/internal/store", module + "/graph", module + "/internal/api"}},
		{"internal/store", []string{"net/http", "github.com/99designs/gqlgen", module + "/graph", module + "/internal/api"}},
		{"internal/auth", []string{"net/http", module + "/internal/store", module + "/internal/api"}},
	}
	for _, r := range rules {
		p, err := build.ImportDir(r.pkg, 0)
		if err != nil {
			t.Fatalf("%s: %v", r.pkg, err)
		}
		for _, imp := range p.Imports {
			for _, f := range r.forbidden {
				if strings.HasPrefix(imp, f) {
					t.Errorf("%s imports %s, which its layer must not (ARCHITECTURE.md, Rules)", r.pkg, imp)
				}
			}
		}
	}
	// No package outside the store and the test databases imports a database package.
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && path != "." {
			return filepath.SkipDir // .git, .ci
		}
		if path == "internal/store" || path == "internal/testdb" {
			return nil
		}
		p, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		for _, imp := range p.Imports {
			for _, f := range database {
				if strings.HasPrefix(imp, f) {
					t.Errorf("%s imports %s: only internal/store speaks SQL", path, imp)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
