package store

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Hot statements (batched pages, loads by id) return hundreds of rows per request. GORM scans
// each field of each row through its own reflective setters, which cost a fifth of the
// server's CPU on nested queries; scanRows instead works out once, per row type and list of
// columns, where each column goes, and lets database/sql write straight into the fields.

// scanPlan maps a statement's columns onto a struct: the index path of each column's field, or
// nil for a column the struct does not hold. viaGORM marks a struct with a field that only
// GORM can decode (a JSON-serialized list): it is scanned the slow way.
type scanPlan struct {
	fields  [][]int
	viaGORM bool
	// fast, when every column the row holds is a string or an integer (or a pointer to one),
	// says where fieldScanner writes each (nil for the columns the row does not hold).
	fast []*fastColumn
}

type planKey struct {
	typ     reflect.Type
	columns string
}

var (
	plans       sync.Map // planKey -> *scanPlan
	selectLists sync.Map // planKey{row type, table} -> its select list (columnsOf)
	schemaCache sync.Map // schema.Parse's cache of what GORM knows of each type
)

// schemaOf returns what GORM knows of a row type: its table and the columns of its fields.
// GORM caches it, so asking again costs a map lookup.
func schemaOf(typ reflect.Type) (*schema.Schema, error) {
	return schema.Parse(reflect.New(typ).Interface(), &schemaCache, schema.NamingStrategy{})
}

// planFor returns the plan that scans columns into a typ, using the column names GORM gives
// typ's fields (embedded structs included).
func planFor(typ reflect.Type, columns []string) (*scanPlan, error) {
	key := planKey{typ, strings.Join(columns, ",")}
	if p, ok := plans.Load(key); ok {
		return p.(*scanPlan), nil
	}
	sch, err := schemaOf(typ)
	if err != nil {
		return nil, fmt.Errorf("map %s onto columns: %w", typ, err)
	}
	p := &scanPlan{fields: make([][]int, len(columns)), fast: make([]*fastColumn, len(columns))}
	fast := true
	for i, c := range columns {
		f := sch.LookUpField(c)
		if f == nil {
			continue
		}
		p.fields[i] = f.StructField.Index
		// GORM alone decodes serialized fields, honours fields it may not read, and follows
		// embedded pointers (marked by a negative index).
		p.viaGORM = p.viaGORM || f.Serializer != nil || !f.Readable || slices.ContainsFunc(f.StructField.Index, func(i int) bool { return i < 0 })
		col, ok := fastColumnOf(typ, f.StructField.Index)
		fast = fast && ok
		p.fast[i] = &col
	}
	if !fast || p.viaGORM {
		p.fast = nil
	}
	plans.Store(key, p)
	return p, nil
}

// columnsOf returns the select list of typ's columns in table ("projects.id, projects.name, …"):
// what a row of typ holds, and no more. table.* would also read the columns kept only for
// queries (a project's province_id … township_id), which each cost the database a conversion
// and the scan a copy for every row, to be thrown away.
func columnsOf(typ reflect.Type, table string) (string, error) {
	key := planKey{typ, table}
	if c, ok := selectLists.Load(key); ok {
		return c.(string), nil
	}
	sch, err := schemaOf(typ)
	if err != nil {
		return "", fmt.Errorf("columns of %s: %w", typ, err)
	}
	cols := make([]string, len(sch.DBNames))
	for i, name := range sch.DBNames {
		cols[i] = table + "." + name
	}
	list := strings.Join(cols, ", ")
	selectLists.Store(key, list)
	return list, nil
}

// pageColumns returns the select list of a batched page of typ's rows: every column
// (columnsOf) when fields is nil or names a field that reads no column of the row (a nested
// connection), else the fields' columns (fieldColumn), the ordering's and the id, in the order
// typ's fields have. A page of a nested connection whose client asks for a few fields reads no
// more: the text columns the fields leave out cost the database a copy per row and the scan
// one per column. The rows it returns hold zero values in the other fields, which nothing reads
// but the fields asked for and the siblings' keys of the links among them.
func pageColumns(typ reflect.Type, table string, fields []string, ord ordering) (string, error) {
	if fields == nil {
		return columnsOf(typ, table)
	}
	key := pageColumnsKey{typ, table, strings.Join(fields, ","), ord.name}
	if c, ok := pageLists.Load(key); ok {
		return c.(string), nil
	}
	sch, err := schemaOf(typ)
	if err != nil {
		return "", fmt.Errorf("columns of %s: %w", typ, err)
	}
	want := map[string]bool{"id": true}
	for _, f := range fields {
		col, ok := fieldColumn(specs[table], sch, f)
		if !ok {
			return columnsOf(typ, table)
		}
		want[col] = true
	}
	for _, k := range ord.all() {
		want[k.column] = true
	}
	var cols []string
	for _, name := range sch.DBNames {
		if want[name] {
			cols = append(cols, table+"."+name)
		}
	}
	list := strings.Join(cols, ", ")
	pageLists.Store(key, list)
	return list, nil
}

// fieldColumn is the column of the table's rows that a GraphQL field reads, by the table's spec
// (its filter fields and relations: budgetYuan, funder) and else by the column of the field's
// own name (version, description): "id" for the id and __typename, false for a field that is
// none of the row's columns.
func fieldColumn(spec *tableSpec, sch *schema.Schema, field string) (string, bool) {
	if field == "id" || field == "__typename" {
		return "id", true
	}
	if spec != nil {
		if c, ok := spec.columns[field]; ok {
			return c, true
		}
		if r, ok := spec.relations[field]; ok {
			return r.column, true
		}
	}
	if f := sch.LookUpField(field); f != nil && f.DBName != "" {
		return f.DBName, true
	}
	return "", false
}

type pageColumnsKey struct {
	typ                     reflect.Type
	table, fields, ordering string
}

var pageLists sync.Map // pageColumnsKey -> pageColumns' select list

// maxRowsHint bounds the rows scanRowsOf makes room for before reading: the most a hint may
// set aside for rows that may not come.
const maxRowsHint = 256

// scanRows reads every row of q (a statement built by GORM, not yet run) into a T, with room
// made at once for the hint rows it expects (at most maxRowsHint), so that the slice is not
// grown and copied row by row: for Q1's 154 projects that was an eighth of the bytes a request
// allocates.
func scanRows[T any](q *gorm.DB, hint int) ([]T, error) {
	rows, err := scanRowsOf(q, reflect.TypeFor[T](), hint)
	if err != nil {
		return nil, err
	}
	return rows.Interface().([]T), nil
}

// scanRowsOf reads every row of q into a slice of typ: the store loads rows of any kind by id
// knowing only the registry's row type.
func scanRowsOf(q *gorm.DB, typ reflect.Type, hint int) (reflect.Value, error) {
	out := reflect.New(reflect.SliceOf(typ)).Elem() // addressable, so that it can grow
	out.Set(reflect.MakeSlice(out.Type(), 0, min(max(hint, 0), maxRowsHint)))
	rows, err := q.Rows()
	if err != nil {
		return out, err
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return out, err
	}
	plan, err := planFor(typ, columns)
	if err != nil {
		return out, err
	}
	// next makes room for one more row and returns it, settable.
	next := func() reflect.Value {
		n := out.Len()
		out.Grow(1)
		out.SetLen(n + 1)
		return out.Index(n)
	}
	if plan.viaGORM {
		for rows.Next() {
			if err := q.ScanRows(rows, next().Addr().Interface()); err != nil {
				return out, err
			}
		}
		return out, rowsErr(rows)
	}
	if plan.fast != nil {
		return out, scanFast(rows, plan, next)
	}
	dest := make([]any, len(columns))
	var discard sql.RawBytes // a column the row does not hold: read, never copied
	for rows.Next() {
		v := next()
		for i, idx := range plan.fields {
			if idx == nil {
				dest[i] = &discard
				continue
			}
			dest[i] = v.FieldByIndex(idx).Addr().Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			return out, err
		}
	}
	return out, rowsErr(rows)
}

// scanFast reads every row of rows into the row next makes room for, through fieldScanners.
func scanFast(rows *sql.Rows, plan *scanPlan, next func() reflect.Value) error {
	arena := &scanArena{}
	scanners := make([]fieldScanner, len(plan.fast))
	dest := make([]any, len(plan.fast))
	var discard sql.RawBytes // a column the row does not hold: read, never copied
	for i, col := range plan.fast {
		dest[i] = &discard
		if col != nil {
			scanners[i] = fieldScanner{col: *col, arena: arena}
			dest[i] = &scanners[i]
		}
	}
	for rows.Next() {
		row := next().Addr().UnsafePointer()
		for i := range scanners {
			scanners[i].row = row
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
	}
	return rowsErr(rows)
}

func rowsErr(rows *sql.Rows) error {
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

// pointers points at each of values, for callers that hand rows on one by one.
func pointers[T any](values []T) []*T {
	out := make([]*T, len(values))
	for i := range values {
		out[i] = &values[i]
	}
	return out
}
