package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// loadSchema parses the GraphQL schema that gqlgen generates the filter and order inputs from.
func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	files, err := filepath.Glob("../../schema/*.graphqls")
	if err != nil || len(files) == 0 {
		t.Fatalf("no schema files (%v)", err)
	}
	var sources []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	sch, err := gqlparser.LoadSchema(sources...)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// stem is the name that a table's filter and order inputs start with: RegionFilter for all five
// region types, ProjectFilter for projects.
func (spec *tableSpec) stem() string {
	if spec.kinds[0].IsRegion() {
		return "Region"
	}
	return spec.kinds[0].Type
}

// TestEveryFilterAndOrderFieldIsMapped holds the filter and order compilers to the schema: every
// field of every table's *Filter input and every value of its *OrderField enum compiles to a
// column its rows have (or to a relation, or to one of the compiler's own fields), so that a
// field added to the schema without its mapping fails here, not in a user's request.
func TestEveryFilterAndOrderFieldIsMapped(t *testing.T) {
	sch := loadSchema(t)
	byStem := map[string]*tableSpec{}
	for _, spec := range specs {
		byStem[spec.stem()] = spec
	}
	for stem, spec := range byStem {
		rows, err := schemaOf(spec.kinds[0].Row)
		if err != nil {
			t.Fatal(err)
		}
		hasColumn := func(c string) bool { return rows.LookUpField(c) != nil }
		filter := sch.Types[stem+"Filter"]
		if filter == nil {
			t.Errorf("%s: the schema has no %sFilter", spec.table, stem)
			continue
		}
		for _, f := range filter.Fields {
			checkFilterField(t, spec, filter.Name, f, hasColumn)
		}
		order := sch.Types[stem+"OrderField"]
		if order == nil {
			t.Errorf("%s: the schema has no %sOrderField", spec.table, stem)
			continue
		}
		for _, v := range order.EnumValues {
			column, ok := spec.orders[v.Name]
			if v.Name == "ID" {
				column, ok = "id", true
			}
			if !ok || !hasColumn(column) {
				t.Errorf("%s.%s: no column of %s to order by (mapped to %q)", order.Name, v.Name, spec.table, column)
			}
		}
	}
	// An input with and/or/not is an entity's filter; every such input, and every *OrderField
	// enum, must belong to a table the store maps.
	for name, def := range sch.Types {
		entityFilter := def.Kind == ast.InputObject && strings.HasSuffix(name, "Filter") && def.Fields.ForName("and") != nil
		orderField := def.Kind == ast.Enum && strings.HasSuffix(name, "OrderField")
		if !entityFilter && !orderField {
			continue
		}
		stem := strings.TrimSuffix(strings.TrimSuffix(name, "Filter"), "OrderField")
		if byStem[stem] == nil {
			t.Errorf("%s: no table of the store compiles it (add a tableSpec)", name)
		}
	}
}

// checkFilterField checks that one field of a table's filter input compiles on the table.
func checkFilterField(t *testing.T, spec *tableSpec, input string, f *ast.FieldDefinition, hasColumn func(string) bool) {
	t.Helper()
	where := input + "." + f.Name
	if column, ok := fixedFields[f.Name]; ok {
		if !hasColumn(column) {
			t.Errorf("%s: the compiler reads column %q, which %s lacks", where, column, spec.table)
		}
		return
	}
	switch f.Name {
	case "and", "or", "not", "id":
		return
	}
	if column, ok := spec.columns[f.Name]; ok {
		if !hasColumn(column) {
			t.Errorf("%s: mapped to column %q, which %s lacks", where, column, spec.table)
		}
		return
	}
	rel, ok := spec.relations[f.Name]
	if !ok {
		t.Errorf("%s: no column mapping in %s's tableSpec", where, spec.table)
		return
	}
	target := specs[rel.target]
	switch {
	case target == nil:
		t.Errorf("%s: leads to %q, which has no tableSpec", where, rel.target)
	case f.Type.Name() != target.stem()+"Filter":
		t.Errorf("%s: is a %s but leads to %s", where, f.Type.Name(), rel.target)
	case !hasColumn(rel.column) || (rel.typeColumn != "" && !hasColumn(rel.typeColumn)):
		t.Errorf("%s: joins on %q, which %s lacks", where, rel.column, spec.table)
	}
}
