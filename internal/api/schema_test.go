package api_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/graph/generated"
	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/model"
)

// TestSchemaIsDescribed checks that every type, field, argument and enum value of the schema
// carries a description: the playground is the journalists' documentation.
func TestSchemaIsDescribed(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for name, def := range schema.Types {
		if strings.HasPrefix(name, "__") || def.BuiltIn {
			continue
		}
		if strings.TrimSpace(def.Description) == "" {
			t.Errorf("type %s has no description", name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if strings.TrimSpace(f.Description) == "" {
				t.Errorf("field %s.%s has no description", name, f.Name)
			}
			for _, a := range f.Arguments {
				if strings.TrimSpace(a.Description) == "" {
					t.Errorf("argument %s.%s(%s) has no description", name, f.Name, a.Name)
				}
			}
		}
		if def.Kind == ast.Enum {
			for _, v := range def.EnumValues {
				if strings.TrimSpace(v.Description) == "" {
					t.Errorf("enum value %s.%s has no description", name, v.Name)
				}
			}
		}
	}
}

// TestSDLFileIsCurrent keeps the committed SDL file, which clients and code generators read,
// the schema the server serves: after a schema change, run `go run . schema > examples/schema.graphql`.
func TestSDLFileIsCurrent(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("..", "..", api.SDLPath))
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	api.WriteSDL(&got)
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%s is not the schema the server serves: run `go run . schema > %s`", api.SDLPath, api.SDLPath)
	}
}

// TestInt64DescriptionStatesTheBound holds the Int64 scalar's description to the bound its
// input is checked against (model.MaxSafeInteger): a client reads the bound there.
func TestInt64DescriptionStatesTheBound(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	desc := schema.Types["Int64"].Description
	if want := strconv.FormatInt(model.MaxSafeInteger, 10); !strings.Contains(desc, want) || !strings.Contains(desc, "2^53 − 1") {
		t.Errorf("Int64's description does not state the bound %s (2^53 − 1): %q", want, desc)
	}
}
