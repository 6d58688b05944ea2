package edit_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/apperr"
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

// TestImportNormalisesText holds the import to the mutations' normal form: a school whose name
// a reader cannot tell from a recorded one's is that school (left alone), and a name with a
// control character or nothing visible is refused, naming its line and field.
func TestImportNormalisesText(t *testing.T) {
	cases := []struct {
		name, file      string
		created, same   int
		errArg, errText string
	}{
		{"look-alike of a recorded school", "type,name,stage,regionId,sourceId\n" +
			"School,\" 城关镇第\u200B１２小学\u3000\",PRIMARY," + chengguan + "," + article + "\n", 0, 1, "", ""},
		{"NUL in a name", "type,name,regionId,sourceId\nSchool,城关镇\x00小学," + chengguan + "," + article + "\n", 0, 0, "line 2.name", "control character"},
		{"nothing visible", "type,name,regionId,sourceId\nSchool,\u200B\u200B," + chengguan + "," + article + "\n", 0, 0, "line 2.name", "empty"},
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		e := &edit.Editor{Store: testdb.Open(t, d)}
		stage := model.SchoolStagePrimary
		if _, err := e.School(ctx, "test", edit.Target{}, model.SchoolInput{Name: "城关镇第12小学", Stage: &stage, RegionID: chengguan, SourceID: article}); err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				rep, err := e.ImportFile(ctx, "import test", strings.NewReader(c.file), false)
				if err != nil {
					t.Fatalf("import: %v", err)
				}
				if rep.Created != c.created || rep.Unchanged != c.same {
					t.Errorf("created %d, unchanged %d; want %d, %d (%+v)", rep.Created, rep.Unchanged, c.created, c.same, rep.Errors)
				}
				switch {
				case c.errArg == "" && len(rep.Errors) > 0:
					t.Errorf("errors %v, want none", rep.Errors)
				case c.errArg != "" && (len(rep.Errors) != 1 || rep.Errors[0].Argument != c.errArg || !strings.Contains(rep.Errors[0].Message, c.errText)):
					t.Errorf("errors %v, want one on %s saying %q", rep.Errors, c.errArg, c.errText)
				}
			})
		}
	})
}

// TestImportRefusesInvalidUTF8: a cell or a JSON value that is not UTF-8 is refused, named by
// its line (the JSON array's element) and column, and nothing is written; encoding/json would
// otherwise have turned it into U+FFFD without a word.
func TestImportRefusesInvalidUTF8(t *testing.T) {
	school := func(name string) string {
		return "School," + name + ",PRIMARY," + chengguan + "," + article + "\n"
	}
	cases := []struct {
		name, file string
		want       []string // the errors' arguments
	}{
		{"CSV cell", "type,name,stage,region.id,source.id\n" + school("城关镇编码测试小学") + school("城关镇\xff编码小学"), []string{"line 3.name"}},
		{"CSV cells of two rows", "type,name,stage,region.id,source.id\n" + school("城关\xe5\x9f镇小学") + "School,城关镇编码测试二小,\xc0\xaf," + chengguan + "," + article + "\n",
			[]string{"line 2.name", "line 3.stage"}},
		{"CSV cell over two lines", "type,name,stage,region.id,source.id\n" + school("\"城关镇\n\xff小学\""), []string{"line 2.name"}},
		{"CSV header", "type,na\xffme,stage,region.id,source.id\n" + school("城关镇编码测试小学"), []string{"line 1.column 2"}},
		{"JSON value", `[{"type": "Hospital", "name": "城关镇编码卫生院", "level": "TOWNSHIP_HEALTH_CENTRE", "regionId": "` + chengguan + `", "sourceId": "` + article + `"},
			{"type": "Hospital", "name": "城关镇` + "\xff" + `卫生院", "level": "TOWNSHIP_HEALTH_CENTRE", "regionId": "` + chengguan + `", "sourceId": "` + article + `"}]`,
			[]string{"line 2.name"}},
		{"JSON list", `[{"type": "Source", "title": "编码测试", "url": "https://example.org/utf8", "authors": ["甲", "` + "\xfe" + `"]}]`, []string{"line 1.authors"}},
		{"JSON field name", `[{"type": "Source", "ti` + "\xff" + `tle": "编码测试", "url": "https://example.org/utf8"}]`, []string{"line 1"}},
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		db := testdb.SQL(t, s)
		before := testdb.Dump(t, db)
		for _, tt := range cases {
			rep, err := (&edit.Editor{Store: s}).ImportFile(context.Background(), "import test", strings.NewReader(tt.file), false)
			if err != nil {
				t.Fatalf("%s: import: %v", tt.name, err)
			}
			var got []string
			for _, e := range rep.Errors {
				got = append(got, e.Argument)
				if e.Code != apperr.InvalidArgument || !strings.Contains(e.Message, "UTF-8") {
					t.Errorf("%s: %s: %s (%s), want INVALID_ARGUMENT saying UTF-8", tt.name, e.Argument, e.Message, e.Code)
				}
			}
			if !slices.Equal(got, tt.want) || rep.Created != 0 {
				t.Errorf("%s: %d created, errors at %q; want none created, errors at %q", tt.name, rep.Created, got, tt.want)
			}
			if testdb.Dump(t, db) != before {
				t.Fatalf("%s: an import of text that is not UTF-8 wrote to the database", tt.name)
			}
		}
	})
}

// TestImportUndoesOnlyTheFormulaGuard: a ' before =, +, -, @, a tab or a carriage return is the
// guard aidgraph's CSV download writes, and goes; any other ' is the text's own, and stays.
func TestImportUndoesOnlyTheFormulaGuard(t *testing.T) {
	names := []struct{ cell, stored string }{
		{"'-号小学", "-号小学"},
		{"'+号小学", "+号小学"},
		{"'光明'小学", "'光明'小学"},
		{"''城关小学", "''城关小学"},
		{"城关镇'一小'", "城关镇'一小'"},
	}
	file := "type,name,stage,region.id,source.id\n"
	for _, n := range names {
		file += "School," + n.cell + ",PRIMARY," + chengguan + "," + article + "\n"
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		rep, err := (&edit.Editor{Store: s}).ImportFile(context.Background(), "import test", strings.NewReader(file), false)
		if err != nil || rep.Created != len(names) || len(rep.Errors) != 0 {
			t.Fatalf("import: %+v, %v; want %d rows created", rep, err, len(names))
		}
		for _, n := range names {
			var count int
			if err := testdb.SQL(t, s).QueryRow("SELECT COUNT(*) FROM schools WHERE name = ? AND region_id = 30", n.stored).Scan(&count); err != nil || count != 1 {
				t.Errorf("cell %q: %d schools named %q (%v), want 1", n.cell, count, n.stored, err)
			}
		}
	})
}

// TestImportLetsWritesThrough: an import writes its batches in transactions of their own, so
// that a write made while it runs (an API write: here, schools created one at a time) neither
// waits for the whole file nor fails, on SQLite's one writer too; some of them commit between
// the import's batches, which the seqs show.
func TestImportLetsWritesThrough(t *testing.T) {
	const rows = 8 * edit.ImportBatch
	var file strings.Builder
	file.WriteString("type,name,region.id,source.id\n")
	for i := range rows {
		fmt.Fprintf(&file, "School,导入批次测试小学%d,%s,%s\n", i, chengguan, article)
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.Open(t, d)
		e := &edit.Editor{Store: s}
		db := testdb.SQL(t, s)
		done := make(chan struct{})
		var writes []error
		go func() {
			defer close(done)
			for i := 0; i < 5000; i++ { // bounded: the import ends long before
				_, err := e.School(ctx, "api", edit.Target{}, model.SchoolInput{Name: fmt.Sprintf("导入期间写入%d", i), RegionID: duguan, SourceID: article})
				writes = append(writes, err)
				var n int
				if err := db.QueryRow("SELECT COUNT(*) FROM changes WHERE author = 'import test'").Scan(&n); err == nil && n == rows {
					return
				}
			}
		}()
		rep, err := e.ImportFile(ctx, "import test", strings.NewReader(file.String()), false)
		<-done
		if err != nil || rep.Created != rows {
			t.Fatalf("import: %+v, %v; want %d rows created", rep, err, rows)
		}
		for i, err := range writes {
			if err != nil {
				t.Fatalf("write %d of %d during the import: %v", i+1, len(writes), err)
			}
		}
		var first, last, between int64
		if err := db.QueryRow("SELECT MIN(seq), MAX(seq) FROM changes WHERE author = 'import test'").Scan(&first, &last); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("SELECT COUNT(*) FROM changes WHERE author = 'api' AND seq > ? AND seq < ?", first, last).Scan(&between); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d writes during the import, %d of them between its first batch (seq %d) and its last (seq %d)", len(writes), between, first, last)
		if between == 0 {
			t.Errorf("no write committed between the import's batches (seqs %d to %d): it held the writers for its whole length", first, last)
		}
	})
}

// TestImportFindsTheOneChangedRow runs a file of three batches again with one cell of one row
// changed: the set-based second run must see that row as the one that differs, however small
// the change (a case, a cell emptied), and leave the others alone. A row recorded with other
// values is refused (update it instead) and nothing is written; a row whose name changed is a
// new school, the only row written, with its one change in the history.
func TestImportFindsTheOneChangedRow(t *testing.T) {
	const rows = 2*edit.ImportBatch + 5
	const changed = edit.ImportBatch + 4 // a row of the second batch with a stage and an English name; its line is changed + 2
	type change func(name, stage, nameEn string) (string, string, string)
	line := func(i int, ch change) string {
		name, stage, nameEn := fmt.Sprintf("不变检测小学%d", i), "", ""
		if i%2 == 0 {
			stage = "PRIMARY"
		}
		if i%3 == 0 {
			nameEn = fmt.Sprintf("Unchanged School %d", i)
		}
		if ch != nil {
			name, stage, nameEn = ch(name, stage, nameEn)
		}
		return fmt.Sprintf("School,%s,%s,%s,%s,%s\n", name, stage, nameEn, chengguan, article)
	}
	file := func(ch change) string {
		var b strings.Builder
		b.WriteString("type,name,stage,nameEn,region.id,source.id\n")
		for i := range rows {
			if i == changed {
				b.WriteString(line(i, ch))
			} else {
				b.WriteString(line(i, nil))
			}
		}
		return b.String()
	}
	differs := []struct {
		name string
		edit change
	}{
		{"stage changed", func(n, s, e string) (string, string, string) { return n, "SECONDARY", e }},
		{"stage emptied", func(n, s, e string) (string, string, string) { return n, "", e }},
		{"English name emptied", func(n, s, e string) (string, string, string) { return n, s, "" }},
		{"English name in other case", func(n, s, e string) (string, string, string) { return n, s, strings.ToLower(e) }},
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.Open(t, d)
		db := testdb.SQL(t, s)
		e := &edit.Editor{Store: s}
		run := func(file string) edit.Report {
			t.Helper()
			rep, err := e.ImportFile(ctx, "import test", strings.NewReader(file), false)
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			return rep
		}
		if rep := run(file(nil)); rep.Created != rows || len(rep.Errors) != 0 {
			t.Fatalf("first import: %+v, want %d rows created", rep, rows)
		}
		before := testdb.Dump(t, db)
		if rep := run(file(nil)); rep.Created != 0 || rep.Unchanged != rows || len(rep.Errors) != 0 {
			t.Errorf("unchanged second run: %+v, want %d unchanged", rep, rows)
		}
		if testdb.Dump(t, db) != before {
			t.Fatal("the unchanged second run wrote to the database")
		}
		for _, c := range differs {
			rep := run(file(c.edit))
			want := fmt.Sprintf("line %d", changed+2)
			if len(rep.Errors) != 1 || rep.Errors[0].Argument != want || rep.Errors[0].Code != apperr.AlreadyExists || rep.Created != 0 {
				t.Errorf("%s: %+v, want one ALREADY_EXISTS naming %s", c.name, rep, want)
			}
			if rep.Unchanged != rows-1 {
				t.Errorf("%s: %d rows found unchanged, want %d", c.name, rep.Unchanged, rows-1)
			}
			if testdb.Dump(t, db) != before {
				t.Fatalf("%s: an import with a changed row wrote to the database", c.name)
			}
		}

		renamed := file(func(n, s, e string) (string, string, string) { return n + "分校", s, e })
		if rep := run(renamed); rep.Created != 1 || rep.Unchanged != rows-1 || len(rep.Errors) != 0 {
			t.Fatalf("a renamed row: %+v, want 1 created and %d unchanged", rep, rows-1)
		}
		var id, version, changes, total int
		name := fmt.Sprintf("不变检测小学%d分校", changed)
		if err := db.QueryRow("SELECT id, version FROM schools WHERE name = ?", name).Scan(&id, &version); err != nil || version != 1 {
			t.Fatalf("the renamed row: version %d (%v), want a new row at version 1", version, err)
		}
		if err := db.QueryRow("SELECT COUNT(*) FROM changes WHERE node_type = 'School' AND node_id = ? AND op = 'CREATE'", id).Scan(&changes); err != nil || changes != 1 {
			t.Errorf("the renamed row's history: %d creations (%v), want 1", changes, err)
		}
		if err := db.QueryRow("SELECT COUNT(*) FROM changes WHERE author = 'import test'").Scan(&total); err != nil || total != rows+1 {
			t.Errorf("changes recorded under the import's name: %d (%v), want %d: the rows before and one", total, err, rows+1)
		}
		if err := db.QueryRow("SELECT COUNT(*) FROM schools WHERE name LIKE '不变检测小学%' AND version <> 1").Scan(&total); err != nil || total != 0 {
			t.Errorf("%d imported schools moved past version 1 (%v), want none", total, err)
		}
	})
}
