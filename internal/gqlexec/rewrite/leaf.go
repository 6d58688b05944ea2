package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/aidgraph/aidgraph/internal/gqlexec"
	"github.com/aidgraph/aidgraph/model"
)

// Executor is what the rewrite needs to know of the whole generated package to tell which
// fields gqlexec.Leaf may resolve.
type Executor struct {
	// scalarContexts are the fieldContext_T_f functions of scalar and enum fields: leaves,
	// whose values nothing below reads the field's context of.
	scalarContexts map[string]bool
	// contextMarshalers are the marshal functions that may report an error through the field's
	// context when the value is written, which Leaf does not build: those that call
	// graphql.WrapContextMarshaler (Float's NaN), those that call
	// graphql.AddInvalidNullFromMarshaler after a marshaller that may write null, and those
	// that call any of these (a list's marshaller calls its items').
	contextMarshalers map[string]bool
}

// neverNull are the scalar marshallers that always write a value, never graphql.Null (each
// returns a graphql.WriterFunc, whatever its argument). gqlgen's marshaller of a non-null field
// checks such a value for null and reports it through the field's context
// (graphql.AddInvalidNullFromMarshaler): after one of these that never happens, so Leaf may
// call it without the context. After any other marshaller, the field keeps
// graphql.ResolveField. Each entry writes a sample, which the tests check is not null.
var neverNull = map[string]func() graphql.Marshaler{
	"graphql.MarshalString":  func() graphql.Marshaler { return graphql.MarshalString("") },
	"graphql.MarshalID":      func() graphql.Marshaler { return graphql.MarshalID("") },
	"graphql.MarshalInt":     func() graphql.Marshaler { return graphql.MarshalInt(0) },
	"graphql.MarshalBoolean": func() graphql.Marshaler { return graphql.MarshalBoolean(false) },
	"model.MarshalInt64":     func() graphql.Marshaler { return model.MarshalInt64(0) },
	"gqlexec.MarshalString":  func() graphql.Marshaler { return gqlexec.MarshalString("") },
}

// Survey reads the generated package's files (names and their sources, in the same order).
func Survey(names []string, srcs [][]byte) (*Executor, error) {
	ex := &Executor{scalarContexts: map[string]bool{}, contextMarshalers: map[string]bool{}}
	calls := map[string][]string{} // the ec.marshal… functions each marshal function calls
	fset := token.NewFileSet()
	for i, name := range names {
		f, err := parser.ParseFile(fset, name, srcs[i], 0)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			name := fn.Name.Name
			switch {
			case strings.HasPrefix(name, "fieldContext_") && returnsCall(fn.Body, "graphql", "NewScalarFieldContext"):
				ex.scalarContexts[name] = true
			case strings.HasPrefix(name, "marshal"):
				if callsAnywhere(fn.Body, "graphql", "WrapContextMarshaler") || reportsNull(fn.Body) {
					ex.contextMarshalers[name] = true
				}
				calls[name] = marshalCalls(fn.Body)
			}
		}
	}
	// What calls a marshaller that reports through the context reports through it too.
	for changed := true; changed; {
		changed = false
		for name, callees := range calls {
			for _, c := range callees {
				if ex.contextMarshalers[c] && !ex.contextMarshalers[name] {
					ex.contextMarshalers[name], changed = true, true
				}
			}
		}
	}
	return ex, nil
}

// reportsNull reports whether body may call graphql.AddInvalidNullFromMarshaler: it calls it,
// and the value it checks (res := pkg.F(v)) does not come from a marshaller of neverNull.
func reportsNull(body *ast.BlockStmt) bool {
	if !callsAnywhere(body, "graphql", "AddInvalidNullFromMarshaler") {
		return false
	}
	for _, st := range body.List {
		as, ok := st.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !isIdent(as.Lhs[0], "res") {
			continue
		}
		if call, ok := as.Rhs[0].(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && neverNull[pkg.Name+"."+sel.Sel.Name] != nil {
					return false
				}
			}
		}
	}
	return true
}

// marshalCalls returns the ec.marshal… functions that body calls.
func marshalCalls(body *ast.BlockStmt) []string {
	var names []string
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if name := methodOf(call, "ec"); strings.HasPrefix(name, "marshal") {
				names = append(names, name)
			}
		}
		return true
	})
	return names
}

// isLeaf reports whether call is gqlgen resolving a scalar or enum field by reading a struct
// field of obj, or calling a method of obj without arguments, with a marshaller that needs no
// field context:
//
//	graphql.ResolveField(ctx, ec.OperationContext, field,
//		func(ctx, field) (*graphql.FieldContext, error) { return ec.fieldContext_T_f(ctx, field) },
//		func(ctx) (any, error) { return obj.X, nil },   // or obj.X()
//		nil,
//		func(ctx, selections, v V) graphql.Marshaler { return ec.marshalM(ctx, selections, v) },
//		recover, nonNull)
//
// where fieldContext_T_f is a scalar's, marshalM reports nothing through the field's context
// (not contextMarshalers),
// and either V is not a pointer or marshalM is a nullable field's (marshalO…), which writes
// null for nil without an error.
func (ex *Executor) isLeaf(call *ast.CallExpr) bool {
	if !isCall(call, "graphql", "ResolveField") || len(call.Args) != 9 {
		return false
	}
	fc, ok := onlyCall(call.Args[3])
	if !ok || !ex.scalarContexts[methodOf(fc, "ec")] {
		return false
	}
	if readsOf(call.Args[4]) == notRead || !isIdent(call.Args[5], "nil") {
		return false
	}
	marshal, ok := call.Args[6].(*ast.FuncLit)
	if !ok || len(marshal.Type.Params.List) != 3 {
		return false
	}
	m, ok := onlyCall(marshal)
	name := methodOf(m, "ec")
	if !ok || name == "" || ex.contextMarshalers[name] {
		return false
	}
	_, pointer := marshal.Type.Params.List[2].Type.(*ast.StarExpr)
	return !pointer || strings.HasPrefix(name, "marshalO")
}

// toLeaf makes graphql.ResolveField(ctx, oc, field, fc, func(ctx) (any, error) { return obj.X,
// nil }, nil, marshal, recover, nonNull), call, into gqlexec.Leaf(ctx, oc, field, fc, obj.X,
// marshal, recover, nonNull); for obj.X(), into gqlexec.LeafOf(..., func() V { return obj.X()
// }, ...). It returns which of the two it made.
func toLeaf(call *ast.CallExpr) swapKind {
	value := call.Args[4].(*ast.FuncLit).Body.List[0].(*ast.ReturnStmt).Results[0]
	call.Fun = selector("gqlexec", "Leaf")
	kind := swapLeaf
	if readsOf(call.Args[4]) == method {
		kind = swapLeafOf
		v := call.Args[6].(*ast.FuncLit).Type.Params.List[2].Type
		call.Fun = selector("gqlexec", "LeafOf")
		value = &ast.FuncLit{
			Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: v}}}},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{value}}}},
		}
	}
	call.Args = []ast.Expr{call.Args[0], call.Args[1], call.Args[2], call.Args[3], value, call.Args[6], call.Args[7], call.Args[8]}
	return kind
}

// onlyCall returns the call that a function literal's single statement returns.
func onlyCall(e ast.Expr) (*ast.CallExpr, bool) {
	lit, ok := e.(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return nil, false
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil, false
	}
	call, ok := ret.Results[0].(*ast.CallExpr)
	return call, ok
}

// How a resolver func literal reads the value of a field.
const (
	notRead     = iota
	structField // func(ctx context.Context) (any, error) { return obj.X, nil }
	method      // func(ctx context.Context) (any, error) { return obj.X(), nil }, no arguments
)

// readsOf tells how e, the resolver argument of graphql.ResolveField, reads its value.
func readsOf(e ast.Expr) int {
	lit, ok := e.(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return notRead
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 2 || !isIdent(ret.Results[1], "nil") {
		return notRead
	}
	v := ret.Results[0]
	if call, ok := v.(*ast.CallExpr); ok && len(call.Args) == 0 {
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && isIdent(sel.X, "obj") {
			return method
		}
		return notRead
	}
	if sel, ok := v.(*ast.SelectorExpr); ok && isIdent(sel.X, "obj") {
		return structField
	}
	return notRead
}

// methodOf returns name for a call recv.name(...), or "".
func methodOf(call *ast.CallExpr, recv string) string {
	if call == nil {
		return ""
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !isIdent(sel.X, recv) {
		return ""
	}
	return sel.Sel.Name
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// returnsCall reports whether body is a single return of pkg.name(...).
func returnsCall(body *ast.BlockStmt, pkg, name string) bool {
	if len(body.List) != 1 {
		return false
	}
	ret, ok := body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return false
	}
	call, ok := ret.Results[0].(*ast.CallExpr)
	return ok && isCall(call, pkg, name)
}

// callsAnywhere reports whether body calls pkg.name anywhere.
func callsAnywhere(body *ast.BlockStmt, pkg, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && isCall(call, pkg, name) {
			found = true
		}
		return !found
	})
	return found
}
