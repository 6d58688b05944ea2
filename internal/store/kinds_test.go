package store

import (
	"reflect"
	"testing"

	"github.com/aidgraph/aidgraph/model"
)

// TestKindsNameGORMsTables checks the registry against GORM: the table a kind names is the one
// GORM reads its row type from, and the store maps every such table.
func TestKindsNameGORMsTables(t *testing.T) {
	for _, k := range model.Kinds() {
		sch, err := schemaOf(k.Row)
		if err != nil {
			t.Fatalf("%s: %v", k.Type, err)
		}
		if sch.Table != k.Table {
			t.Errorf("%s: the registry says table %q, GORM reads %s from %q", k.Type, k.Table, k.Row, sch.Table)
		}
		if spec := specs[k.Table]; spec == nil || !reflect.DeepEqual(spec.kinds[0].Row, k.Row) {
			t.Errorf("%s: no tableSpec for %q", k.Type, k.Table)
		}
		if ref, ok := model.KindOfRef(k.Ref); !ok || ref.Table != k.Table {
			t.Errorf("%s: its reference kind %q names another table", k.Type, k.Ref)
		}
	}
}
