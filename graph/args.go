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

// nodeFields returns the names of the fields that the nodes of the current connection field
// ask for (under nodes and edges { node }, through fragments), for the store to read only their
// columns (store.List.Fields). Nil when a fragment on an edge could ask for anything: then every
// column is read. A field that @skip or @include would leave out counts as asked for.
func nodeFields(ctx context.Context) []string {
	fields := []string{}
	var walk func(set ast.SelectionSet, connection bool) bool // false: read every column
	walk = func(set ast.SelectionSet, connection bool) bool {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				switch {
				case connection && s.Name == "nodes":
					if !walk(s.SelectionSet, false) {
						return false
					}
				case connection && s.Name == "edges":
					for _, e := range s.SelectionSet {
						f, ok := e.(*ast.Field)
						if !ok {
							return false // a fragment on the edge
						}
						if f.Name == "node" && !walk(f.SelectionSet, false) {
							return false
						}
					}
				case !connection && !slices.Contains(fields, s.Name):
					fields = append(fields, s.Name)
				}
			case *ast.InlineFragment:
				if !walk(s.SelectionSet, connection) {
					return false
				}
			case *ast.FragmentSpread:
				if s.Definition == nil || !walk(s.Definition.SelectionSet, connection) {
					return false
				}
			}
		}
		return true
	}
	if !walk(graphql.GetFieldContext(ctx).Field.Selections, true) {
		return nil
	}
	slices.Sort(fields)
	return fields
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
