package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/model"
)

// cond is a compiled SQL condition with its arguments. The empty cond holds for every row.
type cond struct {
	sql  string
	args []any
}

func (c cond) empty() bool { return c.sql == "" }

// allOf joins conditions with AND, dropping empty ones.
func allOf(cs ...cond) cond {
	var parts []string
	var args []any
	for _, c := range cs {
		if !c.empty() {
			parts = append(parts, "("+c.sql+")")
			args = append(args, c.args...)
		}
	}
	return cond{strings.Join(parts, " AND "), args}
}

// anyOf joins non-empty conditions with OR; an empty one makes the whole OR hold.
func anyOf(cs ...cond) cond {
	var parts []string
	var args []any
	for _, c := range cs {
		if c.empty() {
			return cond{}
		}
		parts = append(parts, "("+c.sql+")")
		args = append(args, c.args...)
	}
	return cond{strings.Join(parts, " OR "), args}
}

// not negates c, counting a condition that is unknown on a null field as not holding, so that
// `not: {status: {eq: COMPLETED}}` keeps the projects whose status is null.
func not(c cond) cond {
	if c.empty() {
		return cond{"1 = 0", nil}
	}
	return cond{"NOT COALESCE((" + c.sql + "), 0)", c.args}
}

// compiler turns filter inputs into conditions. It looks up division codes (for `within`)
// through the store, so it needs the request's context.
type compiler struct {
	ctx   context.Context
	s     *Store
	depth int // filters being compiled, one inside another
	// columns are the columns the compiled conditions read; opaque says they also read
	// something else (ids, paths, other tables). A summary can answer the rest.
	columns map[string]bool
	opaque  bool
}

// filter compiles f, a pointer to a generated filter input (nil holds for every row), on the
// table of spec. path is the argument's path, for errors.
func (c *compiler) filter(spec *tableSpec, f any, path string) (cond, error) {
	v := reflect.ValueOf(f)
	if !v.IsValid() || v.IsNil() {
		return cond{}, nil
	}
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxDepth {
		return cond{}, invalid(path, "%s: filters nest too deep (at most %d levels)", path, maxDepth)
	}
	return allOfSet(v.Elem(), func(name string, fv reflect.Value) (cond, error) {
		return c.field(spec, name, fv, path+"."+name)
	})
}

// allOfSet compiles each field that the client set of an input struct v, by its GraphQL name,
// and joins the conditions with AND.
func allOfSet(v reflect.Value, compile func(name string, fv reflect.Value) (cond, error)) (cond, error) {
	var conds []cond
	for i := range v.NumField() {
		fv := v.Field(i)
		if isUnset(fv) {
			continue
		}
		cd, err := compile(graphQLName(v.Type().Field(i)), fv)
		if err != nil {
			return cond{}, err
		}
		conds = append(conds, cd)
	}
	return allOf(conds...), nil
}

// Bounds on a filter, so that no client can make a statement the databases refuse (too many
// placeholders, an expression too deep) or that takes long to plan.
const (
	maxValues       = 1000  // values in one in or notIn
	maxConditions   = 100   // filters in one and or or
	maxDepth        = 8     // filters nested through and, or, not and relations
	MaxFilterValues = 10000 // values a whole filter sends to the database (SQLite takes 32,766 a statement)
	maxText         = 1000  // characters in one text operand (SQLite refuses LIKE patterns past 50,000 bytes)
)

// fixedFields are the filter fields that the compiler reads the same way on any table whose
// filter has them, with the column each reads: within a region's subtree, or whether a row is a
// part (or a restatement) of another.
var fixedFields = map[string]string{"within": "path", "isPart": "part_of_id", "isRestatement": "restates_id"}

func (c *compiler) field(spec *tableSpec, name string, v reflect.Value, path string) (cond, error) {
	col := func(column string) string { return spec.table + "." + column }
	switch name {
	case "and", "or":
		if v.Len() > maxConditions {
			return cond{}, invalid(path, "%s has %d filters, more than %d", path, v.Len(), maxConditions)
		}
		var parts []cond
		for i := range v.Len() {
			p, err := c.filter(spec, v.Index(i).Interface(), path+"."+strconv.Itoa(i))
			if err != nil {
				return cond{}, err
			}
			parts = append(parts, p)
		}
		if name == "and" {
			return allOf(parts...), nil
		}
		if len(parts) == 0 {
			return cond{}, invalid(path, "or needs at least one filter")
		}
		return anyOf(parts...), nil
	case "not":
		inner, err := c.filter(spec, v.Interface(), path)
		return not(inner), err
	case "id":
		c.opaque = true
		return c.ids(spec, v, path)
	}
	if column, ok := fixedFields[name]; ok {
		c.opaque = true
		if name == "within" {
			return c.within(col(column), v.Elem().String(), path)
		}
		return nullCheck(col(column), !v.Elem().Bool()), nil // isPart, isRestatement
	}
	if column, ok := spec.columns[name]; ok {
		if c.columns == nil {
			c.columns = map[string]bool{}
		}
		c.columns[col(column)] = true
		return c.operators(col(column), v.Elem(), path)
	}
	if rel, ok := spec.relations[name]; ok {
		c.opaque = true
		target := specs[rel.target]
		sub, err := c.filter(target, v.Interface(), path)
		if err != nil {
			return cond{}, err
		}
		in := cond{col(rel.column) + " IN (SELECT " + target.table + ".id FROM " + target.table + whereClause(sub) + ")", sub.args}
		if rel.typeColumn != "" {
			in = allOf(cond{col(rel.typeColumn) + " = ?", []any{rel.typeValue}}, in)
		}
		return in, nil
	}
	return cond{}, fmt.Errorf("filter field %s on %s is not mapped", name, spec.table)
}

func whereClause(c cond) string {
	if c.empty() {
		return ""
	}
	return " WHERE " + c.sql
}

func nullCheck(column string, isNull bool) cond {
	if isNull {
		return cond{column + " IS NULL", nil}
	}
	return cond{column + " IS NOT NULL", nil}
}

// within selects the rows of the regions table in the subtree under a division code.
func (c *compiler) within(pathColumn, code, path string) (cond, error) {
	full, err := model.NormalizeCode(code)
	if err != nil {
		return cond{}, invalid(path, "%v", err)
	}
	r, err := c.s.regionByCodeCached(c.ctx, full)
	if err != nil {
		return cond{}, err
	}
	if r == nil {
		return cond{}, apperr.New(apperr.NotFound, path, "%s: no region has the code %s", path, full)
	}
	lo, hi := pathRange(r.Path)
	return cond{pathColumn + " >= ? AND " + pathColumn + " < ?", []any{lo, hi}}, nil
}

// ids compiles an IDFilter: global ids must name rows of this table (and, for regions, of the
// level their type says).
func (c *compiler) ids(spec *tableSpec, v reflect.Value, path string) (cond, error) {
	f := v.Interface().(*model.IDFilter)
	type row struct {
		id  int64
		typ string
	}
	decode := func(id, p string) (row, error) {
		typ, n, err := gid.Decode(id)
		if err != nil || !slices.ContainsFunc(spec.kinds, func(k model.Kind) bool { return k.Type == typ }) {
			return row{}, apperr.New(apperr.InvalidID, p, "%s: %q is not the id of a %s", p, id, spec.typeNames())
		}
		return row{n, typ}, nil
	}
	// match is the condition that a row is one of rows.
	match := func(rows []row) cond {
		var byType []cond
		for _, k := range spec.kinds {
			var ids []any
			for _, r := range rows {
				if r.typ == k.Type {
					ids = append(ids, r.id)
				}
			}
			if len(ids) == 0 {
				continue
			}
			in := cond{spec.table + ".id IN ?", []any{ids}}
			if spec.typeColumn != "" {
				in = allOf(in, cond{spec.table + "." + spec.typeColumn + " = ?", []any{string(k.Level)}})
			}
			byType = append(byType, in)
		}
		return anyOf(byType...)
	}
	list := func(ids []string, p string) ([]row, error) {
		if len(ids) == 0 {
			return nil, invalid(p, "%s needs at least one id", p)
		}
		if len(ids) > maxValues {
			return nil, invalid(p, "%s has %d ids, more than %d", p, len(ids), maxValues)
		}
		out := make([]row, len(ids))
		for i, id := range ids {
			r, err := decode(id, p+"."+strconv.Itoa(i))
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	var conds []cond
	if f.Eq != nil {
		r, err := decode(*f.Eq, path+".eq")
		if err != nil {
			return cond{}, err
		}
		conds = append(conds, match([]row{r}))
	}
	if f.In != nil {
		rows, err := list(f.In, path+".in")
		if err != nil {
			return cond{}, err
		}
		conds = append(conds, match(rows))
	}
	if f.NotIn != nil {
		rows, err := list(f.NotIn, path+".notIn")
		if err != nil {
			return cond{}, err
		}
		conds = append(conds, not(match(rows)))
	}
	return allOf(conds...), nil
}

var stringFilter = reflect.TypeFor[model.StringFilter]()

// operators compiles an operator input (StringFilter, IntFilter, an enum filter, ...) on column.
// They all share field names, so one function reads them all.
func (c *compiler) operators(column string, v reflect.Value, path string) (cond, error) {
	text := v.Type() == stringFilter
	return allOfSet(v, func(op string, fv reflect.Value) (cond, error) {
		return c.s.operator(column, op, fv, path+"."+op, text)
	})
}

var comparisons = map[string]string{"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}

// operator compiles one operator. text says the operand is free text (a StringFilter), which
// compares exactly, as written: on MySQL, whose utf8mb4_unicode_ci collation would ignore case,
// trailing spaces and the width of brackets, the comparison is also made on the bytes.
func (s *Store) operator(column, op string, v reflect.Value, path string, text bool) (cond, error) {
	if err := checkText(v, path); err != nil {
		return cond{}, err
	}
	exact := text && s.dialect == MySQL
	if sqlOp, ok := comparisons[op]; ok {
		c := cond{column + " " + sqlOp + " ?", []any{sqlValue(v)}}
		if exact {
			c = bytesToo(c, column, sqlOp, sqlValue(v))
		}
		return c, nil
	}
	switch op {
	case "in", "notIn":
		if v.Len() == 0 {
			return cond{}, invalid(path, "%s needs at least one value", path)
		}
		if v.Len() > maxValues {
			return cond{}, invalid(path, "%s has %d values, more than %d", path, v.Len(), maxValues)
		}
		vals := make([]any, v.Len())
		for i := range vals {
			vals[i] = sqlValue(v.Index(i))
		}
		sqlOp := "IN"
		if op == "notIn" {
			sqlOp = "NOT IN"
		}
		c := cond{column + " " + sqlOp + " ?", []any{vals}}
		if exact {
			c = bytesToo(c, column, sqlOp, vals)
		}
		return c, nil
	case "contains":
		return cond{s.like(column), []any{"%" + escapeLike(v.Elem().String()) + "%"}}, nil
	case "startsWith":
		return cond{s.like(column), []any{escapeLike(v.Elem().String()) + "%"}}, nil
	case "isNull":
		return nullCheck(column, v.Elem().Bool()), nil
	}
	return cond{}, fmt.Errorf("operator %s is not supported", op)
}

// checkText refuses a text operand (or a list of them) longer than maxText characters.
func checkText(v reflect.Value, path string) error {
	if v.Kind() == reflect.Slice {
		for i := range v.Len() {
			if err := checkText(v.Index(i), path+"."+strconv.Itoa(i)); err != nil {
				return err
			}
		}
		return nil
	}
	if t, ok := sqlValue(v).(string); ok {
		if n := utf8.RuneCountInString(t); n > maxText {
			return invalid(path, "%s is %d characters long, more than %d", path, n, maxText)
		}
	}
	return nil
}

// bytesToo adds to a text comparison the same comparison on the column's bytes. The collated
// comparison stays for equality, where an index can serve it; the byte comparison decides.
func bytesToo(c cond, column, sqlOp string, v any) cond {
	exact := cond{"CAST(" + column + " AS BINARY) " + sqlOp + " ?", []any{v}}
	if sqlOp == "=" || sqlOp == "IN" {
		return allOf(c, exact)
	}
	return exact
}

// like is a LIKE on column that ignores the case of Latin letters and matches everything else
// as written, on both databases (SQLite's LIKE does that already; MySQL's collation would also
// equate full- and half-width forms).
func (s *Store) like(column string) string {
	if s.dialect == MySQL {
		return "LOWER(" + column + ") LIKE LOWER(?) COLLATE utf8mb4_bin ESCAPE '!'"
	}
	return column + " LIKE ? ESCAPE '!'"
}

// escapeLike makes text match literally inside a LIKE pattern with ESCAPE '!' (a character that
// needs no escaping in either database's string syntax).
func escapeLike(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

// sqlValue turns a scalar input (a string, an enum, a Decimal, a PartialDate, an int) into the
// plain value its column holds.
func sqlValue(v reflect.Value) any {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Bool:
		return v.Bool()
	}
	return v.Interface()
}

func isUnset(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Interface, reflect.Map:
		return v.IsNil()
	}
	return false
}

// graphQLName is the GraphQL name of a generated input field, from its json tag.
func graphQLName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

func invalid(path, format string, a ...any) error {
	return apperr.New(apperr.InvalidArgument, path, format, a...)
}
