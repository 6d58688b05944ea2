package store

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/model"
)

// partition is the part of a connection's scope that names its parent (a county's townships,
// a township's projects). It is kept apart from the rest of the scope so that the same
// connection under many parents (the townships of every county on a page) is read in one
// statement: a window function numbers each parent's rows and counts them.
type partition struct {
	expr     string // SQL expression of a row's parent, such as "regions.parent_id" or "pr.county_id"
	join     string // a join that expr needs, or ""
	sides    []side // set instead of expr and join when a row can belong to a parent in two ways
	value    int64  // this connection's parent
	parent   string // the table of the parent row, whose family is read together; "" if unknown
	fallback cond   // the same condition for one parent, for queries that cannot be batched
	// perParent reads each parent's first rows by an arm of their own (of one UNION ALL) instead
	// of numbering all the parents' rows: for parents with many rows each, such as the projects
	// under every province, found through an indexed expr.
	perParent bool
}

// side is one way a row belongs to a parent, for rows that can belong to it in either of two
// (a pairing's helper or helped party): expr and join as in partition, and a condition of its own.
type side struct {
	expr, join string
	where      cond
}

// either partitions by the parent on either side; a row with the same parent on both sides
// counts once.
func either(parent string, value int64, fallback cond, sides ...side) *partition {
	return &partition{sides: sides, value: value, parent: parent, fallback: fallback}
}

// key tells apart partitions of different shapes, for batching.
func (p *partition) key() string {
	k := p.expr + "|" + p.join
	for _, sd := range p.sides {
		k += fmt.Sprintf("|%s|%s|%s|%#v", sd.expr, sd.join, sd.where.sql, sd.where.args)
	}
	return k
}

// source returns the FROM clause (without FROM), the parent expression and the condition that
// keeps the rows of the given parents. For sides, the FROM clause is a derived table that lists
// each row once per parent it belongs to, with the parents inside it where indexes can use them.
func (p *partition) source(table string, parents []int64) (from cond, expr string, in cond) {
	if len(p.sides) == 0 {
		return cond{table + " " + p.join, nil}, p.expr, cond{p.expr + " IN ?", []any{parents}}
	}
	var arms []string
	var args []any
	for _, sd := range p.sides {
		c := allOf(cond{sd.expr + " IN ?", []any{parents}}, sd.where)
		arms = append(arms, "SELECT "+table+".id AS aidgraph_sid, "+sd.expr+" AS aidgraph_part FROM "+table+" "+sd.join+whereClause(c))
		args = append(args, c.args...)
	}
	// UNION, not UNION ALL: a row with the parent on both sides is listed once.
	sql := "(" + strings.Join(arms, " UNION ") + ") aidgraph_sides JOIN " + table + " ON " + table + ".id = aidgraph_sides.aidgraph_sid"
	return cond{sql, args}, "aidgraph_sides.aidgraph_part", cond{}
}

// column partitions by a column that holds the id of a row of parent.
func column(expr, parent string, value int64) *partition {
	return &partition{expr: expr, value: value, parent: parent, fallback: cond{expr + " = ?", []any{value}}}
}

// within partitions by region: the rows whose column names the region itself, or any region
// under it, found through the ancestor column of the region's level.
func (w *Within) partition(col string) *partition {
	if !w.Descendants {
		return column(col, "regions", w.Region.RowID)
	}
	ancestor := "pr." + levelColumn(w.Region.Level)
	return &partition{expr: ancestor, join: "JOIN regions pr ON pr.id = " + col, value: w.Region.RowID,
		parent: "regions", fallback: w.on(col)}
}

// The levels whose ancestor a row of a table with ancestors keeps a copy of (see
// ancestorTables): the rows under a region at any of them are an index range on one
// column, so the first rows under each of many large regions (the projects of every province)
// are a short read per region.
var ancestorLevels = []model.RegionLevel{model.RegionLevelProvince, model.RegionLevelCity,
	model.RegionLevelCounty, model.RegionLevelTownship}

// under partitions the rows of table by region: through the copy of the ancestor at the
// region's level when the rows under it are asked for and the table keeps one, each parent's
// first rows read apart (see partition.perParent); else as Within.partition does.
func (w *Within) under(table string) *partition {
	col := table + ".region_id"
	if !w.Descendants || !slices.Contains(ancestorLevels, w.Region.Level) || !hasAncestors(table) {
		return w.partition(col)
	}
	p := column(table+"."+levelColumn(w.Region.Level), "regions", w.Region.RowID)
	p.perParent = true
	return p
}

// either partitions by region on either of two columns: the rows whose first or second column
// names a region inside w.
func (w *Within) either(first, second string) *partition {
	a, b := w.partition(first), w.partition(second)
	return either("regions", w.Region.RowID, anyOf(a.fallback, b.fallback),
		side{expr: a.expr, join: a.join}, side{expr: b.expr, join: b.join})
}

// levelColumn names the ancestor column of a level.
func levelColumn(l model.RegionLevel) string {
	switch l {
	case model.RegionLevelProvince:
		return "province_id"
	case model.RegionLevelCity:
		return "city_id"
	case model.RegionLevelCounty:
		return "county_id"
	case model.RegionLevelTownship:
		return "township_id"
	default:
		return "village_id"
	}
}

// scoped builds a scope from fixed conditions, at most one of which becomes the partition.
type scoped struct {
	where []cond
	part  *partition
}

func (b *scoped) and(c cond) *scoped { b.where = append(b.where, c); return b }

func (b *scoped) by(p *partition) *scoped {
	if b.part == nil {
		b.part = p
	} else {
		b.where = append(b.where, p.fallback)
	}
	return b
}

// windowStatement numbers the rows of all the parents in one window, and keeps each parent's
// first w.Limit: not one more, as a page read alone does to learn whether more follow, since
// each parent's count (which the window computes anyway) tells that, and the row that would
// tell it costs the database a lookup of the whole row by its key, and the server its scan.
// (A page of none still reads each parent's first row, which carries the parent's count.)
func windowStatement(sc *scope, cols string, ord ordering, w paging.Window, parents []int64) (string, []any) {
	table := sc.spec.table
	from, expr, in := sc.part.source(table, parents)
	where := allOf(in, sc.where)
	args := append(append(slices.Clip(from.args), where.args...), max(w.Limit, 1))
	// The window numbers ids only, and the rows are joined on afterwards: a derived table
	// of whole rows would carry their TEXT columns, which MariaDB cannot keep in an
	// in-memory temporary table (Q1's projects statement took 2.5 ms that way, 1.1 ms this way).
	inner := "SELECT " + table + ".id AS aidgraph_id, " + expr + " AS aidgraph_part, " +
		"ROW_NUMBER() OVER (PARTITION BY " + expr + " ORDER BY " + ord.orderBy(table, w.Backward) + ") AS aidgraph_rn, " +
		"COUNT(*) OVER (PARTITION BY " + expr + ") AS aidgraph_total " +
		"FROM " + from.sql + whereClause(where)
	return "SELECT " + cols + ", ranked.aidgraph_part, ranked.aidgraph_rn, ranked.aidgraph_total FROM (" + inner + ") ranked " +
		"JOIN " + table + " ON " + table + ".id = ranked.aidgraph_id WHERE ranked.aidgraph_rn <= ? ORDER BY ranked.aidgraph_part, ranked.aidgraph_rn", args
}

// Bounds on one per-parent statement: SQLite allows 500 arms in a compound SELECT and 32,766
// variables in a statement, and each arm spends its filter's values on them (twice when it
// counts; a filter holds at most MaxFilterValues).
const (
	perParentChunk     = 100
	perParentVariables = 30000
)

// perParentChunkFor is how many parents one per-parent statement over sc may read.
func perParentChunkFor(sc *scope) int {
	w := placeholders(sc.where.args)
	perArm := 3 + w // the parent, its condition, the filter, the limit
	if !sc.uncounted {
		perArm += 1 + w // the count repeats the condition and the filter
	}
	return max(1, min(perParentChunk, perParentVariables/perArm))
}

// placeholders counts the variables args take once slices are expanded into lists.
func placeholders(args []any) int {
	n := 0
	for _, a := range args {
		if v := reflect.ValueOf(a); v.Kind() == reflect.Slice && v.Type().Elem().Kind() != reflect.Uint8 {
			n += v.Len()
		} else {
			n++
		}
	}
	return n
}

// perParentStatement reads each parent's first rows, and its count if asked for, with an arm of
// its own, an index range when the parent expression is indexed, and leaves the ranks to the
// caller.
func perParentStatement(sc *scope, cols string, ord ordering, w paging.Window, parents []int64) (string, []any) {
	table, order := sc.spec.table, ord.orderBy(sc.spec.table, w.Backward)
	var arms []string
	var args []any
	for i, p := range parents {
		c := allOf(cond{sc.part.expr + " = ?", []any{p}}, sc.where)
		args = append(args, p)
		// Counting reads every row under the parent (0.15 s for the projects of 31 provinces):
		// only when the client asked.
		total := "0"
		if !sc.uncounted {
			total = "(SELECT COUNT(*) FROM " + table + whereClause(c) + ")"
			args = append(args, c.args...)
		}
		arms = append(arms, fmt.Sprintf("SELECT * FROM (SELECT %[1]s.id AS aidgraph_id, ? AS aidgraph_part, "+
			"%[2]s AS aidgraph_total FROM %[1]s%[3]s ORDER BY %[4]s LIMIT ?) aidgraph_arm%[5]d",
			table, total, whereClause(c), order, i))
		args = append(append(args, c.args...), w.Limit+1)
	}
	return "SELECT " + cols + ", arms.aidgraph_part, arms.aidgraph_total FROM (" + strings.Join(arms, " UNION ALL ") +
		") arms JOIN " + table + " ON " + table + ".id = arms.aidgraph_id ORDER BY arms.aidgraph_part, " + order, args
}
