package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/ratelimit"
	"github.com/aidgraph/aidgraph/model"
)

// Limits bound what one operation may ask, before any resolver runs. Each is refused with a
// code of its own, the figure and the limit in extensions.
type Limits struct {
	// MaxCost bounds the operation's estimated cost (see cost).
	MaxCost int
	// MaxDepth bounds how deep fields nest: the introspection query GraphiQL sends nests 13 deep.
	MaxDepth int
	// MaxAliases bounds the fields given another name (a: region(...) b: region(...)).
	MaxAliases int
	// MaxRootFields bounds the fields at the top of the operation: each starts work of its own.
	MaxRootFields int
	// MaxDirectives bounds the directives (@include, @skip) the operation applies.
	MaxDirectives int
}

// DefaultLimits suit the front ends: the README's examples, the benchmark queries, a dashboard's
// nested pages and the playground's introspection pass well inside them.
var DefaultLimits = Limits{MaxCost: DefaultMaxCost, MaxDepth: 20, MaxAliases: 30, MaxRootFields: 30, MaxDirectives: 50}

// DefaultMaxCost is the largest estimated cost an operation may have unless configured.
const DefaultMaxCost = 100000

// StatementCost is what a field that starts SQL of its own costs beyond its one: a root field,
// a nested connection's page, a count, an aggregate. A field that reads a linked row (a
// project's funder) joins its siblings' batch and costs one.
const StatementCost = 10

// CostExtension names the response extension that reports an operation's cost.
const CostExtension = "cost"

// Cost is what the response's extensions.cost says of the operation.
type Cost struct {
	Estimated int `json:"estimated"`
	Limit     int `json:"limit"`
}

// costLimit estimates each operation before it runs and refuses one past any limit; it reports
// the estimate in every response, and answers with the estimate alone, running nothing, when
// the request's extensions hold {"estimateCost": true}.
type costLimit struct {
	Limits
	pageSize int
	rate     ratelimit.Limiter // charged with each operation's cost; nil for none
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
} = costLimit{}

func (costLimit) ExtensionName() string                   { return "CostLimit" }
func (costLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (c costLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if n := rootFields(oc, c.MaxRootFields); n > c.MaxRootFields {
		return refusal(apperr.TooManyRootFields, fmt.Sprintf("the query asks for %d root fields, more than %d", n, c.MaxRootFields), "rootFields", n, c.MaxRootFields)
	}
	w := &costWalk{limits: c, oc: oc}
	w.selection(oc.Operation.SelectionSet, 1, 1, true)
	noteOperation(ctx, oc.Operation, w.cost)
	if w.refusal != nil {
		return w.refusal
	}
	oc.Stats.SetExtension(CostExtension, &Cost{Estimated: w.cost, Limit: c.MaxCost})
	if estimateOnly(oc) {
		return nil // an estimate runs nothing, and costs nothing
	}
	return charge(ctx, c.rate, w.cost)
}

// InterceptOperation answers a request for the estimate alone without running it.
func (costLimit) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if estimateOnly(oc) {
		return graphql.OneShot(&graphql.Response{Data: json.RawMessage("null"),
			Extensions: map[string]any{CostExtension: oc.Stats.GetExtension(CostExtension)}})
	}
	return next(ctx)
}

func estimateOnly(oc *graphql.OperationContext) bool {
	v, _ := oc.Extensions["estimateCost"].(bool)
	return v
}

// InterceptResponse reports the estimate in the response's extensions.
func (costLimit) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || !graphql.HasOperationContext(ctx) {
		return resp
	}
	if cost, ok := graphql.GetOperationContext(ctx).Stats.GetExtension(CostExtension).(*Cost); ok {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions[CostExtension] = cost
	}
	return resp
}

// costWalk estimates an operation: every field at every depth costs one, and one more
// StatementCost if it starts SQL of its own, each time it may be resolved: once per item of the
// lists above it (a connection's first or last, or a full page without them; a list's ids).
// A connection's nodes and edges repeat per item of its page; its totalCount, pageInfo and
// aggregate once per connection. Fragments count in full wherever they are spread. The walk
// stops at the first limit passed, so a huge query costs little to refuse.
type costWalk struct {
	limits                       costLimit
	oc                           *graphql.OperationContext
	cost, aliases, directives, n int
	refusal                      *gqlerror.Error
}

// maxVisits bounds the selections the walk visits, whatever they cost: fragments spread within
// fragments could otherwise make it visit exponentially many.
const maxVisits = 100000

// selection walks a selection set at depth, each of whose fields is resolved times times.
func (w *costWalk) selection(set ast.SelectionSet, depth, times int, root bool) {
	for _, sel := range set {
		if w.refusal != nil {
			return
		}
		if w.n++; w.n > maxVisits {
			w.refuse(apperr.TooComplex, "the query is too large to estimate", "visits", w.n, maxVisits)
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			w.field(s, depth, times, root)
		case *ast.InlineFragment:
			w.countDirectives(s.Directives)
			w.selection(s.SelectionSet, depth, times, root)
		case *ast.FragmentSpread:
			w.countDirectives(s.Directives)
			if f := w.oc.Doc.Fragments.ForName(s.Name); f != nil {
				w.selection(f.SelectionSet, depth, times, root)
			}
		}
	}
}

func (w *costWalk) field(f *ast.Field, depth, times int, root bool) {
	l := w.limits.Limits
	if depth > l.MaxDepth {
		w.refuse(apperr.TooDeep, fmt.Sprintf("the query nests fields more than %d deep", l.MaxDepth), "depth", depth, l.MaxDepth)
		return
	}
	if f.Alias != "" && f.Alias != f.Name {
		if w.aliases++; w.aliases > l.MaxAliases {
			w.refuse(apperr.TooManyAliases, fmt.Sprintf("the query uses more than %d aliases", l.MaxAliases), "aliases", w.aliases, l.MaxAliases)
			return
		}
	}
	w.countDirectives(f.Directives)
	self := 1
	if startsSQL(f, root) {
		self += StatementCost
	}
	w.add(times, self)
	if w.refusal != nil || len(f.SelectionSet) == 0 {
		return
	}
	items := w.limits.items(w.oc, f)
	if connection(f) {
		// nodes and edges repeat per item of the page; the rest once per connection.
		for _, sel := range f.SelectionSet {
			perItem := 1
			if sf, ok := sel.(*ast.Field); ok && (sf.Name == "nodes" || sf.Name == "edges") {
				perItem = items
			}
			w.selection(ast.SelectionSet{sel}, depth+1, mul(times, perItem), false)
		}
		return
	}
	w.selection(f.SelectionSet, depth+1, mul(times, items), false)
}

// add charges n times cost, refusing past the limit.
func (w *costWalk) add(times, cost int) {
	w.cost = min(w.cost+mul(times, cost), 1<<40)
	if w.cost > w.limits.MaxCost {
		w.refuse(apperr.TooComplex, fmt.Sprintf("the query could return too much (cost %d or more, limit %d): "+
			"ask for smaller pages (first/last) or fewer nested lists", w.cost, w.limits.MaxCost), "cost", w.cost, w.limits.MaxCost)
	}
}

func (w *costWalk) countDirectives(ds ast.DirectiveList) {
	w.directives += len(ds)
	if l := w.limits.MaxDirectives; w.directives > l && w.refusal == nil {
		w.refuse(apperr.TooManyDirectives, fmt.Sprintf("the query applies more than %d directives", l), "directives", w.directives, l)
	}
}

func (w *costWalk) refuse(code apperr.Code, msg, figure string, n, limit int) {
	w.refusal = refusal(code, msg, figure, n, limit)
}

// refusal is the error that refuses an operation: its code, and the figure that passed the limit.
func refusal(code apperr.Code, msg, figure string, n, limit int) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": string(code), figure: n, "limit": limit}}
}

// rootFields counts the fields at the top of the operation, through fragments. A quick count
// of the fields as written (which may name one twice) settles most operations; past the limit,
// gqlgen's collection counts them as they will be answered.
func rootFields(oc *graphql.OperationContext, limit int) int {
	if n := writtenFields(oc, oc.Operation.SelectionSet, map[string]bool{}); n <= limit {
		return n
	}
	return len(graphql.CollectFields(oc, oc.Operation.SelectionSet, nil))
}

// writtenFields counts the fields of set as written, each fragment once, as the specification's
// CollectFields visits them (so a fragment spread twice costs no second visit).
func writtenFields(oc *graphql.OperationContext, set ast.SelectionSet, visited map[string]bool) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			n++
		case *ast.InlineFragment:
			n += writtenFields(oc, s.SelectionSet, visited)
		case *ast.FragmentSpread:
			if f := oc.Doc.Fragments.ForName(s.Name); f != nil && !visited[s.Name] {
				visited[s.Name] = true
				n += writtenFields(oc, f.SelectionSet, visited)
			}
		}
	}
	return n
}

// mul multiplies two counts without overflowing: anything past 2^40 is far past every limit.
func mul(a, b int) int {
	if a != 0 && b > (1<<40)/a {
		return 1 << 40
	}
	return a * b
}

// connection tells whether f returns a connection.
func connection(f *ast.Field) bool {
	return f.Definition != nil && f.Definition.Type != nil && strings.HasSuffix(f.Definition.Type.Name(), "Connection")
}

// startsSQL tells whether resolving f costs a statement of its own: a root field, a page of a
// connection, a count or an aggregate.
func startsSQL(f *ast.Field, root bool) bool {
	if strings.HasPrefix(f.Name, "__") {
		return false
	}
	switch f.Name {
	case "totalCount", "aggregate", "groups":
		return true
	}
	return root || connection(f)
}

// items is how many times a field's selection may repeat: its first, last or ids argument,
// or the default page size for a connection or another list.
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
	switch {
	case connection(f):
		return c.pageSize
	case f.Name == "nodes" || f.Name == "edges":
		return 1 // a connection's page, counted by the connection
	case f.Definition != nil && f.Definition.Type != nil && strings.HasPrefix(f.Definition.Type.Name(), "__"):
		return 1 // introspection: the schema, of a fixed size, read from memory
	case f.Definition != nil && f.Definition.Type != nil && f.Definition.Type.Elem != nil:
		// A list without page arguments: ancestors holds the regions above one (at most one per
		// level above a village); any other is bounded by a page.
		if f.Name == "ancestors" {
			return len(model.RegionKinds()) - 1
		}
		return c.pageSize
	}
	return 1
}
