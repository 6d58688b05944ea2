package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// The writes' end-to-end tests (issue 11): every mutation goes over HTTP to a real server, with
// real API keys, on SQLite and on MySQL; what it did (or did not do) is checked against a dump
// of every table of the database, read with plain SQL.

// writes is a server over one test database and the keys that write to it.
type writes struct {
	h       *harness
	db      *sql.DB
	editor  string // an editor's key
	admin   string // an admin's key
	revoked string // an editor's key, revoked
	reader  string // a reader's key
}

func newWrites(t *testing.T, d store.Dialect) *writes {
	t.Helper()
	h := newHarness(t, d)
	w := &writes{h: h, db: testdb.SQL(t, h.store)}
	w.editor = makeKey(t, h.store, "editor-1", auth.RoleEditor)
	w.admin = makeKey(t, h.store, "admin-1", auth.RoleAdmin)
	w.reader = makeKey(t, h.store, "reader-1", auth.RoleReader)
	w.revoked = makeKey(t, h.store, "editor-old", auth.RoleEditor)
	if err := h.store.RevokeKey(context.Background(), "editor-old"); err != nil {
		t.Fatal(err)
	}
	// A key's first use records when it was used (at most once an hour): use each key once now,
	// so that what the tests compare is the record, not a key's last use.
	for _, key := range []string{w.editor, w.admin, w.reader} {
		w.ok(t, key, `{ __typename }`, nil, nil)
	}
	return w
}

// do sends one GraphQL request with key ("" for none) and decodes the answer. It fails the test
// on an HTTP 5xx or a body that is not JSON.
func (w *writes) do(t *testing.T, key, q string, vars map[string]any) response {
	t.Helper()
	var header map[string]string
	if key != "" {
		header = bearerOf(key)
	}
	status, _, raw := send(t, w.h.url, map[string]any{"query": q, "variables": vars}, header)
	if status >= 500 {
		t.Fatalf("HTTP %d for %s: %s", status, q, raw)
	}
	return decodeResponse(t, status, raw)
}

// ok sends a request that must succeed and decodes its data into out (if not nil).
func (w *writes) ok(t *testing.T, key, q string, vars map[string]any, out any) {
	t.Helper()
	r := w.do(t, key, q, vars)
	if r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("HTTP %d, errors %s\nquery: %s\nvariables: %s", r.Status, errorsText(r.Errors), q, jsonText(vars))
	}
	if out != nil {
		dec := json.NewDecoder(bytes.NewReader(r.Data))
		dec.UseNumber()
		if err := dec.Decode(out); err != nil {
			t.Fatalf("decode %s: %v", r.Data, err)
		}
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func errorsText(errs []gqlError) string { return jsonText(errs) }

// dumpTables reads every table of the test database (SQLite or MySQL): each row as text, its
// columns named, in the order of the primary key (of all columns for a table without one). Nothing
// is left out: the record's tables, the derived ones (project_stats, the ancestors' copies), the
// changes, the keys, data_version and goose's own.
func dumpTables(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	_, isMySQL := db.Driver().(*mysql.MySQLDriver)
	var tables [][]string
	if isMySQL {
		tables = sqlRows(t, db, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name")
	} else {
		tables = sqlRows(t, db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	}
	if len(tables) < 10 {
		t.Fatalf("dumpTables: only %d tables found: %v", len(tables), tables)
	}
	out := map[string][]string{}
	for _, row := range tables {
		table := row[0]
		if table == "id_counters" {
			continue // a sequence: a write rolled back leaves it moved on, by design
		}
		var cols, keys [][]string
		if isMySQL {
			cols = sqlRows(t, db, "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position", table)
			keys = sqlRows(t, db, "SELECT column_name FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND table_name = ? AND constraint_name = 'PRIMARY' ORDER BY ordinal_position", table)
		} else {
			cols = sqlRows(t, db, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table)
			keys = sqlRows(t, db, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table)
		}
		var names, order []string
		for _, c := range cols {
			names = append(names, c[0])
		}
		for _, k := range keys {
			order = append(order, quoteIdent(k[0], isMySQL))
		}
		for _, n := range names {
			order = append(order, quoteIdent(n, isMySQL)) // ties (and tables without a key) by every column
		}
		rows := sqlRows(t, db, "SELECT * FROM "+quoteIdent(table, isMySQL)+" ORDER BY "+strings.Join(order, ", "))
		lines := make([]string, len(rows))
		for i, r := range rows {
			parts := make([]string, len(r))
			for j, v := range r {
				parts[j] = names[j] + "=" + v
			}
			lines[i] = strings.Join(parts, " | ")
		}
		out[table] = lines
	}
	return out
}

func quoteIdent(s string, isMySQL bool) string {
	if isMySQL {
		return "`" + s + "`"
	}
	return `"` + s + `"`
}

// sameDump fails the test, listing what differs, if two dumps differ in any table.
func sameDump(t *testing.T, before, after map[string][]string) {
	t.Helper()
	var tables []string
	for table := range before {
		tables = append(tables, table)
	}
	for table := range after {
		if _, ok := before[table]; !ok {
			tables = append(tables, table)
		}
	}
	sort.Strings(tables)
	for _, table := range tables {
		b, a := before[table], after[table]
		if slices.Equal(b, a) {
			continue
		}
		gone, added := lineDiff(b, a), lineDiff(a, b)
		t.Errorf("table %s changed (%d rows before, %d after):\n  gone:  %s\n  added: %s", table, len(b), len(a),
			strings.Join(firstN(gone, 5), "\n         "), strings.Join(firstN(added, 5), "\n         "))
	}
}

// lineDiff lists the lines of a that b lacks (as a multiset).
func lineDiff(a, b []string) []string {
	n := map[string]int{}
	for _, l := range b {
		n[l]++
	}
	var out []string
	for _, l := range a {
		if n[l] > 0 {
			n[l]--
			continue
		}
		out = append(out, l)
	}
	return out
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(slices.Clone(s[:n]), fmt.Sprintf("... and %d more", len(s)-n))
	}
	return s
}

// wantErr is an error a client must see: the argument at fault and the code.
type wantErr struct{ arg, code string }

// checkErrors requires exactly the errors wanted (in any order), and no data.
func checkErrors(t *testing.T, r response, want ...wantErr) {
	t.Helper()
	var got []wantErr
	for _, e := range r.Errors {
		arg, _ := e.Extensions["argument"].(string)
		code, _ := e.Extensions["code"].(string)
		got = append(got, wantErr{arg, code})
		if e.Message == "" {
			t.Errorf("error without a message: %+v", e)
		}
	}
	cmp := func(a, b wantErr) int { return strings.Compare(a.arg+"\x00"+a.code, b.arg+"\x00"+b.code) }
	slices.SortFunc(got, cmp)
	want = slices.Clone(want)
	slices.SortFunc(want, cmp)
	if !slices.Equal(got, want) {
		t.Errorf("errors (argument, code) %v, want %v\nresponse: HTTP %d %s", got, want, r.Status, errorsText(r.Errors))
	}
	if d := strings.TrimSpace(string(r.Data)); d != "" && d != "null" {
		t.Errorf("data %s, want null", d)
	}
}

// omit, as a value of with, removes the field.
type omitted struct{}

var omit = omitted{}

// with returns a copy of input with the fields given as name, value pairs set (or removed).
func with(input map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(input)+len(kv)/2)
	for k, v := range input {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == omit {
			delete(out, kv[i].(string))
			continue
		}
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// The global ids of rows of the article's data (internal/seed/data) and of the test fixtures.
var (
	idHenan        = gid.Encode(model.TypeProvince, 1)
	idZhengzhou    = gid.Encode(model.TypeCity, 2)
	idLushi        = gid.Encode(model.TypeCounty, 4)
	idZhongyuan    = gid.Encode(model.TypeCounty, 10) // a district of Zhengzhou
	idChengguan    = gid.Encode(model.TypeTownship, 30)
	idShuanglong   = gid.Encode(model.TypeTownship, 38)
	idWenyu        = gid.Encode(model.TypeTownship, 39) // code 411224200000
	idZhangcun     = gid.Encode(model.TypeVillage, 60)  // in Wenyu; project 3 is there
	idShijia       = gid.Encode(model.TypeVillage, 61)  // in Shuanglongwan
	idArticle      = gid.Encode(model.TypeSource, 1)
	idProgramEdu   = gid.Encode(model.TypeProgram, 1)
	idFundsTotal   = gid.Encode(model.TypeFigure, 1003) // 3.37亿元, YUAN
	idZzLushi      = gid.Encode(model.TypePairing, 1)
	idFixtureSch   = gid.Encode(model.TypeSchool, 9001)
	idMissingSrc   = gid.Encode(model.TypeSource, 999999)
	idMissingProg  = gid.Encode(model.TypeProgram, 99)
	idMissingPair  = gid.Encode(model.TypePairing, 99999)
	idMissingFig   = gid.Encode(model.TypeFigure, 99999)
	idNotIssued    = "not-an-id!"
	idLushiSchools = gid.Encode(model.TypeCollective, 4)
)

// Valid inputs of each type: every validation case breaks one rule of one of them.
func baseInputs() map[string]map[string]any {
	return map[string]map[string]any{
		"School":   {"name": "写入测试学校", "stage": "PRIMARY", "regionId": idWenyu, "sourceId": idArticle},
		"Hospital": {"name": "写入测试卫生院", "level": "TOWNSHIP_HEALTH_CENTRE", "regionId": idWenyu, "sourceId": idArticle},
		"Collective": {"name": "写入测试学校组", "memberKind": "SCHOOL", "memberCount": 3, "regionId": idLushi,
			"quote": "写入测试学校组共3所", "sourceId": idArticle},
		"Project": {"name": "写入测试项目", "category": "WATER", "status": "PLANNED", "budgetYuan": "1000000",
			"regionId": idWenyu, "funderRegionId": idZhengzhou, "programId": idProgramEdu, "startDate": "2019-03", "endDate": "2020",
			"quote": "写入测试项目投资100万元", "sourceId": idArticle},
		"Pairing": {"kind": "SCHOOL_SCHOOL", "helperId": idFixtureSch, "helpedId": idLushiSchools, "partOfId": idZzLushi,
			"startDate": "2019", "quote": "测试学校结对帮扶卢氏县73所学校", "sourceId": idArticle},
		"Figure": {"metric": "test_funds", "label": "Test funds", "labelZh": "测试资金", "value": "8000000", "unit": "YUAN",
			"qualifier": "NEARLY", "kind": "FLOW", "originalText": "近800万元", "quote": "投入测试资金近800万元",
			"sourceId": idArticle, "subjectId": idLushi, "periodStart": "2018-05", "periodEnd": "2019"},
		"Source": {"kind": "ARTICLE", "title": "写入测试来源", "publisher": "测试出版社", "authors": []string{"甲"},
			"publishedOn": "2020-01", "url": "https://example.org/write-test"},
		"Village": {"name": "写入测试村", "code": "411224200201", "townshipId": idWenyu, "sourceId": idArticle},
	}
}

func createDoc(typ string) string {
	return fmt.Sprintf(`mutation($in: %sInput!) { create%s(input: $in) { id version } }`, typ, typ)
}

func updateDoc(typ string) string {
	return fmt.Sprintf(`mutation($id: ID!, $v: Int!, $in: %sInput!) { update%s(id: $id, version: $v, input: $in) { id version } }`, typ, typ)
}

const (
	deleteDoc  = `mutation($id: ID!, $v: Int!) { delete(id: $id, version: $v) { id version } }`
	restoreDoc = `mutation($id: ID!) { restore(id: $id) { id ... on School { version name stage region { id } source { id } }
		... on Project { version name budgetYuan category status projectRegion: region { id } } } }`
)

// created is what a create or update returns.
type created struct {
	ID      string
	Version int
}

// create records a row of type typ with input, as key, and returns its id and version.
func (w *writes) create(t *testing.T, key, typ string, input map[string]any) created {
	t.Helper()
	var out map[string]created
	w.ok(t, key, createDoc(typ), map[string]any{"in": input}, &out)
	return out["create"+typ]
}

func (w *writes) update(t *testing.T, key, typ, id string, version int, input map[string]any) created {
	t.Helper()
	var out map[string]created
	w.ok(t, key, updateDoc(typ), map[string]any{"id": id, "v": version, "in": input}, &out)
	return out["update"+typ]
}

func (w *writes) remove(t *testing.T, key, id string, version int) {
	t.Helper()
	var out struct{ Delete created }
	w.ok(t, key, deleteDoc, map[string]any{"id": id, "v": version}, &out)
	if out.Delete.ID != id || out.Delete.Version != version {
		t.Errorf("delete(%s, %d) returned %+v", id, version, out.Delete)
	}
}

// unchanged runs fn and requires every table to be as it was.
func (w *writes) unchanged(t *testing.T, fn func()) {
	t.Helper()
	before := dumpTables(t, w.db)
	fn()
	sameDump(t, before, dumpTables(t, w.db))
}

// TestWrites runs the writes' end-to-end suite on every database at hand.
func TestWrites(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		start := time.Now()
		w := newWrites(t, d)
		for _, c := range []struct {
			name string
			run  func(*testing.T, *writes)
		}{
			{"RefusedWritesChangeNothing", testRefusedWrites},
			{"ValidationChangesNothing", testValidation},
			{"ValidInputsAreAccepted", testValidInputs},
			{"StaleVersion", testStaleVersion},
			{"History", testHistory},
			{"ChangesFeed", testChangesFeed},
			{"ChangesPagedBackward", testChangesBackward},
			{"SoftDeleteAndRestore", testSoftDelete},
			{"DerivedDataFollows", testDerivedData},
		} {
			t.Run(c.name, func(t *testing.T) {
				start := time.Now()
				c.run(t, w)
				t.Logf("%s/%s took %s", d, c.name, time.Since(start).Round(time.Millisecond))
			})
		}
		t.Logf("TestWrites/%s took %s in all", d, time.Since(start).Round(time.Millisecond))
	})
}

// testRefusedWrites sends mutations that no key, a bad key or too weak a key may make: each is
// refused as a client sees it, and changes nothing, not even the data version.
func testRefusedWrites(t *testing.T, w *writes) {
	// The dump sees a write: the row, its change and the data version.
	before := dumpTables(t, w.db)
	school := w.create(t, w.editor, "School", with(baseInputs()["School"], "name", "拒绝测试学校"))
	after := dumpTables(t, w.db)
	for table, rows := range map[string]int{"schools": 1, "changes": 1, "data_version": 0} {
		if len(after[table]) != len(before[table])+rows || slices.Equal(after[table], before[table]) {
			t.Errorf("dumpTables: the create does not show in %s (%d rows before, %d after)", table, len(before[table]), len(after[table]))
		}
	}
	deleted := w.create(t, w.editor, "School", with(baseInputs()["School"], "name", "拒绝测试已删学校"))
	w.remove(t, w.editor, deleted.ID, deleted.Version)
	unknown, _, _ := auth.Generate()
	createVars := map[string]any{"in": with(baseInputs()["School"], "name", "不应写入的学校")}
	updateVars := map[string]any{"id": school.ID, "v": school.Version, "in": with(baseInputs()["School"], "name", "不应改成的名字")}
	deleteVars := map[string]any{"id": school.ID, "v": school.Version}
	restoreVars := map[string]any{"id": deleted.ID}
	type op struct {
		name, doc string
		vars      map[string]any
	}
	ops := []op{
		{"create", createDoc("School"), createVars},
		{"update", updateDoc("School"), updateVars},
		{"delete", deleteDoc, deleteVars},
		{"restore", restoreDoc, restoreVars},
	}
	for _, tt := range []struct {
		name   string
		header map[string]string
		ops    []string // the operations refused this way (all when nil)
		status int
		code   string
	}{
		{"no key", nil, nil, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"unknown key", bearerOf(unknown), nil, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"revoked key", bearerOf(w.revoked), nil, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"key with a letter changed", bearerOf(w.editor[:10] + string('A'+(w.editor[10]-'A'+1)%26) + w.editor[11:]), nil, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"not a key", bearerOf("hunter2"), nil, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"key without scheme", map[string]string{"Authorization": w.editor}, nil, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"Basic", map[string]string{"Authorization": "Basic ZWRpdG9yOnNlY3JldA=="}, nil, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"empty header", map[string]string{"Authorization": ""}, nil, http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"reader key", bearerOf(w.reader), nil, http.StatusOK, "FORBIDDEN"},
		{"editor key", bearerOf(w.editor), []string{"restore"}, http.StatusOK, "FORBIDDEN"},
	} {
		for _, o := range ops {
			if tt.ops != nil && !slices.Contains(tt.ops, o.name) {
				continue
			}
			t.Run(tt.name+"/"+o.name, func(t *testing.T) {
				w.unchanged(t, func() {
					status, header, raw := send(t, w.h.url, map[string]any{"query": o.doc, "variables": o.vars}, tt.header)
					r := decodeResponse(t, status, raw)
					if r.Status != tt.status {
						t.Errorf("HTTP %d, want %d: %s", r.Status, tt.status, raw)
					}
					if status == http.StatusUnauthorized && !strings.HasPrefix(header.Get("WWW-Authenticate"), "Bearer") {
						t.Errorf("HTTP 401 with WWW-Authenticate %q, want a Bearer challenge", header.Get("WWW-Authenticate"))
					}
					checkErrors(t, r, wantErr{"", tt.code})
				})
			})
		}
	}
	// The rows refused are still as they were, and the deleted one still deleted.
	var got struct{ Node map[string]any }
	w.ok(t, "", `query($id: ID!) { node(id: $id) { ... on School { name version } } }`, map[string]any{"id": school.ID}, &got)
	if got.Node["name"] != "拒绝测试学校" || fmt.Sprint(got.Node["version"]) != "1" || w.exists(t, deleted.ID) {
		t.Errorf("after the refusals: %+v; the deleted school is back: %t", got, w.exists(t, deleted.ID))
	}
}

// validationCase is one broken rule: the input that breaks it and the errors a client sees.
type validationCase struct {
	name  string
	typ   string         // the input's type: School, Project, ...
	input map[string]any // the whole input
	want  []wantErr
	// update, when set, names the row the input would replace (its version is read first).
	update string
}

func validationCases() []validationCase {
	b := baseInputs()
	bad := func(arg string) []wantErr { return []wantErr{{"input." + arg, "INVALID_ARGUMENT"}} }
	exists := func(arg string) []wantErr { return []wantErr{{"input." + arg, "ALREADY_EXISTS"}} }
	long := strings.Repeat("长", 201)
	return []validationCase{
		// Texts.
		{name: "empty name", typ: "School", input: with(b["School"], "name", ""), want: bad("name")},
		{name: "name of spaces", typ: "Hospital", input: with(b["Hospital"], "name", "   "), want: bad("name")},
		{name: "name too long", typ: "School", input: with(b["School"], "name", long), want: bad("name")},
		{name: "English name too long", typ: "Village", input: with(b["Village"], "nameEn", strings.Repeat("x", 201)), want: bad("nameEn")},
		{name: "description too long", typ: "Project", input: with(b["Project"], "description", strings.Repeat("d", 2001)), want: bad("description")},
		{name: "empty quote", typ: "Project", input: with(b["Project"], "quote", " "), want: bad("quote")},
		{name: "quote too long", typ: "Pairing", input: with(b["Pairing"], "quote", strings.Repeat("引", 2001)), want: bad("quote")},
		{name: "empty title", typ: "Source", input: with(b["Source"], "title", ""), want: bad("title")},
		{name: "empty author", typ: "Source", input: with(b["Source"], "authors", []string{"甲", ""}), want: bad("authors.1")},
		{name: "empty label", typ: "Figure", input: with(b["Figure"], "labelZh", ""), want: bad("labelZh")},
		{name: "metric not snake_case", typ: "Figure", input: with(b["Figure"], "metric", "Test Funds"), want: bad("metric")},
		// References.
		{name: "region id not issued", typ: "School", input: with(b["School"], "regionId", idNotIssued), want: []wantErr{{"input.regionId", "INVALID_ID"}}},
		{name: "source id not issued", typ: "Figure", input: with(b["Figure"], "sourceId", "U291cmNlOjE="), want: []wantErr{{"input.sourceId", "INVALID_ID"}}}, // "Source:1" padded
		{name: "region of the wrong type", typ: "School", input: with(b["School"], "regionId", idZhengzhou), want: bad("regionId")},
		{name: "region id of a project", typ: "Project", input: with(b["Project"], "regionId", gid.Encode(model.TypeProject, 1)), want: bad("regionId")},
		{name: "township id of a county", typ: "Village", input: with(b["Village"], "townshipId", idLushi), want: bad("townshipId")},
		{name: "subject of the wrong type", typ: "Figure", input: with(b["Figure"], "subjectId", idArticle), want: bad("subjectId")},
		{name: "missing source", typ: "Hospital", input: with(b["Hospital"], "sourceId", idMissingSrc), want: bad("sourceId")},
		{name: "missing program", typ: "Project", input: with(b["Project"], "programId", idMissingProg), want: bad("programId")},
		{name: "missing wider pairing", typ: "Pairing", input: with(b["Pairing"], "partOfId", idMissingPair), want: bad("partOfId")},
		{name: "missing whole figure", typ: "Figure", input: with(b["Figure"], "partOfId", idMissingFig), want: bad("partOfId")},
		{name: "missing village", typ: "Project", input: with(b["Project"], "regionId", gid.Encode(model.TypeVillage, 99999)), want: bad("regionId")},
		{name: "region id of a village given as a township", typ: "Project", input: with(b["Project"], "regionId", gid.Encode(model.TypeTownship, 60)), want: bad("regionId")},
		// Natural keys.
		{name: "school already recorded", typ: "School", input: with(b["School"], "name", fixtureSchoolName), want: exists("name")},
		{name: "hospital already recorded", typ: "Hospital", input: with(b["Hospital"], "name", fixtureHospitalName), want: exists("name")},
		{name: "project already recorded", typ: "Project", input: with(b["Project"], "name", "教育信息化项目", "regionId", idLushi), want: exists("name")},
		{name: "collective already recorded", typ: "Collective", input: with(b["Collective"], "name", "卢氏县73所学校", "quote", "卢氏县73所学校"), want: exists("name")},
		{name: "pairing already recorded", typ: "Pairing", input: with(b["Pairing"], "kind", "CITY_COUNTY", "helperId", idZhengzhou, "helpedId", idLushi, "partOfId", omit), want: exists("helpedId")},
		{name: "figure already recorded", typ: "Figure", input: with(b["Figure"], "originalText", "3.37亿元", "qualifier", "EXACT", "value", "337000000",
			"quote", "投入结对帮扶资金3.37亿元", "subjectId", idZzLushi), want: exists("quote")},
		{name: "source already recorded", typ: "Source", input: with(b["Source"], "url", omit,
			"title", "投入帮扶资金3亿多元 建成帮扶项目195个 我市全方位帮扶助力卢氏脱贫", "publisher", "郑报全媒体 (Zhengzhou Daily group)"), want: exists("title")},
		{name: "village name already in its township", typ: "Village", input: with(b["Village"], "name", "张村"), want: exists("name")},
		{name: "village code already recorded", typ: "Village", input: with(b["Village"], "code", "411224200000"), want: exists("code")}, // Wenyu's own
		// Amounts and dates.
		{name: "negative budget", typ: "Project", input: with(b["Project"], "budgetYuan", "-1"), want: bad("budgetYuan")},
		{name: "budget past 2^53", typ: "Project", input: with(b["Project"], "budgetYuan", json.Number("9007199254740993")), want: bad("budgetYuan")},
		{name: "budget of 2^63 - 1", typ: "Project", input: with(b["Project"], "budgetYuan", "9223372036854775807"), want: bad("budgetYuan")},
		{name: "end before start", typ: "Project", input: with(b["Project"], "startDate", "2020-05", "endDate", "2020-04-30"), want: bad("endDate")},
		{name: "period end before start", typ: "Figure", input: with(b["Figure"], "periodStart", "2019", "periodEnd", "2018-12"), want: bad("periodEnd")},
		{name: "member count 0", typ: "Collective", input: with(b["Collective"], "memberCount", 0), want: bad("memberCount")},
		// Quotes.
		{name: "quote without the original text", typ: "Figure", input: with(b["Figure"], "quote", "投入测试资金800万元"), want: bad("quote")},
		{name: "quote without the collective's name", typ: "Collective", input: with(b["Collective"], "quote", "三所学校"), want: bad("quote")},
		// The figures' wording rules.
		{name: "qualifier EXACT for 近800万元", typ: "Figure", input: with(b["Figure"], "qualifier", "EXACT"), want: bad("qualifier")},
		{name: "qualifier NEARLY for 3亿多元", typ: "Figure", input: with(b["Figure"], "originalText", "3亿多元", "value", "300000000", "quote", "3亿多元"), want: bad("qualifier")},
		{name: "value not the printed number", typ: "Figure", input: with(b["Figure"], "value", "7000000"), want: bad("value")},
		{name: "万 not converted", typ: "Figure", input: with(b["Figure"], "value", "800"), want: bad("value")},
		{name: "亿 past a Decimal", typ: "Figure", input: with(b["Figure"], "originalText", "11529215047亿元", "qualifier", "EXACT", "value", "93153024",
			"quote", "投入测试资金11529215047亿元"), want: bad("originalText")},
		{name: "negative value", typ: "Figure", input: with(b["Figure"], "originalText", "减少", "qualifier", "EXACT", "value", "-5", "quote", "测试资金减少"), want: bad("value")},
		{name: "money not whole yuan", typ: "Figure", input: with(b["Figure"], "originalText", "12.5元", "qualifier", "EXACT", "value", "12.5", "quote", "共12.5元"), want: bad("value")},
		{name: "ratio in YUAN", typ: "Figure", input: with(b["Figure"], "kind", "RATIO"), want: bad("kind")},
		{name: "percent not a ratio", typ: "Figure", input: with(b["Figure"], "unit", "PERCENT", "originalText", "18.9%", "value", "18.9", "qualifier", "EXACT", "quote", "发生率18.9%"), want: bad("kind")},
		{name: "part larger than its whole", typ: "Figure", input: with(b["Figure"], "originalText", "4亿元", "value", "400000000", "qualifier", "EXACT",
			"quote", "其中4亿元", "partOfId", idFundsTotal), want: bad("value")},
		{name: "part in another unit than its whole", typ: "Figure", input: with(b["Figure"], "originalText", "5个", "value", "5", "qualifier", "EXACT",
			"unit", "PROJECT", "quote", "其中5个", "partOfId", idFundsTotal), want: bad("partOfId")},
		{name: "restatement in another unit", typ: "Figure", input: with(b["Figure"], "originalText", "5个", "value", "5", "qualifier", "EXACT",
			"unit", "PROJECT", "quote", "其中5个", "restatesId", idFundsTotal), want: bad("restatesId")},
		// Sources.
		{name: "source without publisher or url", typ: "Source", input: with(b["Source"], "publisher", omit, "url", omit), want: bad("publisher")},
		{name: "url not http", typ: "Source", input: with(b["Source"], "url", "ftp://example.org/x"), want: bad("url")},
		{name: "url without host", typ: "Source", input: with(b["Source"], "url", "https://"), want: bad("url")},
		{name: "url not a url", typ: "Source", input: with(b["Source"], "url", "example.org"), want: bad("url")},
		// Villages.
		{name: "village code of 9 digits", typ: "Village", input: with(b["Village"], "code", "411224200"), want: bad("code")},
		{name: "village code with a letter", typ: "Village", input: with(b["Village"], "code", "41122420020X"), want: bad("code")},
		{name: "village code under another township", typ: "Village", input: with(b["Village"], "code", "411224101201"), want: bad("code")},
		// Pairings.
		{name: "pairing helping itself", typ: "Pairing", input: with(b["Pairing"], "helperId", idLushi, "helpedId", idLushi), want: bad("helpedId")},
		{name: "helper of the wrong type", typ: "Pairing", input: with(b["Pairing"], "helperId", idArticle), want: bad("helperId")},
		// Updates.
		{name: "update of a row of another type", typ: "School", input: b["School"], update: gid.Encode(model.TypeProject, 1),
			want: []wantErr{{"id", "INVALID_ARGUMENT"}}},
		{name: "update of an id not issued", typ: "Project", input: b["Project"], update: idNotIssued, want: []wantErr{{"id", "INVALID_ID"}}},
		{name: "update of a missing row", typ: "Project", input: b["Project"], update: gid.Encode(model.TypeProject, 99999), want: []wantErr{{"id", "NOT_FOUND"}}},
		{name: "update to a name already recorded", typ: "Project", input: with(b["Project"], "name", "远程影像医疗系统", "regionId", idLushi),
			update: gid.Encode(model.TypeProject, 1), want: exists("name")},
		{name: "pairing made part of itself", typ: "Pairing", input: with(b["Pairing"], "kind", "HOSPITAL_HOSPITAL", "helperId", gid.Encode(model.TypeCollective, 5),
			"helpedId", gid.Encode(model.TypeCollective, 7), "quote", "郑州市属12家医院对口帮扶卢氏县4家县直医院和20个乡镇卫生院", "partOfId", gid.Encode(model.TypePairing, 5)),
			update: gid.Encode(model.TypePairing, 5), want: bad("partOfId")},
		// Several rules at once: one error each.
		{name: "three bad fields", typ: "School", input: with(b["School"], "name", "", "regionId", idNotIssued, "sourceId", idMissingSrc),
			want: []wantErr{{"input.name", "INVALID_ARGUMENT"}, {"input.regionId", "INVALID_ID"}, {"input.sourceId", "INVALID_ARGUMENT"}}},
		{name: "every figure rule at once", typ: "Figure", input: with(b["Figure"], "qualifier", "EXACT", "value", "7000000", "kind", "RATIO", "quote", "别的话"),
			want: []wantErr{{"input.qualifier", "INVALID_ARGUMENT"}, {"input.value", "INVALID_ARGUMENT"}, {"input.kind", "INVALID_ARGUMENT"}, {"input.quote", "INVALID_ARGUMENT"}}},
	}
}

// testValidation breaks each rule of internal/edit once: the client is told which field broke
// which rule, gets no data, and nothing is written.
func testValidation(t *testing.T, w *writes) {
	for _, tt := range validationCases() {
		t.Run(tt.name, func(t *testing.T) {
			doc, vars := createDoc(tt.typ), map[string]any{"in": tt.input}
			if tt.update != "" {
				doc = updateDoc(tt.typ)
				vars["id"], vars["v"] = tt.update, 1
			}
			w.unchanged(t, func() {
				r := w.do(t, w.editor, doc, vars)
				if r.Status != http.StatusOK {
					t.Errorf("HTTP %d", r.Status)
				}
				checkErrors(t, r, tt.want...)
			})
		})
	}
}

// testValidInputs checks that the inputs the validation cases break are good ones: each is
// recorded, at version 1, and an update of it with the same input takes version 2.
func testValidInputs(t *testing.T, w *writes) {
	inputs := baseInputs()
	for _, typ := range []string{"Source", "School", "Hospital", "Collective", "Project", "Pairing", "Figure", "Village"} {
		t.Run(typ, func(t *testing.T) {
			c := w.create(t, w.editor, typ, inputs[typ])
			if c.Version != 1 {
				t.Errorf("created at version %d", c.Version)
			}
			if u := w.update(t, w.editor, typ, c.ID, 1, inputs[typ]); u.ID != c.ID || u.Version != 2 {
				t.Errorf("update returned %+v, want %s at version 2", u, c.ID)
			}
			// The same input again is a duplicate of the row just recorded.
			w.unchanged(t, func() {
				r := w.do(t, w.editor, createDoc(typ), map[string]any{"in": inputs[typ]})
				if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "ALREADY_EXISTS" {
					t.Errorf("%s recorded twice: %s %s", typ, r.Data, errorsText(r.Errors))
				}
			})
		})
	}
}

// testStaleVersion updates and deletes at a version that is no longer the row's: CONFLICT,
// with the current version, and nothing written.
func testStaleVersion(t *testing.T, w *writes) {
	in := with(baseInputs()["Project"], "name", "版本冲突测试项目")
	p := w.create(t, w.editor, "Project", in)
	p2 := w.update(t, w.editor, "Project", p.ID, 1, with(in, "budgetYuan", "2000000"))
	p3 := w.update(t, w.admin, "Project", p.ID, 2, with(in, "budgetYuan", "3000000"))
	if p2.Version != 2 || p3.Version != 3 {
		t.Fatalf("versions %d, %d; want 2, 3", p2.Version, p3.Version)
	}
	for _, tt := range []struct {
		name    string
		doc     string
		vars    map[string]any
		version int
	}{
		{"update at version 1", updateDoc("Project"), map[string]any{"id": p.ID, "v": 1, "in": with(in, "budgetYuan", "9")}, 1},
		{"update at version 2", updateDoc("Project"), map[string]any{"id": p.ID, "v": 2, "in": in}, 2},
		{"update at a future version", updateDoc("Project"), map[string]any{"id": p.ID, "v": 4, "in": in}, 4},
		{"update at version 0", updateDoc("Project"), map[string]any{"id": p.ID, "v": 0, "in": in}, 0},
		{"delete at version 2", deleteDoc, map[string]any{"id": p.ID, "v": 2}, 2},
		{"delete at version -1", deleteDoc, map[string]any{"id": p.ID, "v": -1}, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w.unchanged(t, func() {
				r := w.do(t, w.editor, tt.doc, tt.vars)
				checkErrors(t, r, wantErr{"version", "CONFLICT"})
				if len(r.Errors) > 0 {
					if cur := fmt.Sprint(r.Errors[0].Extensions["currentVersion"]); cur != "3" {
						t.Errorf("currentVersion %s, want 3: %s", cur, errorsText(r.Errors))
					}
				}
			})
		})
	}
	var got struct {
		Node struct{ Version, BudgetYuan json.Number }
	}
	w.ok(t, "", `query($id: ID!) { node(id: $id) { ... on Project { version budgetYuan } } }`, map[string]any{"id": p.ID}, &got)
	if got.Node.Version != "3" || got.Node.BudgetYuan != "3000000" {
		t.Errorf("after the conflicts: %+v, want version 3, budget 3000000", got.Node)
	}
}

// change is a Change as a client reads it.
type change struct {
	Seq      json.Number
	Op       string
	NodeID   string
	NodeType string
	Version  int
	Author   *string
	At       string
	Before   *string
	After    *string
}

const changeFields = `seq op nodeId nodeType version author at before after`

type changePage struct {
	Nodes    []change
	Edges    []struct{ Cursor string }
	PageInfo struct {
		HasNextPage bool
		EndCursor   *string
	}
}

// history reads every change of one row, as key, page by page.
func (w *writes) history(t *testing.T, key, id string) []change {
	t.Helper()
	var all []change
	var after any
	for range 100 {
		var got struct{ History changePage }
		w.ok(t, key, `query($id: ID!, $after: String) { history(id: $id, first: 7, after: $after) { nodes { `+changeFields+` }
			edges { cursor } pageInfo { hasNextPage endCursor } } }`, map[string]any{"id": id, "after": after}, &got)
		all = append(all, got.History.Nodes...)
		if !got.History.PageInfo.HasNextPage {
			return all
		}
		after = *got.History.PageInfo.EndCursor
	}
	t.Fatal("history: more than 100 pages")
	return nil
}

func seqOf(t *testing.T, c change) int64 {
	t.Helper()
	n, err := c.Seq.Int64()
	if err != nil {
		t.Fatalf("seq %q: %v", c.Seq, err)
	}
	return n
}

// rowJSON decodes a change's before or after.
func rowJSON(t *testing.T, s *string) map[string]any {
	t.Helper()
	if s == nil {
		return nil
	}
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(*s))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("change's JSON %q: %v", *s, err)
	}
	return m
}

// testHistory makes every kind of change to a school, by two keys, and reads its history as the
// admin (who sees the authors), as the editor and anonymously (who do not).
func testHistory(t *testing.T, w *writes) {
	in := with(baseInputs()["School"], "name", "历史测试学校")
	s := w.create(t, w.editor, "School", in)
	w.update(t, w.editor, "School", s.ID, 1, with(in, "nameEn", "History school"))
	w.update(t, w.editor, "School", s.ID, 2, with(in, "nameEn", "History school", "stage", "SECONDARY", "regionId", idZhangcun))
	w.remove(t, w.editor, s.ID, 3)
	var restored struct{ Restore struct{ ID string } }
	w.ok(t, w.admin, restoreDoc, map[string]any{"id": s.ID}, &restored)
	w.update(t, w.admin, "School", s.ID, 4, with(in, "name", "历史测试学校（改）"))
	want := []struct {
		op      string
		version int
		author  string
		name    string // the name after (before, for a delete)
	}{
		{"CREATE", 1, "editor-1", "历史测试学校"},
		{"UPDATE", 2, "editor-1", "历史测试学校"},
		{"UPDATE", 3, "editor-1", "历史测试学校"},
		{"DELETE", 3, "editor-1", "历史测试学校"},
		{"RESTORE", 4, "admin-1", "历史测试学校"},
		{"UPDATE", 5, "admin-1", "历史测试学校（改）"},
	}
	got := w.history(t, w.admin, s.ID)
	if len(got) != len(want) {
		t.Fatalf("%d changes, want %d: %+v", len(got), len(want), got)
	}
	var prevAfter map[string]any
	for i, c := range got {
		wc := want[i]
		if c.Op != wc.op || c.Version != wc.version || c.NodeID != s.ID || c.NodeType != "School" {
			t.Errorf("change %d: %s v%d of %s %s, want %s v%d", i, c.Op, c.Version, c.NodeType, c.NodeID, wc.op, wc.version)
		}
		if c.Author == nil || *c.Author != wc.author {
			t.Errorf("change %d: author %v, want %s", i, c.Author, wc.author)
		}
		if i > 0 && seqOf(t, c) <= seqOf(t, got[i-1]) {
			t.Errorf("change %d: seq %s after %s", i, c.Seq, got[i-1].Seq)
		}
		if at, err := time.Parse(time.RFC3339Nano, c.At); err != nil || time.Since(at) > time.Hour || time.Until(at) > time.Minute {
			t.Errorf("change %d: at %q (%v)", i, c.At, err)
		}
		before, after := rowJSON(t, c.Before), rowJSON(t, c.After)
		switch c.Op {
		case "CREATE", "RESTORE":
			if before != nil || after == nil {
				t.Errorf("change %d (%s): before %v, after %v; want only after", i, c.Op, c.Before, c.After)
			}
		case "UPDATE":
			if before == nil || after == nil {
				t.Errorf("change %d (%s): before %v, after %v; want both", i, c.Op, c.Before, c.After)
			}
		case "DELETE":
			if before == nil || after != nil {
				t.Errorf("change %d (%s): before %v, after %v; want only before", i, c.Op, c.Before, c.After)
			}
		}
		row := after
		if c.Op == "DELETE" {
			row = before
		}
		if row != nil && (fmt.Sprint(row["Version"]) != strconv.Itoa(c.Version) || row["Name"] != wc.name) {
			t.Errorf("change %d (%s v%d): row %v, want version %d, name %s", i, c.Op, c.Version, row, c.Version, wc.name)
		}
		// An update's before is the row as the change before it left it; a restore brings back
		// the row the delete took, at the next version.
		if c.Op == "UPDATE" || c.Op == "DELETE" {
			if !jsonEqual(before, prevAfter) {
				t.Errorf("change %d (%s): before %v, want the previous change's row %v", i, c.Op, before, prevAfter)
			}
		}
		if c.Op == "RESTORE" {
			prev := rowJSON(t, got[i-1].Before)
			prev["Version"] = json.Number(strconv.Itoa(c.Version))
			if !jsonEqual(after, prev) {
				t.Errorf("restore: after %v, want the deleted row %v at version %d", after, prev, c.Version)
			}
		}
		if row != nil {
			prevAfter = row
		}
	}
	if got[2].After != nil && rowJSON(t, got[2].After)["Stage"] != "SECONDARY" {
		t.Errorf("second update's after %s: want stage SECONDARY", *got[2].After)
	}
	// Others read the same history without the authors.
	for _, key := range []string{w.editor, w.reader, ""} {
		others := w.history(t, key, s.ID)
		if len(others) != len(got) {
			t.Fatalf("key %.8q: %d changes, the admin %d", key, len(others), len(got))
		}
		for i, c := range others {
			if c.Author != nil {
				t.Errorf("key %.8q sees change %d's author %q", key, i, *c.Author)
			}
			c.Author = got[i].Author
			if !jsonEqual(c, got[i]) {
				t.Errorf("key %.8q: change %d is %+v, the admin's %+v", key, i, c, got[i])
			}
		}
	}
}

func jsonEqual(a, b any) bool { return jsonText(a) == jsonText(b) }

// testChangesFeed reads changes(since:) after a known write, and pages the whole feed with
// after: every change, exactly once, in commit order, as the changes table holds them.
func testChangesFeed(t *testing.T, w *writes) {
	in := with(baseInputs()["Hospital"], "name", "变更流测试卫生院")
	first := w.create(t, w.editor, "Hospital", in)
	mark := w.history(t, w.admin, first.ID)[0]
	since := seqOf(t, mark)
	w.update(t, w.editor, "Hospital", first.ID, 1, with(in, "nameEn", "Feed centre"))
	second := w.create(t, w.admin, "School", with(baseInputs()["School"], "name", "变更流测试学校"))
	w.remove(t, w.editor, second.ID, 1)

	var feed struct{ Changes changePage }
	w.ok(t, w.admin, `query($since: Int64) { changes(since: $since) { nodes { `+changeFields+` } pageInfo { hasNextPage } } }`,
		map[string]any{"since": since}, &feed)
	var ops []string
	for _, c := range feed.Changes.Nodes {
		if seqOf(t, c) <= since {
			t.Errorf("changes(since: %d) returned seq %s", since, c.Seq)
		}
		ops = append(ops, c.Op+" "+c.NodeType+" v"+strconv.Itoa(c.Version)+" by "+deref(c.Author))
	}
	wantOps := []string{"UPDATE Hospital v2 by editor-1", "CREATE School v1 by admin-1", "DELETE School v1 by editor-1"}
	if !slices.Equal(ops, wantOps) || feed.Changes.PageInfo.HasNextPage {
		t.Errorf("changes(since: %d): %q (more: %t), want %q", since, ops, feed.Changes.PageInfo.HasNextPage, wantOps)
	}

	// Page the whole feed, 4 at a time, and compare with the table.
	var paged []string
	var after any
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("changes: more than 1000 pages")
		}
		var got struct{ Changes changePage }
		w.ok(t, w.admin, `query($after: String) { changes(since: 0, first: 4, after: $after) { nodes { `+changeFields+` }
			edges { cursor } pageInfo { hasNextPage endCursor } } }`, map[string]any{"after": after}, &got)
		for _, c := range got.Changes.Nodes {
			_, id, err := gid.Decode(c.NodeID)
			if err != nil {
				t.Fatalf("nodeId %q: %v", c.NodeID, err)
			}
			paged = append(paged, fmt.Sprintf("%s %s %d %s %d %s", c.Seq, c.NodeType, id, c.Op, c.Version, deref(c.Author)))
		}
		if len(got.Changes.Edges) != len(got.Changes.Nodes) {
			t.Fatalf("%d edges, %d nodes", len(got.Changes.Edges), len(got.Changes.Nodes))
		}
		if !got.Changes.PageInfo.HasNextPage {
			break
		}
		after = *got.Changes.PageInfo.EndCursor
	}
	var table []string
	for _, r := range sqlRows(t, w.db, "SELECT seq, node_type, node_id, op, version, author FROM changes ORDER BY seq, id") {
		table = append(table, strings.Join(r, " "))
	}
	if !slices.Equal(paged, table) {
		t.Errorf("paged feed (%d changes) differs from the changes table (%d rows):\n  feed only:  %q\n  table only: %q",
			len(paged), len(table), firstN(lineDiff(paged, table), 5), firstN(lineDiff(table, paged), 5))
	}
	if len(table) < 10 {
		t.Errorf("only %d changes recorded so far", len(table))
	}
	seen := map[string]bool{}
	for _, c := range paged {
		if seen[c] {
			t.Errorf("change %q paged twice", c)
		}
		seen[c] = true
	}
	// A cursor aidgraph did not issue is refused.
	r := w.do(t, "", `{ changes(after: "bm9wZQ") { nodes { seq } } }`, nil)
	checkErrors(t, r, wantErr{"after", "INVALID_CURSOR"})
}

// changeWindow is a page of history or changes with all of its pageInfo.
type changeWindow struct {
	Nodes    []change
	Edges    []struct{ Cursor string }
	PageInfo struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
}

// changeWindowOf reads one page of history(id:) (when id is set) or changes(since: 0) with
// args (such as "first: $n, after: $a"), with n, after and before as variables.
func (w *writes) changeWindowOf(t *testing.T, id string, args string, n int, after, before any) changeWindow {
	t.Helper()
	sel := `{ nodes { ` + changeFields + ` } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`
	vars := map[string]any{"n": n}
	decl := "$n: Int"
	for name, v := range map[string]any{"a": after, "b": before} {
		if strings.Contains(args, "$"+name) {
			vars[name] = v
			decl += ", $" + name + ": String"
		}
	}
	var got struct{ History, Changes changeWindow }
	if id != "" {
		vars["id"] = id
		w.ok(t, w.admin, `query($id: ID!, `+decl+`) { history(id: $id, `+args+`) `+sel+` }`, vars, &got)
		return got.History
	}
	w.ok(t, w.admin, `query(`+decl+`) { changes(since: 0, `+args+`) `+sel+` }`, vars, &got)
	return got.Changes
}

// pageChanges reads every change of history(id:) (or of the feed, when id is empty) n at a
// time, forward with first/after or backward with last/before, checking each page's pageInfo
// as Relay defines it, and returns the changes oldest first with their cursors.
func (w *writes) pageChanges(t *testing.T, id string, n int, backward bool) ([]change, []string) {
	t.Helper()
	var pages [][]change
	var cursors [][]string
	var cursor any
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("more than 1000 pages")
		}
		var p changeWindow
		if backward {
			p = w.changeWindowOf(t, id, "last: $n, before: $b", n, nil, cursor)
		} else {
			p = w.changeWindowOf(t, id, "first: $n, after: $a", n, cursor, nil)
		}
		if len(p.Edges) != len(p.Nodes) || len(p.Nodes) > n {
			t.Fatalf("page %d: %d nodes, %d edges, page size %d", i, len(p.Nodes), len(p.Edges), n)
		}
		for j := 1; j < len(p.Nodes); j++ {
			if seqOf(t, p.Nodes[j]) < seqOf(t, p.Nodes[j-1]) {
				t.Errorf("page %d (backward %t): seq %s after %s: not oldest first", i, backward, p.Nodes[j].Seq, p.Nodes[j-1].Seq)
			}
		}
		var cs []string
		for _, e := range p.Edges {
			cs = append(cs, e.Cursor)
		}
		if len(cs) > 0 && (deref(p.PageInfo.StartCursor) != cs[0] || deref(p.PageInfo.EndCursor) != cs[len(cs)-1]) {
			t.Errorf("page %d (backward %t): start and end cursors %v %v, edges %q", i, backward, p.PageInfo.StartCursor, p.PageInfo.EndCursor, cs)
		}
		pages, cursors = append(pages, p.Nodes), append(cursors, cs)
		// Going forward, there is a page before every page but the first, and one after every
		// page but the last; backward, the other way round.
		more, came := p.PageInfo.HasNextPage, p.PageInfo.HasPreviousPage
		if backward {
			more, came = came, more
		}
		if came != (cursor != nil) {
			t.Errorf("page %d (backward %t): pageInfo %+v: the side it came from says %t", i, backward, p.PageInfo, came)
		}
		if !more {
			break
		}
		if len(cs) == 0 {
			t.Fatalf("page %d (backward %t): empty, yet more follow", i, backward)
		}
		if backward {
			cursor = cs[0]
		} else {
			cursor = cs[len(cs)-1]
		}
	}
	if backward {
		slices.Reverse(pages)
		slices.Reverse(cursors)
	}
	return slices.Concat(pages...), slices.Concat(cursors...)
}

// testChangesBackward pages a row's history and the whole feed backward with last/before:
// the same changes as forward, with the same cursors, and pageInfo true to each direction.
func testChangesBackward(t *testing.T, w *writes) {
	in := with(baseInputs()["School"], "name", "倒序翻页测试学校")
	s := w.create(t, w.editor, "School", in)
	for v := 1; v <= 5; v++ {
		w.update(t, w.editor, "School", s.ID, v, with(in, "nameEn", "Backward "+strconv.Itoa(v)))
	}
	for _, tt := range []struct {
		name, id string
		size     int
	}{{"history", s.ID, 4}, {"history by 1", s.ID, 1}, {"history in one page", s.ID, 100}, {"changes", "", 5}} {
		fwd, fwdCursors := w.pageChanges(t, tt.id, tt.size, false)
		back, backCursors := w.pageChanges(t, tt.id, tt.size, true)
		if tt.id != "" && len(fwd) != 6 {
			t.Errorf("%s: %d changes forward, want 6", tt.name, len(fwd))
		}
		if len(fwd) < 6 || !jsonEqual(back, fwd) || !slices.Equal(backCursors, fwdCursors) {
			t.Errorf("%s by %d: backward %d changes %v, forward %d %v", tt.name, tt.size, len(back), back, len(fwd), fwd)
			continue
		}
		// Between two cursors, last takes the changes just before the second.
		n := len(fwd)
		p := w.changeWindowOf(t, tt.id, "last: $n, after: $a, before: $b", 2, fwdCursors[0], fwdCursors[n-1])
		if want := fwd[n-3 : n-1]; !jsonEqual(p.Nodes, want) || !p.PageInfo.HasNextPage || p.PageInfo.HasPreviousPage != (n > 4) {
			t.Errorf("%s: last 2 between the first and the last change: %v %+v, want %v", tt.name, p.Nodes, p.PageInfo, want)
		}
	}
	// A cursor aidgraph did not issue, and first with last, are refused.
	checkErrors(t, w.do(t, "", `{ changes(before: "bm9wZQ") { nodes { seq } } }`, nil), wantErr{"before", "INVALID_CURSOR"})
	checkErrors(t, w.do(t, "", `query($id: ID!) { history(id: $id, last: -1) { nodes { seq } } }`, map[string]any{"id": s.ID}), wantErr{"last", "INVALID_ARGUMENT"})
	checkErrors(t, w.do(t, "", `{ changes(first: 1, last: 1) { nodes { seq } } }`, nil), wantErr{"last", "INVALID_ARGUMENT"})
}

// exists tells whether node(id:) finds a row, as the admin asks; a row it does not find is null,
// with a NOT_FOUND error.
func (w *writes) exists(t *testing.T, id string) bool {
	t.Helper()
	r := w.do(t, w.admin, `query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`, map[string]any{"id": id})
	var got struct {
		Node  *struct{ ID string }
		Nodes []*struct{ ID string }
	}
	if err := json.Unmarshal(r.Data, &got); err != nil || len(got.Nodes) != 1 {
		t.Fatalf("node(id: %s): %s %s", id, r.Data, errorsText(r.Errors))
	}
	found := got.Node != nil && got.Node.ID == id
	if (got.Nodes[0] != nil) != found {
		t.Errorf("node(id: %s) finds it: %t; nodes(ids:) %t", id, found, got.Nodes[0] != nil)
	}
	for _, e := range r.Errors {
		if found || e.Extensions["code"] != "NOT_FOUND" {
			t.Errorf("node(id: %s): error %+v", id, e)
		}
	}
	if !found && len(r.Errors) != 2 {
		t.Errorf("node(id: %s) of a missing row: errors %s, want NOT_FOUND for node and nodes", id, errorsText(r.Errors))
	}
	return found
}

// visibility is where a school or project shows: its list, node, search, counts and region.
type visibility struct {
	InList, InNode, InSearch, InRegion bool
	Total, RegionTotal                 int
}

func (w *writes) schoolVisibility(t *testing.T, id, name string) visibility {
	t.Helper()
	var got struct {
		Schools struct {
			TotalCount int
			Nodes      []struct{ ID string }
		}
		Named  struct{ TotalCount int }
		Search struct{ Nodes []struct{ ID string } }
		Region struct {
			Schools struct {
				TotalCount int
				Nodes      []struct{ ID string }
			}
		}
	}
	w.ok(t, "", `query($name: String!) {
		schools(first: 100) { totalCount nodes { id } }
		named: schools(filter: {name: {eq: $name}}) { totalCount }
		search(text: $name, types: [SCHOOL]) { nodes { id } }
		region(code: "411224200000") { schools(first: 100) { totalCount nodes { id } } } }`,
		map[string]any{"name": name}, &got)
	has := func(nodes []struct{ ID string }) bool {
		return slices.ContainsFunc(nodes, func(n struct{ ID string }) bool { return n.ID == id })
	}
	v := visibility{InList: has(got.Schools.Nodes), InNode: w.exists(t, id), InSearch: has(got.Search.Nodes),
		InRegion: has(got.Region.Schools.Nodes), Total: got.Schools.TotalCount, RegionTotal: got.Region.Schools.TotalCount}
	if (got.Named.TotalCount == 1) != v.InList {
		t.Errorf("schools(filter: name %s) counts %d, the list has it: %t", name, got.Named.TotalCount, v.InList)
	}
	if n := sqlRow(t, w.db, "SELECT COUNT(*) FROM schools")[0]; n != strconv.Itoa(v.Total) {
		t.Errorf("schools totalCount %d, SQL counts %s", v.Total, n)
	}
	return v
}

// testSoftDelete deletes a school and a project: they leave every list, lookup, search and
// count; an admin brings them back at the next version, as they were.
func testSoftDelete(t *testing.T, w *writes) {
	name := "软删除测试学校"
	s := w.create(t, w.editor, "School", with(baseInputs()["School"], "name", name, "nameEn", "Soft delete school", "stage", "COMBINED"))
	s2 := w.update(t, w.editor, "School", s.ID, 1, with(baseInputs()["School"], "name", name, "nameEn", "Soft delete school", "stage", "COMBINED"))
	shown := w.schoolVisibility(t, s.ID, name)
	if !shown.InList || !shown.InNode || !shown.InSearch || !shown.InRegion {
		t.Fatalf("new school not everywhere: %+v", shown)
	}
	var before struct{ Node map[string]any }
	const schoolDoc = `query($id: ID!) { node(id: $id) { id ... on School { version name nameEn stage region { id } source { id } } } }`
	w.ok(t, "", schoolDoc, map[string]any{"id": s.ID}, &before)

	w.remove(t, w.editor, s.ID, s2.Version)
	gone := w.schoolVisibility(t, s.ID, name)
	if gone.InList || gone.InNode || gone.InSearch || gone.InRegion || gone.Total != shown.Total-1 || gone.RegionTotal != shown.RegionTotal-1 {
		t.Errorf("deleted school still shows: %+v (before the delete: %+v)", gone, shown)
	}
	if w.exists(t, s.ID) { // as anyone: the admin finds it gone too
		t.Errorf("node(id:) of the deleted school finds it")
	}
	// A deleted row is neither updated nor deleted again, and only deleted rows are restored.
	w.unchanged(t, func() {
		checkErrors(t, w.do(t, w.editor, updateDoc("School"), map[string]any{"id": s.ID, "v": s2.Version, "in": with(baseInputs()["School"], "name", name)}),
			wantErr{"id", "NOT_FOUND"})
		checkErrors(t, w.do(t, w.editor, deleteDoc, map[string]any{"id": s.ID, "v": s2.Version}), wantErr{"id", "NOT_FOUND"})
		checkErrors(t, w.do(t, w.admin, restoreDoc, map[string]any{"id": idFixtureSch}), wantErr{"id", "NOT_FOUND"})
		checkErrors(t, w.do(t, w.admin, restoreDoc, map[string]any{"id": gid.Encode(model.TypeSchool, 424242)}), wantErr{"id", "NOT_FOUND"})
		checkErrors(t, w.do(t, w.admin, restoreDoc, map[string]any{"id": idLushi}), wantErr{"id", "INVALID_ARGUMENT"})
	})

	// A deleted row's id stays its own: a new row gets another.
	other := w.create(t, w.editor, "School", with(baseInputs()["School"], "name", "软删除后新建学校"))
	if other.ID == s.ID {
		t.Errorf("a new school took the deleted one's id %s", s.ID)
	}

	var restored struct{ Restore map[string]any }
	w.ok(t, w.admin, restoreDoc, map[string]any{"id": s.ID}, &restored)
	want := maps(before.Node)
	want["version"] = json.Number(strconv.Itoa(s2.Version + 1))
	var after struct{ Node map[string]any }
	w.ok(t, "", schoolDoc, map[string]any{"id": s.ID}, &after)
	if !jsonEqual(after.Node, want) {
		t.Errorf("restored school %v, want %v", after.Node, want)
	}
	if restored.Restore["id"] != s.ID || fmt.Sprint(restored.Restore["version"]) != strconv.Itoa(s2.Version+1) || restored.Restore["name"] != name {
		t.Errorf("restore returned %v", restored.Restore)
	}
	shown.Total++ // the other school
	shown.RegionTotal++
	if back := w.schoolVisibility(t, s.ID, name); back != shown {
		t.Errorf("restored school shows %+v; before the delete, with the other school, %+v", back, shown)
	}
	// Restoring twice finds nothing deleted.
	w.unchanged(t, func() {
		checkErrors(t, w.do(t, w.admin, restoreDoc, map[string]any{"id": s.ID}), wantErr{"id", "NOT_FOUND"})
	})

	// A project leaves the aggregates, the summary's counts and search too.
	pname := "软删除测试项目"
	p := w.create(t, w.editor, "Project", with(baseInputs()["Project"], "name", pname, "category", "FINANCE", "budgetYuan", "4200000"))
	aggBefore := w.projectNumbers(t, "FINANCE")
	w.remove(t, w.editor, p.ID, 1)
	aggGone := w.projectNumbers(t, "FINANCE")
	if aggGone.Count != aggBefore.Count-1 || aggGone.Sum != aggBefore.Sum-4200000 || aggGone.Category != aggBefore.Category-1 || aggGone.InSearch {
		t.Errorf("deleted project still counted: %+v, before %+v", aggGone, aggBefore)
	}
	w.checkProjectsMatchSQL(t)
	w.ok(t, w.admin, restoreDoc, map[string]any{"id": p.ID}, nil)
	if back := w.projectNumbers(t, "FINANCE"); back != aggBefore {
		t.Errorf("restored project counts %+v, before the delete %+v", back, aggBefore)
	}
	w.checkProjectsMatchSQL(t)

	// What is still referred to is not deleted.
	named := w.create(t, w.editor, "School", with(baseInputs()["School"], "name", "被引用测试学校"))
	w.create(t, w.editor, "Pairing", with(baseInputs()["Pairing"], "helperId", named.ID, "quote", "被引用测试学校结对帮扶卢氏县73所学校"))
	for _, tt := range []struct{ name, id string }{
		{"the article's source", idArticle},
		{"a village with a project", idZhangcun},
		{"a pairing with parts", idZzLushi},
		{"a figure with restatements", idFundsTotal},
		{"a school a pairing names", named.ID},
		{"a collective a pairing names", idLushiSchools},
	} {
		t.Run("referenced: "+tt.name, func(t *testing.T) {
			w.unchanged(t, func() {
				checkErrors(t, w.do(t, w.editor, deleteDoc, map[string]any{"id": tt.id, "v": 1}), wantErr{"id", "CONFLICT"})
			})
		})
	}
	// A row whose references were deleted since is not restored.
	pin := with(baseInputs()["Pairing"], "kind", "DISTRICT_TOWNSHIP", "helperId", idZhongyuan, "helpedId", idWenyu, "partOfId", omit, "quote", "中原区结对帮扶文峪乡")
	whole := w.create(t, w.editor, "Pairing", pin)
	part := w.create(t, w.editor, "Pairing", with(pin, "kind", "SCHOOL_SCHOOL", "partOfId", whole.ID))
	w.remove(t, w.editor, part.ID, 1)
	w.remove(t, w.editor, whole.ID, 1)
	w.unchanged(t, func() {
		checkErrors(t, w.do(t, w.admin, restoreDoc, map[string]any{"id": part.ID}), wantErr{"id", "CONFLICT"})
	})
	// Nor what the API does not edit.
	w.unchanged(t, func() {
		checkErrors(t, w.do(t, w.editor, deleteDoc, map[string]any{"id": idLushi, "v": 1}), wantErr{"id", "INVALID_ARGUMENT"})
		checkErrors(t, w.do(t, w.editor, deleteDoc, map[string]any{"id": idProgramEdu, "v": 1}), wantErr{"id", "INVALID_ARGUMENT"})
	})
}

func maps(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// projectNumbers are the counts and sums of projects a client reads, overall and in one category.
type projectNumbers struct {
	Count, Category int
	Sum             int64
	InSearch        bool
}

func (w *writes) projectNumbers(t *testing.T, category string) projectNumbers {
	t.Helper()
	var got struct {
		All struct {
			TotalCount int
			Aggregate  struct {
				Count int
				Sum   struct{ BudgetYuan json.Number }
			}
		}
		Cat    struct{ TotalCount int }
		Search struct{ TotalCount int }
	}
	w.ok(t, "", `query($c: ProjectCategory!) { all: projects { totalCount aggregate { count sum { budgetYuan } } }
		cat: projects(filter: {category: {eq: $c}}) { totalCount }
		search(text: "软删除测试项目", types: [PROJECT]) { totalCount } }`, map[string]any{"c": category}, &got)
	sum, _ := got.All.Aggregate.Sum.BudgetYuan.Int64()
	if got.All.TotalCount != got.All.Aggregate.Count {
		t.Errorf("projects totalCount %d, aggregate count %d", got.All.TotalCount, got.All.Aggregate.Count)
	}
	return projectNumbers{Count: got.All.Aggregate.Count, Category: got.Cat.TotalCount, Sum: sum, InSearch: got.Search.TotalCount > 0}
}

// checkProjectsMatchSQL compares the projects' counts and budget sums a client reads (overall,
// by category, by category and status: the summary table answers these) with plain SQL over
// the projects table.
func (w *writes) checkProjectsMatchSQL(t *testing.T) {
	t.Helper()
	type agg struct {
		TotalCount int
		Aggregate  struct {
			Count, CountWithBudget int
			Sum                    struct{ BudgetYuan *json.Number }
			Max                    struct{ BudgetYuan *json.Number }
		}
	}
	text := func(n *json.Number) string {
		if n == nil {
			return "null"
		}
		return n.String()
	}
	const fields = `totalCount aggregate { count countWithBudget sum { budgetYuan } max { budgetYuan } }`
	check := func(what string, a agg, where string, args ...any) {
		t.Helper()
		want := sqlRow(t, w.db, "SELECT COUNT(*), COUNT(budget_yuan), SUM(budget_yuan), MAX(budget_yuan) FROM projects"+where, args...)
		got := []string{strconv.Itoa(a.TotalCount), strconv.Itoa(a.Aggregate.CountWithBudget), text(a.Aggregate.Sum.BudgetYuan), text(a.Aggregate.Max.BudgetYuan)}
		if a.Aggregate.Count != a.TotalCount || !slices.Equal(got, want) {
			t.Errorf("%s: count %d, [totalCount countWithBudget sum max] %v; SQL says %v", what, a.Aggregate.Count, got, want)
		}
	}
	var all struct{ Projects agg }
	w.ok(t, "", `{ projects { `+fields+` } }`, nil, &all)
	check("all projects", all.Projects, "")
	for _, row := range sqlRows(t, w.db, "SELECT DISTINCT category FROM projects UNION SELECT 'WATER' UNION SELECT 'HOUSING' UNION SELECT 'FINANCE'") {
		var got struct {
			Cat       agg
			Statuses  agg
			NoStatus  agg
			Completed agg
		}
		w.ok(t, "", `query($c: ProjectCategory!) { cat: projects(filter: {category: {eq: $c}}) { `+fields+` }
			noStatus: projects(filter: {category: {eq: $c}, status: {isNull: true}}) { `+fields+` }
			completed: projects(filter: {category: {eq: $c}, status: {eq: COMPLETED}}) { `+fields+` }
			statuses: projects(filter: {category: {in: [$c]}, status: {in: [PLANNED, IN_PROGRESS]}}) { `+fields+` } }`,
			map[string]any{"c": row[0]}, &got)
		check(row[0], got.Cat, " WHERE category = ?", row[0])
		check(row[0]+" without status", got.NoStatus, " WHERE category = ? AND status IS NULL", row[0])
		check(row[0]+" COMPLETED", got.Completed, " WHERE category = ? AND status = 'COMPLETED'", row[0])
		check(row[0]+" PLANNED or IN_PROGRESS", got.Statuses, " WHERE category = ? AND status IN ('PLANNED', 'IN_PROGRESS')", row[0])
	}
}

// regionProjects lists the ids of the projects under a region (its subtree), as a client reads them.
func (w *writes) regionProjects(t *testing.T, region string) []string {
	t.Helper()
	var got struct {
		Node struct {
			Projects struct {
				TotalCount int
				Nodes      []struct{ ID string }
			}
		}
	}
	w.ok(t, "", `query($id: ID!) { node(id: $id) { ... on Region { projects(first: 100) { totalCount nodes { id } } } } }`,
		map[string]any{"id": region}, &got)
	var ids []string
	for _, n := range got.Node.Projects.Nodes {
		ids = append(ids, n.ID)
	}
	if got.Node.Projects.TotalCount != len(ids) {
		t.Errorf("region %s: totalCount %d, %d projects listed", region, got.Node.Projects.TotalCount, len(ids))
	}
	// The subtree by the regions' paths, not by the projects' copies of their ancestors.
	_, rowID, _ := gid.Decode(region)
	path := sqlRow(t, w.db, "SELECT path FROM regions WHERE id = ?", rowID)[0]
	var want []string
	for _, r := range sqlRows(t, w.db, "SELECT p.id FROM projects p JOIN regions r ON r.id = p.region_id WHERE r.path LIKE ? ORDER BY p.id", path+"%") {
		n, _ := strconv.ParseInt(r[0], 10, 64)
		want = append(want, gid.Encode(model.TypeProject, n))
	}
	if !slices.Equal(ids, want) {
		t.Errorf("region %s (path %s): projects %v, SQL over the paths says %v", region, path, ids, want)
	}
	return ids
}

// testDerivedData moves a project about the tree and between categories: after each write its
// regions' lists, the aggregates and the summary's counts are what SQL over the projects says.
func testDerivedData(t *testing.T, w *writes) {
	in := with(baseInputs()["Project"], "name", "派生数据测试项目")
	w.checkProjectsMatchSQL(t)
	before := w.projectNumbers(t, "WATER")
	p := w.create(t, w.editor, "Project", in)
	after := w.projectNumbers(t, "WATER")
	if after.Count != before.Count+1 || after.Sum != before.Sum+1000000 || after.Category != before.Category+1 {
		t.Errorf("after the create: %+v, before %+v", after, before)
	}
	version := p.Version
	steps := []struct {
		name   string
		input  map[string]any
		in     []string // regions whose subtree now holds the project
		out    []string // regions whose subtree does not
		copies string   // province, city, county, township ids copied onto the row
	}{
		{"created in Wenyu", in, []string{idWenyu, idLushi, idHenan}, []string{idChengguan, idZhengzhou, idZhangcun}, "1 3 4 39"},
		{"moved to Chengguan, HOUSING", with(in, "regionId", idChengguan, "category", "HOUSING", "status", "IN_PROGRESS", "budgetYuan", "2500000"),
			[]string{idChengguan, idLushi}, []string{idWenyu}, "1 3 4 30"},
		{"moved to a village of Shuanglongwan", with(in, "regionId", idShijia, "category", "HOUSING", "status", omit),
			[]string{idShijia, idShuanglong, idLushi}, []string{idChengguan, idWenyu}, "1 3 4 38"},
		{"moved to a district of Zhengzhou", with(in, "regionId", idZhongyuan, "budgetYuan", omit),
			[]string{idZhongyuan, idZhengzhou, idHenan}, []string{idLushi, idShuanglong, idShijia}, "1 2 10 null"},
		{"moved to the province", with(in, "regionId", idHenan, "category", "EDUCATION", "status", "COMPLETED"),
			[]string{idHenan}, []string{idZhengzhou, idZhongyuan, idLushi}, "1 null null null"},
		{"no region", with(in, "regionId", omit, "budgetYuan", "7"), nil, []string{idHenan, idLushi}, "null null null null"},
		{"back to Zhangcun", with(in, "regionId", idZhangcun), []string{idZhangcun, idWenyu, idLushi}, []string{idChengguan}, "1 3 4 39"},
	}
	for i, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if i > 0 {
				u := w.update(t, w.editor, "Project", p.ID, version, st.input)
				if u.Version != version+1 {
					t.Errorf("version %d after %d", u.Version, version)
				}
				version = u.Version
			}
			for _, r := range st.in {
				if !slices.Contains(w.regionProjects(t, r), p.ID) {
					t.Errorf("project not under %s", r)
				}
			}
			for _, r := range st.out {
				if slices.Contains(w.regionProjects(t, r), p.ID) {
					t.Errorf("project still under %s", r)
				}
			}
			_, rowID, _ := gid.Decode(p.ID)
			if got := strings.Join(sqlRow(t, w.db, "SELECT province_id, city_id, county_id, township_id FROM projects WHERE id = ?", rowID), " "); got != st.copies {
				t.Errorf("ancestors copied onto the row: %s, want %s", got, st.copies)
			}
			w.checkProjectsMatchSQL(t)
		})
	}
	w.remove(t, w.editor, p.ID, version)
	w.checkProjectsMatchSQL(t)
	if got := w.projectNumbers(t, "WATER"); got != before {
		t.Errorf("after the delete: %+v, before the create %+v", got, before)
	}
}

// gqlClient posts GraphQL requests from goroutines: no testing.T, errors returned.
type gqlClient struct {
	url    string
	key    string
	client *http.Client
}

func (c *gqlClient) post(q string, vars map[string]any, out any) (response, []byte, error) {
	b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.url+api.QueryPath, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.key)
	res, err := c.client.Do(req)
	if err != nil {
		return response{}, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, nil, err
	}
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		return response{}, raw, fmt.Errorf("HTTP %d, not JSON: %.300s", res.StatusCode, raw)
	}
	r.Status = res.StatusCode
	if out != nil && len(r.Errors) == 0 {
		dec := json.NewDecoder(bytes.NewReader(r.Data))
		dec.UseNumber()
		if err := dec.Decode(out); err != nil {
			return r, raw, fmt.Errorf("decode %s: %w", r.Data, err)
		}
	}
	return r, raw, nil
}

// TestConcurrentWriters has 20 writers update 5 projects at once through the API, each
// retrying on CONFLICT: no update is lost, each is in its project's history once, versions
// run 1, 2, 3, ... without a gap or a repeat, and each project ends as its last change left it.
func TestConcurrentWriters(t *testing.T) {
	const (
		projects   = 5
		writers    = 20
		perWriter  = 5
		maxRetries = 200
	)
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		start := time.Now()
		w := newWrites(t, d)
		inputs := make([]map[string]any, projects)
		ids := make([]string, projects)
		for i := range projects {
			inputs[i] = with(baseInputs()["Project"], "name", fmt.Sprintf("并发测试项目%d", i), "category", "INDUSTRY",
				"status", omit, "budgetYuan", "0", "regionId", idLushi)
			ids[i] = w.create(t, w.editor, "Project", inputs[i]).ID
		}
		transport := &http.Transport{MaxIdleConnsPerHost: writers, MaxConnsPerHost: writers}
		t.Cleanup(transport.CloseIdleConnections)
		client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

		type done struct {
			project int
			marker  int64
			version int // the version the update returned
		}
		var (
			mu        sync.Mutex
			successes []done
			failures  []string
			conflicts int
			maxTries  int
		)
		fail := func(format string, a ...any) {
			mu.Lock()
			failures = append(failures, fmt.Sprintf(format, a...))
			mu.Unlock()
		}
		var wg sync.WaitGroup
		for wr := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := &gqlClient{url: w.h.url, key: w.editor, client: client}
				if wr%2 == 1 {
					c.key = w.admin // two keys write at once
				}
				for i := range perWriter {
					p := (wr + i) % projects
					marker := int64(wr*1000 + i + 1)
					in := with(inputs[p], "budgetYuan", strconv.FormatInt(marker, 10))
					for try := 1; ; try++ {
						if try > maxRetries {
							fail("writer %d, update %d of project %d: still conflicting after %d tries", wr, i, p, maxRetries)
							return
						}
						var cur struct {
							Node struct {
								Version    int
								BudgetYuan json.Number
							}
						}
						r, raw, err := c.post(`query($id: ID!) { node(id: $id) { ... on Project { version budgetYuan } } }`, map[string]any{"id": ids[p]}, &cur)
						if err != nil || len(r.Errors) > 0 || r.Status != http.StatusOK {
							fail("writer %d: read project %d: %v, HTTP %d %s", wr, p, err, r.Status, raw)
							return
						}
						var out struct{ UpdateProject created }
						r, raw, err = c.post(updateDoc("Project"), map[string]any{"id": ids[p], "v": cur.Node.Version, "in": in}, &out)
						if err != nil || r.Status != http.StatusOK {
							fail("writer %d: update project %d: %v, HTTP %d %s", wr, p, err, r.Status, raw)
							return
						}
						if len(r.Errors) == 1 && r.Errors[0].Extensions["code"] == "CONFLICT" {
							cv, _ := r.Errors[0].Extensions["currentVersion"].(float64)
							if int(cv) <= cur.Node.Version {
								fail("writer %d: CONFLICT at version %d says currentVersion %v: %s", wr, cur.Node.Version, r.Errors[0].Extensions["currentVersion"], raw)
							}
							mu.Lock()
							conflicts++
							mu.Unlock()
							continue
						}
						if len(r.Errors) > 0 {
							fail("writer %d: update project %d at version %d: %s", wr, p, cur.Node.Version, raw)
							return
						}
						if out.UpdateProject.Version != cur.Node.Version+1 {
							fail("writer %d: update at version %d returned version %d", wr, cur.Node.Version, out.UpdateProject.Version)
						}
						mu.Lock()
						successes = append(successes, done{p, marker, out.UpdateProject.Version})
						maxTries = max(maxTries, try)
						mu.Unlock()
						break
					}
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		t.Logf("%s: %d updates, %d conflicts retried (at most %d tries for one), %d failures, in %s", d, len(successes), conflicts, maxTries, len(failures),
			elapsed.Round(time.Millisecond))
		for _, f := range firstN(failures, 10) {
			t.Error(f)
		}
		if len(successes) != writers*perWriter {
			t.Errorf("%d updates succeeded, want %d", len(successes), writers*perWriter)
		}

		for p, id := range ids {
			var mine []done
			for _, s := range successes {
				if s.project == p {
					mine = append(mine, s)
				}
			}
			history := w.history(t, w.admin, id)
			var updates int
			markers := map[int64]int{}
			for i, c := range history {
				if c.Version != i+1 {
					t.Errorf("project %d: change %d (%s) at version %d, want %d", p, i, c.Op, c.Version, i+1)
				}
				if i > 0 && seqOf(t, c) <= seqOf(t, history[i-1]) {
					t.Errorf("project %d: change %d seq %s after %s", p, i, c.Seq, history[i-1].Seq)
				}
				wantOp := "UPDATE"
				if i == 0 {
					wantOp = "CREATE"
				}
				if c.Op != wantOp {
					t.Errorf("project %d: change %d is %s, want %s", p, i, c.Op, wantOp)
				}
				if c.Op != "UPDATE" {
					continue
				}
				updates++
				after, before := rowJSON(t, c.After), rowJSON(t, c.Before)
				m, _ := after["BudgetYuan"].(json.Number).Int64()
				markers[m]++
				if fmt.Sprint(before["Version"]) != strconv.Itoa(c.Version-1) || !jsonEqual(before, rowJSON(t, history[i-1].After)) {
					t.Errorf("project %d: change %d's before %v is not change %d's after %v", p, i, before, i-1, deref(history[i-1].After))
				}
			}
			if updates != len(mine) {
				t.Errorf("project %d: %d UPDATE changes, %d updates succeeded", p, updates, len(mine))
			}
			versions := map[int]bool{}
			for _, s := range mine {
				if markers[s.marker] != 1 {
					t.Errorf("project %d: marker %d is in %d changes, want 1", p, s.marker, markers[s.marker])
				}
				if versions[s.version] {
					t.Errorf("project %d: version %d returned to two updates", p, s.version)
				}
				versions[s.version] = true
			}
			// The final state is the last change's after, and the table agrees.
			last := rowJSON(t, history[len(history)-1].After)
			var got struct {
				Node struct {
					Version    int
					BudgetYuan json.Number
					Name       string
				}
			}
			w.ok(t, "", `query($id: ID!) { node(id: $id) { ... on Project { version budgetYuan name } } }`, map[string]any{"id": id}, &got)
			if strconv.Itoa(got.Node.Version) != fmt.Sprint(last["Version"]) || got.Node.BudgetYuan.String() != fmt.Sprint(last["BudgetYuan"]) ||
				got.Node.Name != last["Name"] || got.Node.Version != 1+len(mine) {
				t.Errorf("project %d ends %+v; its last change left %v; %d updates succeeded", p, got.Node, last, len(mine))
			}
			_, rowID, _ := gid.Decode(id)
			if row := sqlRow(t, w.db, "SELECT version, budget_yuan FROM projects WHERE id = ?", rowID); row[0] != strconv.Itoa(got.Node.Version) || row[1] != got.Node.BudgetYuan.String() {
				t.Errorf("project %d: the table holds version %s, budget %s", p, row[0], row[1])
			}
		}
		// The writes' seqs are the data versions they took: all distinct, and the version is the last.
		seqs := sqlRow(t, w.db, "SELECT COUNT(DISTINCT seq), COUNT(*), MAX(seq) FROM changes")
		dv := sqlRow(t, w.db, "SELECT version FROM data_version")[0]
		if seqs[0] != seqs[1] || seqs[2] != dv {
			t.Errorf("changes: %s distinct seqs in %s rows, the last %s; data_version %s", seqs[0], seqs[1], seqs[2], dv)
		}
		w.checkProjectsMatchSQL(t)
		t.Logf("TestConcurrentWriters/%s took %s in all", d, time.Since(start).Round(time.Millisecond))
	})
}

// TestWritesEdgeCases are writes whose effects reach past the row written: a village that moves
// takes its projects and schools with it, a school that moves takes its pairings, every
// editable kind is deleted and restored (a village too), and a restore does not bring back a
// natural key another row has taken since. Each is told what went wrong, never an internal
// error, and a refused one changes nothing.
func TestWritesEdgeCases(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		start := time.Now()
		w := newWrites(t, d)
		b := baseInputs()
		t.Run("VillageMovedTakesItsRows", func(t *testing.T) {
			v := w.create(t, w.editor, "Village", with(b["Village"], "name", "搬迁测试村", "code", omit))
			p := w.create(t, w.editor, "Project", with(b["Project"], "name", "搬迁测试村项目", "regionId", v.ID))
			s := w.create(t, w.editor, "School", with(b["School"], "name", "搬迁测试村学校", "regionId", v.ID))
			w.update(t, w.editor, "Village", v.ID, 1, with(b["Village"], "name", "搬迁测试村", "code", omit, "townshipId", idChengguan))
			if !slices.Contains(w.regionProjects(t, idChengguan), p.ID) {
				t.Errorf("the moved village's project is not under its new township")
			}
			if slices.Contains(w.regionProjects(t, idWenyu), p.ID) {
				t.Errorf("the moved village's project is still under its old township")
			}
			_, rowID, _ := gid.Decode(s.ID)
			if got := strings.Join(sqlRow(t, w.db, "SELECT county_id, township_id FROM schools WHERE id = ?", rowID), " "); got != "4 30" {
				t.Errorf("the moved village's school keeps the ancestors county, township %s; want 4 30", got)
			}
		})
		t.Run("SchoolMovedTakesItsPairings", func(t *testing.T) {
			s := w.create(t, w.editor, "School", with(b["School"], "name", "搬迁测试学校"))
			pr := w.create(t, w.editor, "Pairing", with(b["Pairing"], "helperId", s.ID, "quote", "搬迁测试学校结对帮扶卢氏县73所学校"))
			w.update(t, w.editor, "School", s.ID, 1, with(b["School"], "name", "搬迁测试学校", "regionId", idChengguan))
			pairingsOf := func(code string) []string {
				var got struct {
					Region struct {
						Pairings struct{ Nodes []struct{ ID string } }
					}
				}
				w.ok(t, "", `query($c: String!) { region(code: $c) { pairings(role: HELPER, first: 100) { nodes { id } } } }`, map[string]any{"c": code}, &got)
				var ids []string
				for _, n := range got.Region.Pairings.Nodes {
					ids = append(ids, n.ID)
				}
				return ids
			}
			if !slices.Contains(pairingsOf("411224100000"), pr.ID) {
				t.Errorf("the moved school's pairing is not among its new township's (helper) pairings")
			}
			if slices.Contains(pairingsOf("411224200000"), pr.ID) {
				t.Errorf("the moved school's pairing is still among its old township's (helper) pairings")
			}
		})
		t.Run("EveryKindDeletedAndRestored", func(t *testing.T) {
			for _, typ := range []string{"Source", "School", "Hospital", "Collective", "Project", "Pairing", "Figure", "Village"} {
				t.Run(typ, func(t *testing.T) {
					in := b[typ]
					if typ == "Pairing" { // a party of its own, so that the base pairing stays free
						sch := w.create(t, w.editor, "School", with(b["School"], "name", "删除测试结对学校"))
						in = with(in, "helperId", sch.ID)
					}
					c := w.create(t, w.editor, typ, in)
					before := dumpTables(t, w.db)
					r := w.do(t, w.editor, deleteDoc, map[string]any{"id": c.ID, "v": 1})
					if len(r.Errors) > 0 {
						t.Fatalf("delete %s: HTTP %d %s", typ, r.Status, errorsText(r.Errors))
					}
					if w.exists(t, c.ID) {
						t.Errorf("deleted %s still found", typ)
					}
					var got struct{ Restore struct{ ID string } }
					w.ok(t, w.admin, `mutation($id: ID!) { restore(id: $id) { id } }`, map[string]any{"id": c.ID}, &got)
					if got.Restore.ID != c.ID || !w.exists(t, c.ID) {
						t.Errorf("restored %s: %+v", typ, got)
					}
					// Every table is as before the delete, but for the version, the changes and the data version.
					after := dumpTables(t, w.db)
					for _, table := range []string{"changes", "data_version"} {
						delete(before, table)
						delete(after, table)
					}
					table := map[string]string{"Source": "sources", "School": "schools", "Hospital": "hospitals", "Collective": "collectives",
						"Project": "projects", "Pairing": "pairings", "Figure": "figures", "Village": "regions"}[typ]
					_, rowID, _ := gid.Decode(c.ID)
					for i, row := range after[table] {
						cols := strings.Split(row, " | ")
						if cols[0] != "id="+strconv.FormatInt(rowID, 10) {
							continue
						}
						if j := slices.Index(cols, "version=2"); j >= 0 {
							cols[j] = "version=1"
						} else {
							t.Errorf("restored row %s: want version 2", row)
						}
						after[table][i] = strings.Join(cols, " | ")
					}
					sameDump(t, before, after)
				})
			}
		})
		t.Run("RestoreOverATakenNaturalKey", func(t *testing.T) {
			s := w.create(t, w.editor, "School", with(b["School"], "name", "重名测试学校"))
			w.remove(t, w.editor, s.ID, 1)
			w.create(t, w.editor, "School", with(b["School"], "name", "重名测试学校"))
			w.unchanged(t, func() {
				r := w.do(t, w.admin, restoreDoc, map[string]any{"id": s.ID})
				if len(r.Errors) != 1 || (r.Errors[0].Extensions["code"] != "ALREADY_EXISTS" && r.Errors[0].Extensions["code"] != "CONFLICT") {
					t.Errorf("restore of a school whose name was taken since: HTTP %d %s %s; want ALREADY_EXISTS or CONFLICT", r.Status, r.Data, errorsText(r.Errors))
				}
			})
		})
		t.Run("RestoreOverAPairingRecordedAgain", func(t *testing.T) {
			v := w.create(t, w.editor, "Pairing", with(b["Pairing"], "kind", "CITY_COUNTY", "helperId", idHenan, "helpedId", idZhengzhou, "partOfId", omit,
				"quote", "河南省帮扶郑州市"))
			w.remove(t, w.editor, v.ID, 1)
			w.create(t, w.editor, "Pairing", with(b["Pairing"], "kind", "CITY_COUNTY", "helperId", idHenan, "helpedId", idZhengzhou, "partOfId", omit,
				"quote", "河南省又帮扶郑州市"))
			w.unchanged(t, func() {
				r := w.do(t, w.admin, restoreDoc, map[string]any{"id": v.ID})
				if len(r.Errors) != 1 || (r.Errors[0].Extensions["code"] != "ALREADY_EXISTS" && r.Errors[0].Extensions["code"] != "CONFLICT") {
					t.Errorf("restore of a pairing recorded again since: HTTP %d %s %s; want ALREADY_EXISTS or CONFLICT", r.Status, r.Data, errorsText(r.Errors))
				}
			})
		})
		t.Run("RestoreOverATakenVillageCode", func(t *testing.T) {
			vi := w.create(t, w.editor, "Village", with(b["Village"], "name", "重码测试村", "code", "411224200301"))
			w.remove(t, w.editor, vi.ID, 1)
			w.create(t, w.editor, "Village", with(b["Village"], "name", "重码测试村二", "code", "411224200301"))
			w.unchanged(t, func() {
				r := w.do(t, w.admin, restoreDoc, map[string]any{"id": vi.ID})
				if len(r.Errors) != 1 || (r.Errors[0].Extensions["code"] != "ALREADY_EXISTS" && r.Errors[0].Extensions["code"] != "CONFLICT") {
					t.Errorf("restore of a village whose code was taken since: HTTP %d %s %s; want ALREADY_EXISTS or CONFLICT", r.Status, r.Data, errorsText(r.Errors))
				}
			})
		})
		t.Logf("TestWritesEdgeCases/%s took %s", d, time.Since(start).Round(time.Millisecond))
	})
}
