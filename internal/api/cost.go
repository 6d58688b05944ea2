package api

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// DefaultMaxCost is the largest estimated cost an operation may have unless configured.
const DefaultMaxCost = 100000

// costLimit refuses, before any resolver runs, an operation that could return too much: each
// field costs one, and everything under a list counts once per item it may hold (its first or
// last, or the default page for a connection without them). A county's 20 townships with 10
// projects each cost about 1,700; provinces → cities → counties → townships at 100 a level
// would cost over 100 million.
type costLimit struct {
	max, pageSize int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = costLimit{}

func (costLimit) ExtensionName() string                   { return "CostLimit" }
func (costLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (c costLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	cost := c.selection(oc, oc.Operation.SelectionSet, 0)
	if cost <= c.max {
		return nil
	}
	return &gqlerror.Error{
		Message: fmt.Sprintf("the query could return too much (cost %d, limit %d): "+
			"ask for smaller pages (first/last) or fewer nested lists", cost, c.max),
		Extensions: map[string]any{"code": string(apperr.TooComplex), "cost": cost, "limit": c.max},
	}
}

// selection is the cost of a selection set, counting fragments in full. It stops counting
// once past the limit, so a huge query costs little to reject.
func (c costLimit) selection(oc *graphql.OperationContext, set ast.SelectionSet, depth int) int {
	total := 0
	for _, sel := range set {
		if total > c.max || depth > 64 {
			return total
		}
		switch s := sel.(type) {
		case *ast.Field:
			total += 1 + c.items(oc, s)*c.selection(oc, s.SelectionSet, depth+1)
		case *ast.InlineFragment:
			total += c.selection(oc, s.SelectionSet, depth+1)
		case *ast.FragmentSpread:
			if f := oc.Doc.Fragments.ForName(s.Name); f != nil {
				total += c.selection(oc, f.SelectionSet, depth+1)
			}
		}
	}
	return total
}

// items is how many times a field's selection may repeat: its first, last or ids argument,
// or the default page size for a connection.
func (c costLimit) items(oc *graphql.OperationContext, f *ast.Field) int {
	args := f.ArgumentMap(oc.Variables)
	for _, name := range []string{"first", "last"} {
		if n, ok := args[name].(int64); ok && n >= 0 {
			return int(n)
		}
		if n, ok := args[name].(int); ok && n >= 0 {
			return n
		}
	}
	if ids, ok := args["ids"].([]any); ok {
		return len(ids)
	}
	if f.Definition != nil && f.Definition.Type != nil && strings.HasSuffix(f.Definition.Type.Name(), "Connection") {
		return c.pageSize
	}
	return 1
}
