package graph

// Turning a field's arguments and selection into what the store is asked.

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/store"
)

// list gathers a connection field's arguments for the store, and whether it asks for totalCount.
func list[F, O any](ctx context.Context, filter *F, orderBy []*O, first *int, after *string, last *int, before *string) store.List[F, O] {
	return store.List[F, O]{Filter: filter, OrderBy: orderBy, Page: paging.Args{First: first, After: after, Last: last, Before: before},
		Uncounted: !asks(graphql.GetFieldContext(ctx).Field.Selections, "totalCount")}
}

// asks tells whether a selection set selects the field name, directly or through fragments. It
// walks the document rather than collecting the fields (graphql.CollectAllFields), which
// allocates for every connection of every parent. A field that @skip or @include would leave
// out counts as asked for: it costs a count, never a wrong answer.
func asks(set ast.SelectionSet, name string) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == name {
				return true
			}
		case *ast.InlineFragment:
			if asks(s.SelectionSet, name) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && asks(s.Definition.SelectionSet, name) {
				return true
			}
		}
	}
	return false
}

// projectColumns names the columns of projects that each field of Project reads (nil: the id
// alone, which every row carries). A field missing here reads them all.
var projectColumns = map[string][]string{
	"__typename": nil, "id": nil, "figures": nil,
	"version": {"version"}, "name": {"name"}, "nameEn": {"name_en"}, "description": {"description"},
	"category": {"category"}, "program": {"program_id"}, "status": {"status"},
	"budgetYuan": {"budget_yuan"}, "funder": {"funder_region_id"}, "region": {"region_id"},
	"startDate": {"start_date"}, "endDate": {"end_date"}, "quote": {"quote"}, "source": {"source_id"},
}

// nodeColumns returns the columns that the nodes of the current connection field read, by
// the columns each of their fields reads (byField), so that a nested page selects no others:
// the fields under nodes and edges { node }, through fragments. Nil when a field has no entry
// in byField (all columns are read then). A field that @skip or @include would leave out
// counts as asked for.
func nodeColumns(ctx context.Context, byField map[string][]string) []string {
	cols := []string{}
	var nodes func(set ast.SelectionSet, connection bool) bool // false: a field not in byField
	nodes = func(set ast.SelectionSet, connection bool) bool {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				switch {
				case connection && s.Name == "nodes":
					if !nodes(s.SelectionSet, false) {
						return false
					}
				case connection && s.Name == "edges":
					for _, e := range s.SelectionSet {
						if f, ok := e.(*ast.Field); ok && f.Name == "node" {
							if !nodes(f.SelectionSet, false) {
								return false
							}
						} else if !ok {
							return false // a fragment on the edge: read everything
						}
					}
				case connection:
				default:
					c, ok := byField[s.Name]
					if !ok {
						return false
					}
					for _, col := range c {
						if !slices.Contains(cols, col) {
							cols = append(cols, col)
						}
					}
				}
			case *ast.InlineFragment:
				if !nodes(s.SelectionSet, connection) {
					return false
				}
			case *ast.FragmentSpread:
				if s.Definition == nil || !nodes(s.Definition.SelectionSet, connection) {
					return false
				}
			}
		}
		return true
	}
	if !nodes(graphql.GetFieldContext(ctx).Field.Selections, true) {
		return nil
	}
	slices.Sort(cols)
	return cols
}

// measures tells the store which optional aggregate measures the current field's selection
// asks for, so that it computes no more than that.
func measures(ctx context.Context) store.Measures {
	return store.Measures{Dates: selects(graphql.GetOperationContext(ctx), graphql.CollectFieldsCtx(ctx, nil), "startDate", "endDate")}
}

// selects tells whether any of names is selected at any depth under fields.
func selects(oc *graphql.OperationContext, fields []graphql.CollectedField, names ...string) bool {
	for _, f := range fields {
		if slices.Contains(names, f.Name) || selects(oc, graphql.CollectFields(oc, f.Selections, nil), names...) {
			return true
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }
