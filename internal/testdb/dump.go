package testdb

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// Dump returns every row of every table of db as text, table by table in name order and rows
// in order of their text, so that two dumps are equal exactly when the data is: a test compares
// one taken before a refused write with one taken after.
func Dump(t testing.TB, db *sql.DB) string {
	t.Helper()
	var out strings.Builder
	for _, table := range tables(t, db) {
		rows, err := db.Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		lines := rowsText(t, rows)
		sort.Strings(lines)
		fmt.Fprintf(&out, "== %s (%d rows)\n%s\n", table, len(lines), strings.Join(lines, "\n"))
	}
	return out.String()
}

// tables lists the tables of the database db is connected to.
func tables(t testing.TB, db *sql.DB) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	if _, err := db.Exec("SELECT 1 FROM sqlite_master LIMIT 1"); err != nil {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name"
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	var names []string
	for _, l := range rowsText(t, rows) {
		if l == "id_counters" {
			continue // a sequence: a write rolled back leaves it moved on, by design
		}
		names = append(names, l)
	}
	return names
}

func rowsText(t testing.TB, rows *sql.Rows) []string {
	t.Helper()
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			cells[i] = fmt.Sprint(v)
		}
		lines = append(lines, strings.Join(cells, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
