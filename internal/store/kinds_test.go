package store

import (
	"testing"

	"github.com/aidgraph/aidgraph/model"
)

// TestKindsNameGORMsTables checks the registry against GORM: the table a kind names is the one
// GORM reads its row type from. (That the store maps every such table, its init checks.)
func TestKindsNameGORMsTables(t *testing.T) {
	for _, k := range model.Kinds() {
		sch, err := schemaOf(k.Row)
		if err != nil {
			t.Fatalf("%s: %v", k.Type, err)
		}
		if sch.Table != k.Table {
			t.Errorf("%s: the registry says table %q, GORM reads %s from %q", k.Type, k.Table, k.Row, sch.Table)
		}
		if ref, ok := model.KindOfRef(k.Ref); !ok || ref.Table != k.Table {
			t.Errorf("%s: its reference kind %q names another table", k.Type, k.Ref)
		}
	}
}
