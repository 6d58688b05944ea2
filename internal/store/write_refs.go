package store

import (
	"fmt"
	"reflect"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/model"
)

// reference is one column of table that points at rows of target; a polymorphic one names the
// target's reference kind in typeColumn.
type reference struct {
	table, column, target string
	typeColumn, ref       string
}

// references lists every link between rows: what a delete must find unused and a restore must
// find still there. The foreign keys of the schema hold some of them; the polymorphic ones
// (parties, subjects) only this list.
var references = func() []reference {
	var refs []reference
	for _, t := range []string{"regions", "programs", "schools", "hospitals", "collectives", "projects", "funds", "pairings", "figures"} {
		refs = append(refs, reference{table: t, column: "source_id", target: "sources"})
	}
	for _, t := range []string{"schools", "hospitals", "collectives", "projects"} {
		refs = append(refs, reference{table: t, column: "region_id", target: "regions"})
	}
	refs = append(refs,
		reference{table: "regions", column: "parent_id", target: "regions"},
		reference{table: "projects", column: "funder_region_id", target: "regions"},
		reference{table: "projects", column: "program_id", target: "programs"},
		reference{table: "pairings", column: "part_of_id", target: "pairings"},
		reference{table: "figures", column: "part_of_id", target: "figures"},
		reference{table: "figures", column: "restates_id", target: "figures"},
		reference{table: "figures", column: "program_id", target: "programs"},
	)
	for _, k := range model.Kinds() {
		if k.Type != model.TypeProvince && k.IsRegion() {
			continue // one entry for the regions table
		}
		refs = append(refs,
			reference{table: "pairings", column: "helper_id", target: k.Table, typeColumn: "helper_type", ref: k.Ref},
			reference{table: "pairings", column: "helped_id", target: k.Table, typeColumn: "helped_type", ref: k.Ref},
			reference{table: "figures", column: "subject_id", target: k.Table, typeColumn: "subject_type", ref: k.Ref})
	}
	return refs
}()

// unreferenced refuses to delete a row that another still points at: the reader would find a
// figure about nothing.
func (w *Tx) unreferenced(k *model.Kind, id int64) error {
	for _, r := range references {
		if r.target != k.Table {
			continue
		}
		q := w.db.Table(r.table).Where(r.column+" = ?", id)
		if r.typeColumn != "" {
			q = q.Where(r.typeColumn+" = ?", r.ref)
		}
		var n int64
		if err := q.Count(&n).Error; err != nil {
			return fmt.Errorf("find what refers to %s %d: %w", k.Type, id, err)
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "id", "%s is still referred to by %d row(s) of %s (%s): delete or change those first", k.Type, n, r.table, r.column)
		}
	}
	return nil
}

// referencesExist checks that every row a restored row points at is still there.
func (w *Tx) referencesExist(row any) error {
	k, err := kindOfRow(row)
	if err != nil {
		return err
	}
	cols := columnValues(row)
	for _, r := range references {
		if r.table != k.Table {
			continue
		}
		id, ok := cols[r.column].(int64)
		if !ok || id == 0 || (r.typeColumn != "" && cols[r.typeColumn] != r.ref) {
			continue
		}
		var n int64
		if err := w.db.Table(r.target).Where("id = ?", id).Count(&n).Error; err != nil {
			return fmt.Errorf("check %s's %s: %w", k.Type, r.column, err)
		}
		if n == 0 {
			return apperr.New(apperr.Conflict, "id", "%s cannot be restored: its %s (%d) no longer exists", k.Type, r.column, id)
		}
	}
	return nil
}

// columnValues maps a row's columns, as GORM names them, to their values, pointers followed
// and nil ones left out.
func columnValues(row any) map[string]any {
	v := reflect.ValueOf(row).Elem()
	sch, err := schemaOf(v.Type())
	if err != nil {
		return nil
	}
	out := map[string]any{}
	for _, f := range sch.Fields {
		fv := v.FieldByIndex(f.StructField.Index)
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				continue
			}
			fv = fv.Elem()
		}
		switch fv.Kind() {
		case reflect.Int64, reflect.Int:
			out[f.DBName] = fv.Int()
		case reflect.String:
			out[f.DBName] = fv.String()
		}
	}
	return out
}
