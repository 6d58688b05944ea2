package store_test

import (
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestColumnsHoldTextLimits reads MySQL's columns from information_schema and holds each to the
// text limit of the input field stored in it (model.TextLimits): a text the checks accept must
// never be refused by the column ("Data too long"). A VARCHAR or CHAR counts characters; a TEXT
// holds bytes, four to a utf8mb4 character. SQLite's TEXT has no width.
func TestColumnsHoldTextLimits(t *testing.T) {
	if len(testdb.Dialects(t)) < 2 {
		t.Skip("MySQL only: " + testdb.MySQLEnv + " is not set")
	}
	db := testdb.SQL(t, testdb.OpenEmpty(t, store.MySQL))
	for _, l := range model.TextLimits() {
		var typ string
		var chars, bytes int64
		err := db.QueryRow(`SELECT data_type, character_maximum_length, character_octet_length FROM information_schema.columns
			WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?`, l.Table, l.Column).Scan(&typ, &chars, &bytes)
		if err != nil {
			t.Errorf("%s.%s: column %s.%s: %v", l.Input, l.Field, l.Table, l.Column, err)
			continue
		}
		// Bytes the longest accepted text takes: four per character, and for the authors,
		// stored as a JSON list, six (\u003c) per character and three per name besides.
		need := int64(4 * l.Max)
		if l.Input == "SourceInput" && l.Field == "authors" {
			need = int64(model.MaxAuthors*(6*l.Max+3) + 2)
		}
		switch typ {
		case "varchar", "char":
			if chars < int64(l.Max) {
				t.Errorf("%s.%s takes %d characters, but %s.%s is %s(%d)", l.Input, l.Field, l.Max, l.Table, l.Column, typ, chars)
			}
		default:
			if bytes < need {
				t.Errorf("%s.%s takes %d characters (%d bytes), but %s.%s is %s of %d bytes", l.Input, l.Field, l.Max, need, l.Table, l.Column, typ, bytes)
			}
		}
	}
}
