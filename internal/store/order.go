package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"gorm.io/gorm/schema"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/paging"
)

// orderKey is one key of an ordering.
type orderKey struct {
	column string // unqualified
	desc   bool
}

// ordering is the client's orderBy, checked; the row id always follows as the final key, so
// that every ordering is total and pages never skip or repeat a row.
type ordering struct {
	keys []orderKey
	// name identifies the ordering in cursors, such as "budget_yuan:desc".
	name string
}

// orderingOf reads orderBy, a slice of generated order inputs (nil or empty for the default:
// the spec's defaultOrder, or the id).
func orderingOf(spec *tableSpec, orderBy any, path string) (ordering, error) {
	var o ordering
	v := reflect.ValueOf(orderBy)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Len() == 0 {
		return spec.byDefault, nil // by defaultOrder then id, or by id alone
	}
	var names []string
	seen := map[string]bool{}
	for i := range v.Len() {
		item := v.Index(i).Elem()
		field := item.FieldByName("Field").String()
		if seen[field] {
			return o, apperr.New(apperr.InvalidArgument, fmt.Sprintf("%s.%d.field", path, i), "%s appears twice in orderBy", field)
		}
		seen[field] = true
		dir := item.FieldByName("Direction").String()
		key := orderKey{desc: dir == "DESC"}
		if field != "ID" {
			column, ok := spec.orders[field]
			if !ok {
				return o, apperr.New(apperr.InvalidArgument, fmt.Sprintf("%s.%d.field", path, i), "cannot order by %s", field)
			}
			key.column = column
		} else {
			key.column = "id"
		}
		o.keys = append(o.keys, key)
		names = append(names, strings.ToLower(key.column)+":"+strings.ToLower(dir))
		if key.column == "id" {
			break // the id is unique: later keys could never matter
		}
	}
	o.name = strings.Join(names, ",")
	return o, nil
}

// all returns the keys with the id tie-break, unless the ordering already ends with the id.
// The tie-break runs in the direction of the last key, so that one index on (..., key, id)
// serves the ordering, read forward or backward.
func (o ordering) all() []orderKey {
	n := len(o.keys)
	if n > 0 && o.keys[n-1].column == "id" {
		return o.keys
	}
	tie := orderKey{column: "id"}
	if n > 0 {
		tie.desc = o.keys[n-1].desc
	}
	return append(append([]orderKey{}, o.keys...), tie)
}

// orderBy is the ORDER BY list, reversed when reading backward.
func (o ordering) orderBy(table string, backward bool) string {
	var parts []string
	for _, k := range o.all() {
		dir := "ASC"
		if k.desc != backward {
			dir = "DESC"
		}
		parts = append(parts, table+"."+k.column+" "+dir)
	}
	return strings.Join(parts, ", ")
}

// beyond is the condition that a row lies strictly after p in this ordering (or strictly
// before it, when before is true). Both databases sort nulls first ascending and last
// descending, and the comparisons below follow the same rule.
func (o ordering) beyond(table string, p *paging.Position, before bool, arg string) (cond, error) {
	keys := o.all()
	if err := o.check(p, arg); err != nil {
		return cond{}, err
	}
	values := append(append([]any{}, p.Keys...), p.ID)
	var terms []cond
	for i, k := range keys {
		var parts []cond
		for j := range i {
			parts = append(parts, equal(table+"."+keys[j].column, plain(values[j])))
		}
		parts = append(parts, after(table+"."+k.column, plain(values[i]), k.desc != before))
		terms = append(terms, allOf(parts...))
	}
	return anyOf(terms...), nil
}

// check refuses a cursor (given as argument arg) that was made under another ordering.
func (o ordering) check(p *paging.Position, arg string) error {
	if p.Order != o.name || len(p.Keys) != len(o.all())-1 {
		return apperr.New(apperr.InvalidCursor, arg, "%s: the cursor belongs to another ordering", arg)
	}
	return nil
}

func equal(column string, v any) cond {
	if v == nil {
		return cond{column + " IS NULL", nil}
	}
	return cond{column + " = ?", []any{v}}
}

// after is "column comes strictly after v" in an ascending (nulls first) or descending (nulls
// last) ordering.
func after(column string, v any, desc bool) cond {
	switch {
	case !desc && v == nil:
		return cond{column + " IS NOT NULL", nil}
	case !desc:
		return cond{column + " > ?", []any{v}}
	case v == nil:
		return cond{"1 = 0", nil}
	default:
		return cond{"(" + column + " < ? OR " + column + " IS NULL)", []any{v}}
	}
}

// plain turns a decoded cursor value back into what its column holds.
func plain(v any) any {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i
		}
		return n.String()
	}
	return v
}

// schemas caches GORM's parsed models, to read rows' sort keys by column name.
var schemas sync.Map

// position reads the sort key of row under o.
func (o ordering) position(row any) paging.Position {
	s, err := schema.Parse(row, &schemas, schema.NamingStrategy{})
	if err != nil {
		panic(fmt.Sprintf("parse model %T: %v", row, err)) // a programming error: every row type parses
	}
	rv := reflect.ValueOf(row)
	p := paging.Position{Order: o.name}
	for _, k := range o.all() {
		f := s.LookUpField(k.column)
		v, _ := f.ValueOf(context.Background(), rv)
		val := sqlValue(reflect.ValueOf(v)) // a nil pointer becomes nil
		if k.column == "id" {
			p.ID = val.(int64)
			continue
		}
		p.Keys = append(p.Keys, val)
	}
	return p
}
