package sqlrules

import "testing"

// TestRules: each rule fires on what it forbids and not on what aidgraph writes instead.
func TestRules(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want string // the rule broken; "" for none
	}{
		{"CREATE TRIGGER t BEFORE INSERT ON projects FOR EACH ROW SET NEW.a = 1", "trigger"},
		{"CREATE DEFINER=`root`@`%` PROCEDURE p() SELECT 1", "procedure"},
		{"CALL refresh_stats()", "procedure"},
		{"ALTER TABLE projects ADD FULLTEXT INDEX ft (name)", "fulltext"},
		{"SELECT id FROM projects WHERE MATCH (name) AGAINST ('水')", "fulltext"},
		{"CREATE TABLE p (id BIGINT, at POINT NOT NULL, SPATIAL INDEX (at)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;", "spatial"},
		{"LOCK TABLES projects WRITE", "lock tables"},
		{"SELECT * FROM projects WHERE id = 1 LOCK IN SHARE MODE", "shared lock"},
		{"SELECT v FROM seq WHERE id = 1 FOR UPDATE", ""},
		{"UPDATE t SET v = 1 WHERE id IN (SELECT id FROM u WHERE x = 1 FOR UPDATE)", "for update in a subquery"},
		{"SELECT id FROM changes ORDER BY id DESC LIMIT 1", "auto_increment order"},
		{"CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB;", "collation"},
		{"CREATE TABLE t (id BIGINT PRIMARY KEY) ENGINE=InnoDB;", ""},
		{"CREATE TABLE t (id BIGINT PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;", ""},
		{"SELECT id FROM changes ORDER BY seq DESC, id DESC LIMIT 1", ""},
		{"UPDATE data_version SET version = version + 1 WHERE id = 1", ""},
		{"SELECT id FROM schools WHERE name COLLATE utf8mb4_bin = '学校'", ""},
	} {
		got := Check(c.sql)
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%s: broke %q, want no rule broken", c.sql, got[0].Rule.Name)
		case c.want != "" && (len(got) == 0 || got[0].Rule.Name != c.want):
			t.Errorf("%s: got %v, want rule %q", c.sql, got, c.want)
		}
	}
}

// TestUp: only a migration's Up section is read.
func TestUp(t *testing.T) {
	got := Up("-- +goose Up\nCREATE TABLE a (x INT);\n-- a comment\nDROP TABLE b;\n-- +goose Down\nCREATE TRIGGER t;\n")
	if len(got) != 2 || got[0] != "CREATE TABLE a (x INT);" || got[1] != "DROP TABLE b;" {
		t.Fatalf("got %q", got)
	}
}
