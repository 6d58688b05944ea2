package gqlexec_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/internal/gqlexec"
	"github.com/aidgraph/aidgraph/model"
)

// request returns a context as the executor has it while resolving a list field.
func request() context.Context {
	ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{})
	ctx = graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "items"}}})
}

func marshalled(m graphql.Marshaler) string {
	var b bytes.Buffer
	m.MarshalGQL(&b)
	return b.String()
}

func TestMarshalSlice(t *testing.T) {
	tests := []struct {
		name       string
		length     int
		panicAt    int // -1: none
		omitPanic  bool
		want       string
		wantErrors []string // paths of the errors
	}{
		{"empty", 0, -1, false, `[]`, nil},
		{"one", 1, -1, false, `[0]`, nil},
		{"in order, each with its index", 4, -1, false, `[0,1,2,3]`, nil},
		{"a panic nulls its element only", 3, 1, false, `[0,null,2]`, []string{"items[1]"}},
		{"without the panic handler", 3, -1, true, `[0,1,2]`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := request()
			got := gqlexec.MarshalSlice(ctx, tt.length, 0, tt.omitPanic, func(ctx context.Context, i int) graphql.Marshaler {
				if i == tt.panicAt {
					panic("boom")
				}
				// Each element sees its own index, as the generated code's fc.Result relies on.
				return graphql.MarshalInt(*graphql.GetFieldContext(ctx).Index)
			})
			if s := marshalled(got); s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
			errs := graphql.GetErrors(ctx)
			if len(errs) != len(tt.wantErrors) {
				t.Fatalf("errors %v, want at %v", errs, tt.wantErrors)
			}
			for i, e := range errs {
				if e.Path.String() != tt.wantErrors[i] {
					t.Errorf("error at %s, want %s", e.Path, tt.wantErrors[i])
				}
			}
		})
	}
}

func TestNewDeferredGroup(t *testing.T) {
	ctx := request()
	plain := []graphql.CollectedField{{Field: &ast.Field{Name: "a"}}, {Field: &ast.Field{Name: "b"}}}
	if g := gqlexec.NewDeferredGroup(ctx, plain); g.FieldSet != nil || g.Defers != nil || g.Path != nil {
		t.Errorf("nothing deferred, but the group was built: %+v", g)
	}
	deferred := append(plain, graphql.CollectedField{Field: &ast.Field{Name: "c"}, Deferrables: []*graphql.Deferrable{{Label: "later"}}})
	g := gqlexec.NewDeferredGroup(ctx, deferred)
	if g.FieldSet == nil || g.Defers == nil || g.Path.String() != "items" {
		t.Errorf("a field is deferred, but the group is %+v", g)
	}
}

func TestArgs(t *testing.T) {
	a, b := &ast.Field{Name: "projects"}, &ast.Field{Name: "projects"}
	boom := errors.New("bad argument")
	type call struct {
		typeField string
		node      *ast.Field
		fail      bool
	}
	tests := []struct {
		name     string
		cached   bool
		calls    []call
		computes int
	}{
		{"one field on many objects: computed once", true, []call{{"Township_projects", a, false}, {"Township_projects", a, false}, {"Township_projects", a, false}}, 1},
		{"two nodes of one field: each its own", true, []call{{"Township_projects", a, false}, {"Township_projects", b, false}}, 2},
		// A fragment on an interface: one node, resolved on two types.
		{"one node on two types: each its own", true, []call{{"Township_projects", a, false}, {"County_projects", a, false}}, 2},
		{"an error is not kept", true, []call{{"Township_projects", a, true}, {"Township_projects", a, true}}, 2},
		{"without a cache: every time", false, []call{{"Township_projects", a, false}, {"Township_projects", a, false}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.cached {
				ctx = gqlexec.WithArgsCache(ctx)
			}
			computes := 0
			for _, c := range tt.calls {
				args, err := gqlexec.Args(ctx, c.typeField, graphql.CollectedField{Field: c.node}, func() (map[string]any, error) {
					computes++
					if c.fail {
						return nil, boom
					}
					return map[string]any{"of": c.typeField}, nil
				})
				if c.fail != (err != nil) {
					t.Fatalf("error %v", err)
				}
				if !c.fail && args["of"] != c.typeField {
					t.Errorf("%s got the arguments of %v", c.typeField, args["of"])
				}
			}
			if computes != tt.computes {
				t.Errorf("computed %d times, want %d", computes, tt.computes)
			}
		})
	}
}

func TestLeaf(t *testing.T) {
	name := graphql.CollectedField{Field: &ast.Field{Alias: "name", Name: "name"}}
	fieldContext := func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
		return graphql.NewScalarFieldContext("Project", field, false, false, "String")
	}
	tests := []struct {
		name      string
		marshal   func(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler
		want      string
		errorPath string // "": no error
	}{
		{"the value, marshalled", func(_ context.Context, _ ast.SelectionSet, v string) graphql.Marshaler {
			return graphql.MarshalString(v)
		}, `"卢氏县"`, ""},
		// As gqlgen reports it: null, and an error at the field's own path.
		{"a panic, as gqlgen reports it", func(context.Context, ast.SelectionSet, string) graphql.Marshaler {
			panic("boom")
		}, `null`, "items.name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := request()
			oc := graphql.GetOperationContext(ctx)
			oc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) }
			oc.RecoverFunc = func(_ context.Context, p any) error { return fmt.Errorf("panic: %v", p) }
			got := gqlexec.Leaf(ctx, oc, name, fieldContext, "卢氏县", tt.marshal, true, true)
			if s := marshalled(got); s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
			// The same through a method, with the panic in the method.
			value := func() string { return "卢氏县" }
			marshal := tt.marshal
			if tt.errorPath != "" {
				value = func() string { panic("boom") }
				marshal = func(_ context.Context, _ ast.SelectionSet, v string) graphql.Marshaler {
					return graphql.MarshalString(v)
				}
			}
			if s := marshalled(gqlexec.LeafOf(ctx, oc, name, fieldContext, value, marshal, true, true)); s != tt.want {
				t.Errorf("through a method: got %s, want %s", s, tt.want)
			}
			errs := graphql.GetErrors(ctx)
			switch {
			case tt.errorPath == "" && len(errs) > 0:
				t.Errorf("errors %v", errs)
			case tt.errorPath != "" && (len(errs) != 2 || errs[0].Path.String() != tt.errorPath || errs[1].Path.String() != tt.errorPath):
				t.Errorf("errors %v, want two (field, method) at %s", errs, tt.errorPath)
			}
		})
	}
}

// TestObject checks that Object writes what FieldSet.MarshalGQL writes, byte for byte.
func TestObject(t *testing.T) {
	field := func(alias string) graphql.CollectedField {
		return graphql.CollectedField{Field: &ast.Field{Alias: alias, Name: alias}}
	}
	tests := []struct {
		name   string
		fields []graphql.CollectedField
	}{
		{"no fields", nil},
		{"one", []graphql.CollectedField{field("name")}},
		{"several", []graphql.CollectedField{field("__typename"), field("id"), field("name"), field("budgetYuan")}},
		{"a repeated key: the first", []graphql.CollectedField{field("a"), field("b"), field("a"), field("c")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := graphql.NewFieldSet(tt.fields)
			for i := range tt.fields {
				set.Values[i] = graphql.MarshalString(fmt.Sprintf("值 %d \"%d\"", i, i))
			}
			want := marshalled(set)
			if got := marshalled(gqlexec.Object(tt.fields, set)); got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			// Into a writer that is not the executor's bytes.Buffer, and into one with
			// something written already.
			var sb strings.Builder
			gqlexec.Object(tt.fields, set).MarshalGQL(&sb)
			if sb.String() != want {
				t.Errorf("into a strings.Builder: got  %s\nwant %s", sb.String(), want)
			}
			buf := bytes.NewBufferString("[")
			gqlexec.Object(tt.fields, set).MarshalGQL(buf)
			if buf.String() != "["+want {
				t.Errorf("after a [: got  %s\nwant [%s", buf.String(), want)
			}
		})
	}
}

// fieldTracer is an extension that sees every field, as a tracer would.
type fieldTracer struct{}

func (fieldTracer) ExtensionName() string                   { return "tracer" }
func (fieldTracer) Validate(graphql.ExecutableSchema) error { return nil }
func (fieldTracer) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	return next(ctx)
}

// TestNoFieldMiddleware: Leaf skips field middleware, so a server that registers any is refused;
// middleware around operations, responses and root fields is fine.
func TestNoFieldMiddleware(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*handler.Server)
		fails bool
	}{
		{"none", func(*handler.Server) {}, false},
		{"around operations, responses and root fields", func(srv *handler.Server) {
			srv.Use(extension.Introspection{})
			srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler { return next(ctx) })
			srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response { return next(ctx) })
			srv.AroundRootFields(func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler { return next(ctx) })
		}, false},
		{"AroundFields", func(srv *handler.Server) {
			srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) })
		}, true},
		{"an extension that intercepts fields", func(srv *handler.Server) {
			srv.Use(extension.Introspection{})
			srv.Use(fieldTracer{})
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := handler.New(&graphql.ExecutableSchemaMock{})
			tt.setup(srv)
			err := gqlexec.NoFieldMiddleware(srv)
			if (err != nil) != tt.fails {
				t.Errorf("got %v, want an error: %v", err, tt.fails)
			}
		})
	}
}

// An enum's value, marshalled by Leaf, is written as the enum's own MarshalGQL writes it (see
// quickEnum), valid or not, by value or by pointer.
func TestLeafWritesEnumsAsGqlgen(t *testing.T) {
	var values []graphql.Marshaler
	for _, s := range model.AllProjectStatus {
		values = append(values, s, &s)
	}
	for _, c := range model.AllProjectCategory {
		values = append(values, c)
	}
	for _, l := range model.AllRegionLevel {
		values = append(values, l)
	}
	bad := model.ProjectStatus("not \"valid\" ✓")
	values = append(values, bad, &bad, model.ProjectCategory(""))
	for _, v := range values {
		got := gqlexec.Leaf(request(), &graphql.OperationContext{}, graphql.CollectedField{Field: &ast.Field{}}, nil, v,
			func(_ context.Context, _ ast.SelectionSet, v graphql.Marshaler) graphql.Marshaler { return v }, true, true)
		if want := marshalled(v); marshalled(got) != want {
			t.Errorf("%v: Leaf writes %s, the enum %s", v, marshalled(got), want)
		}
		var sb strings.Builder
		got.MarshalGQL(&sb)
		if want := marshalled(v); sb.String() != want {
			t.Errorf("%v: into a strings.Builder, Leaf writes %s, the enum %s", v, sb.String(), want)
		}
	}
}

// MarshalString writes what graphql.MarshalString writes, whatever the string.
func TestMarshalStringAsGqlgen(t *testing.T) {
	for _, s := range []string{"", "卢氏县", "plain name", `a "quoted" \ back`, "tab\tnew\nline\r\x00\x1f", "\xff\xfe invalid", "\u2028 \u2029 <>&", "é"} {
		want := marshalled(graphql.MarshalString(s))
		if got := marshalled(gqlexec.MarshalString(s)); got != want {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
		var sb strings.Builder
		gqlexec.MarshalString(s).MarshalGQL(&sb)
		if sb.String() != want {
			t.Errorf("%q into a strings.Builder: got %s, want %s", s, sb.String(), want)
		}
	}
}
