package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// Executor is what the rewrite needs to know of the whole generated package to tell which
// fields gqlexec.Leaf may resolve.
type Executor struct {
	// scalarContexts are the fieldContext_T_f functions of scalar and enum fields: leaves,
	// whose values nothing below reads the field's context of.
	scalarContexts map[string]bool
	// contextMarshalers are the marshal functions that report errors through the field's
	// context when the value is written (graphql.WrapContextMarshaler: Float's NaN).
	contextMarshalers map[string]bool
}

// Survey reads the generated package's files (names and their sources, in the same order).
func Survey(names []string, srcs [][]byte) (*Executor, error) {
	ex := &Executor{scalarContexts: map[string]bool{}, contextMarshalers: map[string]bool{}}
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
			case strings.HasPrefix(name, "marshal") && callsAnywhere(fn.Body, "graphql", "WrapContextMarshaler"):
				ex.contextMarshalers[name] = true
			}
		}
	}
	return ex, nil
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
// where fieldContext_T_f is a scalar's, marshalM reports nothing through the field's context,
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
// }, ...).
func toLeaf(call *ast.CallExpr) {
	value := call.Args[4].(*ast.FuncLit).Body.List[0].(*ast.ReturnStmt).Results[0]
	call.Fun = selector("gqlexec", "Leaf")
	if readsOf(call.Args[4]) == method {
		v := call.Args[6].(*ast.FuncLit).Type.Params.List[2].Type
		call.Fun = selector("gqlexec", "LeafOf")
		value = &ast.FuncLit{
			Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: v}}}},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{value}}}},
		}
	}
	call.Args = []ast.Expr{call.Args[0], call.Args[1], call.Args[2], call.Args[3], value, call.Args[6], call.Args[7], call.Args[8]}
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
