package store

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/sqlrules"
)

// TestMigrationsRunOnTiDB holds every MySQL migration's Up section to the rules of what TiDB
// runs (internal/sqlrules); the statements the store issues are held by internal/api's TestMain.
func TestMigrationsRunOnTiDB(t *testing.T) {
	files, err := fs.Glob(migrations, "migrations/mysql/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no MySQL migrations found: %v", err)
	}
	for _, f := range files {
		raw, err := fs.ReadFile(migrations, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, stmt := range sqlrules.Up(string(raw)) {
			for _, v := range sqlrules.Check(stmt) {
				t.Errorf("%s: rule %q (%s) broken by: %s", f, v.Rule.Name, v.Rule.Why, strings.TrimSpace(stmt))
			}
		}
	}
}
