package api_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/graph/generated"
)

// graphqlCall is a graphql() call of the TypeScript client's with its document.
var graphqlCall = regexp.MustCompile("(?s)graphql\\(`(.*?)`\\)")

// TestExamplesSelectID requires every query of README.md and examples/ to select id on every
// object that has one: normalising caches (Apollo Client, urql's Graphcache) key objects by
// __typename and id, and readers copy these queries. Each selection of a field is checked for
// each type it may be: of an interface or a union, for every member with an id.
func TestExamplesSelectID(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	docs := map[string]string{}
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if filepath.Base(f) == "schema.graphql" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs["examples/"+filepath.Base(f)] = string(b)
	}
	// The TypeScript client's own operations, in graphql() calls.
	sources, err := filepath.Glob(filepath.Join("..", "..", "examples", "typescript", "src", "*.ts"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range sources {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range graphqlCall.FindAllStringSubmatch(string(b), -1) {
			docs[fmt.Sprintf("examples/typescript/src/%s call %d", filepath.Base(f), i+1)] = m[1]
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range graphqlBlock.FindAllStringSubmatch(string(readme), -1) {
		docs[fmt.Sprintf("README.md example %d", i+1)] = b[1]
	}
	if len(docs) < 14 {
		t.Fatalf("%d queries found in README.md and examples/, want at least 14", len(docs))
	}
	for name, src := range docs {
		doc, errs := gqlparser.LoadQuery(schema, src)
		if len(errs) > 0 {
			t.Errorf("%s does not validate: %v", name, errs)
			continue
		}
		for _, op := range doc.Operations {
			for _, miss := range missingIDs(schema, op.SelectionSet, op.Name) {
				t.Errorf("%s: %s", name, miss)
			}
		}
	}
}

// missingIDs lists the fields under set, at any depth, whose selection lacks id for a type
// that has one.
func missingIDs(schema *ast.Schema, set ast.SelectionSet, path string) []string {
	var out []string
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if len(s.SelectionSet) == 0 {
				continue
			}
			at := path + "." + s.Alias
			var lacking []string
			for _, p := range schema.GetPossibleTypes(schema.Types[s.Definition.Type.Name()]) {
				if p.Kind == ast.Object && p.Fields.ForName("id") != nil && !selectsID(schema, s.SelectionSet, p) {
					lacking = append(lacking, p.Name)
				}
			}
			if len(lacking) > 0 {
				slices.Sort(lacking)
				out = append(out, fmt.Sprintf("%s selects no id (for %s)", strings.TrimPrefix(at, "."), strings.Join(lacking, ", ")))
			}
			out = append(out, missingIDs(schema, s.SelectionSet, at)...)
		case *ast.InlineFragment:
			out = append(out, missingIDs(schema, s.SelectionSet, path)...)
		case *ast.FragmentSpread:
			out = append(out, missingIDs(schema, s.Definition.SelectionSet, path)...)
		}
	}
	return out
}

// selectsID tells whether set, applied to an object of type p, selects its id as id.
func selectsID(schema *ast.Schema, set ast.SelectionSet, p *ast.Definition) bool {
	applies := func(cond string) bool {
		return cond == "" || slices.Contains(schema.GetPossibleTypes(schema.Types[cond]), p)
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "id" && s.Alias == "id" {
				return true
			}
		case *ast.InlineFragment:
			if applies(s.TypeCondition) && selectsID(schema, s.SelectionSet, p) {
				return true
			}
		case *ast.FragmentSpread:
			if applies(s.Definition.TypeCondition) && selectsID(schema, s.Definition.SelectionSet, p) {
				return true
			}
		}
	}
	return false
}
