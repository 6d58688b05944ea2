package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const generated = `package generated

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

func (ec *executionContext) _Thing(ctx context.Context, sel ast.SelectionSet, obj *Thing) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, thingImplementors)
	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	_ = deferred
	return out
}

func (ec *executionContext) fieldContext_Township_projects(ctx context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	if fc.Args, err = ec.field_Township_projects_args(ctx, field.ArgumentMap(ec.Variables)); err != nil {
		return fc, err
	}
	return fc, nil
}

func (ec *executionContext) marshalThings(ctx context.Context, sel ast.SelectionSet, v []*Thing) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		return ec._Thing(ctx, sel, v[i])
	})
	return ret
}
`

func TestRewrite(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		calls    int
		want     []string // in the output
		wantNone []string // not in the output
		fails    bool
	}{
		{"every call", generated, 3,
			[]string{`gqlexec.NewDeferredGroup(ctx, fields)`, `gqlexec.MarshalSlice(ctx, len(v), 0, false,`,
				`gqlexec.Args(ctx, "Township_projects", field, func() (map[string]any, error) {`,
				`return ec.field_Township_projects_args(ctx, field.ArgumentMap(ec.Variables))`,
				`"github.com/aidgraph/aidgraph/internal/gqlexec"`},
			[]string{`graphql.NewDeferredGroup`, `graphql.MarshalSliceConcurrently`, `fc.Args, err = ec.field_`}, false},
		{"nothing to rewrite", "package generated\n\nfunc f() {}\n", 0, nil, []string{"gqlexec"}, false},
		{"a group without fields", strings.Replace(generated, "fields := ", "fs := ", 1), 0, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, n, err := Rewrite("x.go", []byte(tt.src))
			if tt.fails {
				if err == nil {
					t.Fatal("rewrote a deferred group with no fields in scope")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.calls {
				t.Errorf("%d calls rewritten, want %d", n, tt.calls)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("no %q in\n%s", w, out)
				}
			}
			for _, w := range tt.wantNone {
				if strings.Contains(string(out), w) {
					t.Errorf("%q left in\n%s", w, out)
				}
			}
			again, m, err := Rewrite("x.go", out)
			if err != nil || string(again) != string(out) || m != n {
				t.Errorf("a second run changed the file or its count (%d, %v)", m, err)
			}
		})
	}
}

// TestGeneratedIsRewritten checks the committed executor: every list, deferred group and
// field's arguments go through gqlexec, and running the rewrite again would change nothing.
func TestGeneratedIsRewritten(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "graph", "generated", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no generated files (%v)", err)
	}
	total := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out, n, err := Rewrite(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		total += n
		if string(out) != string(src) {
			t.Errorf("%s: not rewritten: run go generate ./...", name)
		}
	}
	if total == 0 {
		t.Error("no gqlexec call in the generated executor")
	}
}
