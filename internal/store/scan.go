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
}

type planKey struct {
	typ     reflect.Type
	columns string
}

var (
	plans       sync.Map // planKey -> *scanPlan
	schemaCache sync.Map // schema.Parse's cache of what GORM knows of each type
)

// schemaOf returns what GORM knows of T: its table and the columns of its fields. GORM
// caches it, so asking again costs a map lookup.
func schemaOf[T any]() (*schema.Schema, error) {
	return schema.Parse(new(T), &schemaCache, schema.NamingStrategy{})
}

// planFor returns the plan that scans columns into a T, using the column names GORM gives
// T's fields (embedded structs included).
func planFor[T any](columns []string) (*scanPlan, error) {
	typ := reflect.TypeFor[T]()
	key := planKey{typ, strings.Join(columns, ",")}
	if p, ok := plans.Load(key); ok {
		return p.(*scanPlan), nil
	}
	sch, err := schemaOf[T]()
	if err != nil {
		return nil, fmt.Errorf("map %s onto columns: %w", typ, err)
	}
	p := &scanPlan{fields: make([][]int, len(columns))}
	for i, c := range columns {
		f := sch.LookUpField(c)
		if f == nil {
			continue
		}
		p.fields[i] = f.StructField.Index
		// GORM alone decodes serialized fields, honours fields it may not read, and follows
		// embedded pointers (marked by a negative index).
		p.viaGORM = p.viaGORM || f.Serializer != nil || !f.Readable || slices.ContainsFunc(f.StructField.Index, func(i int) bool { return i < 0 })
	}
	plans.Store(key, p)
	return p, nil
}

// scanRows reads every row of q (a statement built by GORM, not yet run) into a T.
func scanRows[T any](q *gorm.DB) ([]T, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	plan, err := planFor[T](columns)
	if err != nil {
		return nil, err
	}
	var out []T
	if plan.viaGORM {
		for rows.Next() {
			out = append(out, *new(T))
			if err := q.ScanRows(rows, &out[len(out)-1]); err != nil {
				return nil, err
			}
		}
		return out, rowsErr(rows)
	}
	dest := make([]any, len(columns))
	var discard any
	for rows.Next() {
		out = append(out, *new(T))
		v := reflect.ValueOf(&out[len(out)-1]).Elem()
		for i, idx := range plan.fields {
			if idx == nil {
				dest[i] = &discard
				continue
			}
			dest[i] = v.FieldByIndex(idx).Addr().Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
	}
	return out, rowsErr(rows)
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
