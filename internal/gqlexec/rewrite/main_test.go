package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

const template = `package generated

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

func (ec *executionContext) _Thing(ctx context.Context, sel ast.SelectionSet, obj *Thing) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, thingImplementors)
	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	_ = deferred
	if out.Invalids > 0 {
		return graphql.Null
	}
	return out
}

func (ec *executionContext) fieldContext_Township_projects(ctx context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	if fc.Args, err = ec.field_Township_projects_args(ctx, field.ArgumentMap(ec.Variables)); err != nil {
		return fc, err
	}
	return fc, nil
}

func (ec *executionContext) _Thing_name(ctx context.Context, field graphql.CollectedField, obj *Thing) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_Thing_name(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Name, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v VALUE) graphql.Marshaler {
			return ec.MARSHAL(ctx, selections, v)
		},
		true,
		true,
	)
}

func (ec *executionContext) fieldContext_Thing_name(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("Thing", field, false, false, "String")
}

func (ec *executionContext) marshalNFloat2float64(ctx context.Context, sel ast.SelectionSet, v float64) graphql.Marshaler {
	return graphql.WrapContextMarshaler(ctx, graphql.MarshalFloatContext(v))
}

func (ec *executionContext) marshalNString2string(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalString(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "String!")
	}
	return res
}

func (ec *executionContext) marshalNMoney2int64(ctx context.Context, sel ast.SelectionSet, v int64) graphql.Marshaler {
	_ = sel
	res := model.MarshalMoney(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "Money!")
	}
	return res
}

func (ec *executionContext) marshalNMoney2ᚕint64ᚄ(ctx context.Context, sel ast.SelectionSet, v []int64) graphql.Marshaler {
	ret := make(graphql.Array, len(v))
	for i := range v {
		ret[i] = ec.marshalNMoney2int64(ctx, sel, v[i])
	}
	return ret
}

func (ec *executionContext) marshalThings(ctx context.Context, sel ast.SelectionSet, v []*Thing) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		return ec._Thing(ctx, sel, v[i])
	})
	return ret
}
`

// generated is template with the leaf's value type and marshaller filled in.
var generated = leafOf("string", "marshalNString2string")

func leafOf(value, marshal string) string {
	return strings.NewReplacer("VALUE", value, "MARSHAL", marshal).Replace(template)
}

func TestRewrite(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		calls    int
		want     []string // in the output
		wantNone []string // not in the output
		fails    bool
	}{
		{"every call", generated, 6,
			[]string{`gqlexec.NewDeferredGroup(ctx, fields)`, `gqlexec.MarshalSlice(ctx, len(v), 0, false,`,
				`return gqlexec.Object(fields, out)`,
				`return gqlexec.Leaf(`, `obj.Name,`,
				`gqlexec.Args(ctx, "Township_projects", field, func() (map[string]any, error) {`,
				`return ec.field_Township_projects_args(ctx, field.ArgumentMap(ec.Variables))`,
				`res := gqlexec.MarshalString(v)`, `"github.com/aidgraph/aidgraph/internal/gqlexec"`},
			[]string{`graphql.NewDeferredGroup`, `graphql.MarshalSliceConcurrently`, `fc.Args, err = ec.field_`, "return out\n",
				`graphql.MarshalString`}, false},
		{"nothing to rewrite", "package generated\n\nfunc f() {}\n", 0, nil, []string{"gqlexec"}, false},
		// Null for nil without an error: a nullable field's marshaller.
		{"a nullable pointer", leafOf("*string", "marshalOString2ᚖstring"), 6, []string{`return gqlexec.Leaf(`}, nil, false},
		// A non-null field's marshaller reports nil through the field's context.
		{"a non-null pointer", leafOf("*string", "marshalNString2ᚖstring"), 5, nil, []string{`gqlexec.Leaf`}, false},
		{"a marshaller that reports through the context", leafOf("float64", "marshalNFloat2float64"), 5, nil, []string{`gqlexec.Leaf`}, false},
		// A non-null field's marshaller reports a null that its scalar's marshaller may write.
		{"a marshaller that reports a null", leafOf("int64", "marshalNMoney2int64"), 5, nil, []string{`gqlexec.Leaf`}, false},
		{"a list of those", leafOf("[]int64", "marshalNMoney2ᚕint64ᚄ"), 5, nil, []string{`gqlexec.Leaf`}, false},
		{"a method", strings.Replace(generated, "return obj.Name, nil", "return obj.Name(), nil", 1), 6,
			[]string{`return gqlexec.LeafOf(`, "func() string {\n\t\t\treturn obj.Name()\n\t\t}"}, nil, false},
		{"a method with arguments", strings.Replace(generated, "return obj.Name, nil", "return obj.Name(ctx), nil", 1), 5,
			nil, []string{`gqlexec.Leaf`}, false},
		{"an object, not a scalar", strings.Replace(generated, "return graphql.NewScalarFieldContext(", "return newObjectContext(", 1), 5,
			nil, []string{`gqlexec.Leaf`}, false},
		{"field middleware (a directive)", strings.Replace(generated, "\t\tnil,\n\t\tfunc(ctx context.Context, selections", "\t\tec.directives,\n\t\tfunc(ctx context.Context, selections", 1), 5,
			nil, []string{`gqlexec.Leaf`}, false},
		{"a group without fields", strings.Replace(generated, "fields := ", "fs := ", 1), 0, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex, err := Survey([]string{"x.go"}, [][]byte{[]byte(tt.src)})
			if err != nil {
				t.Fatal(err)
			}
			out, n, err := Rewrite("x.go", []byte(tt.src), ex)
			if tt.fails {
				if err == nil {
					t.Fatal("rewrote a deferred group with no fields in scope")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n.Total() != tt.calls {
				t.Errorf("%d calls rewritten, want %d", n.Total(), tt.calls)
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
			again, m, err := Rewrite("x.go", out, ex)
			if err != nil || string(again) != string(out) || m != n {
				t.Errorf("a second run changed the file or its count (%d, %v)", m, err)
			}
		})
	}
}

// TestGeneratedIsRewritten checks the committed executor: every list, deferred group,
// field's arguments and plain scalar go through gqlexec, and running the rewrite again would
// change nothing.
func TestGeneratedIsRewritten(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("..", "..", "..", "graph", "generated", "*.go"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no generated files (%v)", err)
	}
	srcs := make([][]byte, len(names))
	for i, name := range names {
		if srcs[i], err = os.ReadFile(name); err != nil {
			t.Fatal(err)
		}
	}
	ex, err := Survey(names, srcs)
	if err != nil {
		t.Fatal(err)
	}
	var total Counts
	for i, name := range names {
		out, n, err := Rewrite(name, srcs[i], ex)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		total.Add(n)
		if string(out) != string(srcs[i]) {
			t.Errorf("%s: not rewritten: run go generate ./...", name)
		}
	}
	if err := total.Check(); err != nil {
		t.Error(err)
	}
}

// TestASwapThatStopsMatchingFails runs the rewrite over a copy of the committed executor in
// which one swap's pattern no longer matches, as after a gqlgen upgrade that renamed a helper
// or changed a call's shape: the rewrite must fail, naming that swap, and only that one.
func TestASwapThatStopsMatchingFails(t *testing.T) {
	generated := filepath.Join("..", "..", "..", "graph", "generated")
	if err := rewriteDir(copyDir(t, generated)); err != nil {
		t.Fatalf("the committed executor: %v", err)
	}
	tests := []struct {
		swap    string
		renames []string // old, new, ...
	}{
		{"MarshalSlice", []string{"gqlexec.MarshalSlice(", "graphql.MarshalSliceInParallel("}},
		{"NewDeferredGroup", []string{"gqlexec.NewDeferredGroup(ctx, fields)", "graphql.NewDeferredGroupV2(ctx)"}},
		// gqlgen computes arguments another way: field.ArgumentMap no longer passed.
		{"Args", []string{"gqlexec.Args(", "argsOnce(", "field.ArgumentMap(", "field.Arguments("}},
		// A plain scalar resolved by another helper than graphql.ResolveField.
		{"Leaf", []string{"gqlexec.Leaf(", "graphql.ResolveLeaf("}},
		{"LeafOf", []string{"gqlexec.LeafOf(", "graphql.ResolveLeafOf("}},
		// The field set made by another constructor than graphql.NewFieldSet.
		{"Object", []string{"gqlexec.Object(fields, out)", "out", "graphql.NewFieldSet(", "graphql.NewFields("}},
	}
	for _, tt := range tests {
		t.Run(tt.swap, func(t *testing.T) {
			dir := copyDir(t, generated, tt.renames...)
			err := rewriteDir(dir)
			if err == nil {
				t.Fatal("the rewrite succeeded")
			}
			if !strings.Contains(err.Error(), "swap "+tt.swap+" found") {
				t.Errorf("the error does not name swap %s: %v", tt.swap, err)
			}
			if strings.Count(err.Error(), "swap ") != 1 {
				t.Errorf("the error names other swaps than %s: %v", tt.swap, err)
			}
		})
	}
}

// copyDir copies the .go files of dir into a temporary directory, with renames (old, new, ...)
// made in each, and returns that directory.
func copyDir(t *testing.T, dir string, renames ...string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no files in %s (%v)", dir, err)
	}
	out := t.TempDir()
	r := strings.NewReplacer(renames...)
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, filepath.Base(name)), []byte(r.Replace(string(src))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestNeverNullWritesAValue checks the marshallers after which the rewrite takes a non-null
// field's null report for dead code.
func TestNeverNullWritesAValue(t *testing.T) {
	for name, sample := range neverNull {
		if sample() == graphql.Null {
			t.Errorf("%s wrote null", name)
		}
	}
}
