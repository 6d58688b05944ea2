package edit

import (
	"maps"
	"slices"
	"testing"

	"github.com/aidgraph/aidgraph/model"
)

// TestImportersAreTheImportableKinds: the registry says which kinds an import file may hold;
// each has an importer, and no other kind has one.
func TestImportersAreTheImportableKinds(t *testing.T) {
	want := model.TypesOf(model.ImportableKinds())
	if got := slices.Sorted(maps.Keys(importers)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("importers for %v, the registry's importable kinds are %v", got, want)
	}
	for _, k := range model.ImportableKinds() {
		if !k.Editable() {
			t.Errorf("%s is importable but not editable", k.Type)
		}
	}
}

// TestNumericFields: a CSV cell is made a number where the importable inputs take a whole
// number, and left as text elsewhere (a Decimal reads itself from text).
func TestNumericFields(t *testing.T) {
	tests := []struct {
		field string
		want  bool
	}{
		{"budgetYuan", true},
		{"value", false}, // a Decimal
		{"name", false},
		{"regionId", false},
	}
	for _, tt := range tests {
		if numericFields[tt.field] != tt.want {
			t.Errorf("%s numeric: %v, want %v", tt.field, numericFields[tt.field], tt.want)
		}
	}
}
