package config

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeSettingsTable holds the README's settings table to the settings table: a row for
// each setting and no other, with its variable and its default.
func TestReadmeSettingsTable(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ env, def string }
	rows := map[string]row{}
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(line, "| `--") {
			continue
		}
		cells := strings.SplitN(line, "|", 5) // "", flag, variable, default, meaning
		if len(cells) < 5 {
			t.Fatalf("settings row %q has too few cells", line)
		}
		flag := strings.TrimPrefix(plain(cells[1]), "--")
		rows[flag] = row{env: plain(cells[2]), def: plain(cells[3])}
	}
	for _, s := range settings {
		r, ok := rows[s.flag]
		if !ok {
			t.Errorf("README's settings table lacks --%s", s.flag)
			continue
		}
		delete(rows, s.flag)
		want := row{env: s.env, def: s.defaultText()}
		if want.def == "none" && s.def == "" {
			want.def = "(none)"
		}
		if r != want {
			t.Errorf("README says --%s is %+v; the settings table says %+v", s.flag, r, want)
		}
	}
	for flag := range rows {
		t.Errorf("README's settings table has --%s, which is no setting", flag)
	}
}

// plain is a table cell without its spaces and code marks.
func plain(cell string) string { return strings.ReplaceAll(strings.TrimSpace(cell), "`", "") }
