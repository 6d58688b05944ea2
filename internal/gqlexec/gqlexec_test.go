package gqlexec_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/internal/gqlexec"
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
