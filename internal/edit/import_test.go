package edit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/edit"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// The article's source and two of Lushi's townships, by global id.
var (
	article   = gid.Encode(model.TypeSource, 1)
	chengguan = gid.Encode(model.TypeTownship, 30)
	duguan    = gid.Encode(model.TypeTownship, 31)
)

// TestImport loads CSV and JSON files as a county office would: every row or none, each bad
// row named by its line, and a second run of the same file changes nothing.
func TestImport(t *testing.T) {
	good := "\uFEFFtype,name,stage,region.id,source.id\n" +
		"School,城关镇第一小学,PRIMARY," + chengguan + "," + article + "\n" +
		"School,\"杜关镇\"\"希望\"\"小学, 一部\",," + duguan + "," + article + "\n" +
		"Hospital,,,,\n"
	good = strings.Replace(good, "Hospital,,,,\n", "", 1)
	goodJSON := `[{"type": "Hospital", "name": "城关镇卫生院", "level": "TOWNSHIP_HEALTH_CENTRE", "regionId": "` + chengguan + `", "sourceId": "` + article + `"},
		{"type": "Figure", "metric": "students_enrolled", "label": "Students enrolled", "labelZh": "在校学生", "value": "5000",
		 "unit": "PERSON", "qualifier": "MORE_THAN", "kind": "STOCK", "originalText": "5000余人", "quote": "在校学生5000余人",
		 "sourceId": "` + article + `", "subjectId": "` + chengguan + `", "periodEnd": "2019-12-31"}]`
	bad := "type,name,stage,regionId,sourceId\n" +
		"School,城关镇第二小学,PRIMARY," + chengguan + "," + article + "\n" +
		"School,城关镇第三小学,PRIMARY," + article + "," + article + "\n"
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.Open(t, d)
		db := testdb.SQL(t, s)
		e := &edit.Editor{Store: s}
		run := func(file string, dry bool) edit.Report {
			t.Helper()
			rep, err := e.ImportFile(ctx, "import test", strings.NewReader(file), dry)
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			return rep
		}

		before := testdb.Dump(t, db)
		if rep := run(good, true); rep.Created != 2 || len(rep.Errors) != 0 {
			t.Errorf("dry run: %+v, want 2 rows to create", rep)
		}
		if testdb.Dump(t, db) != before {
			t.Fatal("a dry run wrote to the database")
		}
		rep := run(bad, false)
		if len(rep.Errors) != 1 || rep.Errors[0].Argument != "line 3.regionId" || rep.Created != 0 {
			t.Errorf("an import with one bad row: %+v, want one error naming line 3's regionId", rep)
		}
		if testdb.Dump(t, db) != before {
			t.Fatal("an import with a bad row wrote its good rows")
		}
		// Budgets past 2^53 − 1 are refused as the API refuses them, naming the field.
		for _, budget := range []string{"9007199254740993", "9223372036854775807"} {
			huge := `[{"type": "Project", "name": "超大预算项目", "category": "WATER", "budgetYuan": ` + budget +
				`, "quote": "超大预算项目", "sourceId": "` + article + `"}]`
			if rep := run(huge, false); len(rep.Errors) != 1 || rep.Errors[0].Argument != "line 1.budgetYuan" || rep.Created != 0 {
				t.Errorf("an import of a budget of %s: %+v, want one error naming line 1's budgetYuan", budget, rep)
			}
		}
		if testdb.Dump(t, db) != before {
			t.Fatal("an import of a budget past the bound wrote to the database")
		}

		for _, file := range []string{good, goodJSON} {
			if rep := run(file, false); rep.Created != 2 || len(rep.Errors) != 0 {
				t.Fatalf("first import: %+v, want 2 rows created", rep)
			}
			after := testdb.Dump(t, db)
			if rep := run(file, false); rep.Created != 0 || rep.Unchanged != 2 || len(rep.Errors) != 0 {
				t.Errorf("second import of the same file: %+v, want nothing created and 2 unchanged", rep)
			}
			if testdb.Dump(t, db) != after {
				t.Error("a second import of the same file changed the database")
			}
		}
		var name string
		if err := db.QueryRow("SELECT name FROM schools WHERE region_id = 31").Scan(&name); err != nil || name != `杜关镇"希望"小学, 一部` {
			t.Errorf("the quoted CSV cell came back as %q (%v)", name, err)
		}
		var authors string
		if err := db.QueryRow("SELECT COUNT(*) FROM changes WHERE author = 'import test'").Scan(&authors); err != nil || authors != "4" {
			t.Errorf("changes recorded under the import's name: %s (%v), want 4", authors, err)
		}
	})
}
