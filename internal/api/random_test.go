package api_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/graph/generated"
	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// TestRandomQueriesStayWithinTheirCost generates queries from the schema at random (fields,
// page sizes, nesting) and runs them: each one the limits accept must cost no more statements
// and return no more objects than its estimated cost, and none may fail on the server's side.
func TestRandomQueriesStayWithinTheirCost(t *testing.T) {
	h := newHarness(t, store.SQLite)
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	rng := rand.New(rand.NewPCG(2026, 12))
	accepted, refused, unmergeable, worstStatements, worstObjects := 0, 0, 0, 0.0, 0.0
	for i := range 300 {
		g := &generator{schema: schema, rng: rng}
		q := "{ " + g.selection(schema.Query, 0) + " }"
		r := debugQuery(t, h.url, q)
		if len(r.Errors) > 0 && r.Data == nil {
			code := r.Errors[0].Extensions["code"]
			switch code {
			case "QUERY_TOO_COMPLEX", "QUERY_TOO_DEEP", "TOO_MANY_ALIASES", "TOO_MANY_ROOT_FIELDS":
				refused++
				continue // refused before it ran
			case "GRAPHQL_VALIDATION_FAILED":
				unmergeable++
				continue // fields the generator asked twice in ways GraphQL cannot merge
			}
		}
		for _, e := range r.Errors {
			if c := e.Extensions["code"]; c == "INTERNAL_SERVER_ERROR" || c == "GRAPHQL_PARSE_FAILED" {
				t.Fatalf("query %d: %s (%v)\n%s", i, e.Message, c, q)
			}
		}
		accepted++
		cost := r.Extensions.Cost.Estimated
		if r.Extensions.SQL.Statements > cost {
			t.Errorf("query %d ran %d statements, more than its cost %d:\n%s", i, r.Extensions.SQL.Statements, cost, q)
		}
		n := objects(r.Data)
		if n > cost {
			t.Errorf("query %d returned %d objects, more than its cost %d:\n%s", i, n, cost, q)
		}
		worstStatements = max(worstStatements, float64(r.Extensions.SQL.Statements)/float64(cost))
		worstObjects = max(worstObjects, float64(n)/float64(cost))
	}
	t.Logf("%d accepted, %d refused, %d unmergeable; at most %.2f statements and %.2f objects per point of cost",
		accepted, refused, unmergeable, worstStatements, worstObjects)
	if accepted < 100 {
		t.Errorf("only %d of 300 random queries were accepted: the generator asks too much", accepted)
	}
}

type debugResponse struct {
	Data       json.RawMessage
	Errors     []gqlError
	Extensions struct {
		Cost api.Cost
		SQL  struct{ Statements int }
	}
}

func debugQuery(t *testing.T, url, q string) debugResponse {
	t.Helper()
	status, _, raw := send(t, url, map[string]any{"query": q}, map[string]string{api.DebugHeader: "sql"})
	if status >= 500 {
		t.Fatalf("HTTP %d: %s\n%s", status, raw, q)
	}
	var r debugResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	if string(r.Data) == "null" {
		r.Data = nil
	}
	return r
}

// objects counts the JSON objects in v, the root aside: the rows a response holds.
func objects(raw json.RawMessage) int {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return 0
	}
	var count func(any) int
	count = func(v any) int {
		n := 0
		switch x := v.(type) {
		case map[string]any:
			n++
			for _, e := range x {
				n += count(e)
			}
		case []any:
			for _, e := range x {
				n += count(e)
			}
		}
		return n
	}
	return count(v) - 1
}

// generator writes random selections over the schema.
type generator struct {
	schema *ast.Schema
	rng    *rand.Rand
}

const maxGenDepth = 6

func (g *generator) selection(def *ast.Definition, depth int) string {
	var parts []string
	fields := g.usable(def)
	if def.Kind == ast.Interface || def.Kind == ast.Union || len(fields) == 0 {
		parts = append(parts, "__typename")
		for _, p := range g.schema.GetPossibleTypes(def) {
			if g.rng.IntN(3) == 0 {
				parts = append(parts, "... on "+p.Name+" { "+g.selection(p, depth+1)+" }")
			}
		}
		if def.Kind == ast.Union || len(fields) == 0 {
			return strings.Join(parts, " ")
		}
	}
	for _, i := range g.rng.Perm(len(fields))[:min(len(fields), 1+g.rng.IntN(4))] {
		f := fields[i]
		elem := g.schema.Types[f.Type.Name()]
		args, ok := g.arguments(f)
		if !ok {
			continue
		}
		if elem.Kind == ast.Scalar || elem.Kind == ast.Enum {
			parts = append(parts, f.Name+args)
			continue
		}
		if depth >= maxGenDepth {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s%s { %s }", f.Name, args, g.selection(elem, depth+1)))
	}
	if len(parts) == 0 {
		parts = append(parts, "__typename")
	}
	return strings.Join(parts, " ")
}

func (g *generator) usable(def *ast.Definition) ast.FieldList {
	var out ast.FieldList
	for _, f := range def.Fields {
		if !strings.HasPrefix(f.Name, "__") {
			out = append(out, f)
		}
	}
	return out
}

// arguments gives a field random page sizes and the required arguments it needs, or false for
// a required argument the generator cannot fill.
func (g *generator) arguments(f *ast.FieldDefinition) (string, bool) {
	var args []string
	for _, a := range f.Arguments {
		switch {
		case a.Name == "first" && g.rng.IntN(2) == 0:
			args = append(args, fmt.Sprintf("first: %d", []int{0, 1, 2, 5, 20, 100}[g.rng.IntN(6)]))
		case a.Type.NonNull && a.DefaultValue == nil:
			v, ok := map[string]string{
				"code": `"411224"`, "text": `"县"`, "by": "[CATEGORY]",
				"id":  fmt.Sprintf("%q", gid.Encode(model.TypeCounty, 4)),
				"ids": fmt.Sprintf("[%q, %q]", gid.Encode(model.TypeCounty, 4), gid.Encode(model.TypeProgram, 1)),
			}[a.Name]
			if !ok {
				return "", false
			}
			args = append(args, a.Name+": "+v)
		}
	}
	if len(args) == 0 {
		return "", true
	}
	return "(" + strings.Join(args, ", ") + ")", true
}
