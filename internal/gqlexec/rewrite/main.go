// Command rewrite finishes gqlgen's generated executor: in every Go file of the directory it is
// given, it swaps gqlgen's concurrent list marshalling, eager deferred groups, per-object
// argument parsing, per-field resolution of plain scalars, object writing and string writing
// for package gqlexec's (see there for why). go generate runs it right after gqlgen:
//
//	go run ../internal/gqlexec/rewrite ./generated
//
// It changes nothing else, and fails if any swap of the table swaps finds fewer calls than its
// minimum: then gqlgen has changed what it generates, and this step must be looked at again
// rather than silently do less.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

const gqlexecPath = "github.com/aidgraph/aidgraph/internal/gqlexec"

// A swap is one kind of call the rewrite replaces.
type swapKind int

const (
	swapSlice    swapKind = iota // graphql.MarshalSliceConcurrently -> gqlexec.MarshalSlice
	swapDeferred                 // graphql.NewDeferredGroup -> gqlexec.NewDeferredGroup
	swapArgs                     // ec.field_T_f_args(...) -> gqlexec.Args
	swapLeaf                     // graphql.ResolveField of a struct field -> gqlexec.Leaf
	swapLeafOf                   // graphql.ResolveField of a method -> gqlexec.LeafOf
	swapObject                   // return out -> return gqlexec.Object(fields, out)
	swapString                   // graphql.MarshalString, graphql.MarshalID -> gqlexec.MarshalString
	numSwaps
)

// swaps names each swap and the fewest calls it must find in aidgraph's executor (calls swapped
// before count). The minimums are what the schema gives, rounded down a little, so that
// removing a field or two needs no change here while a pattern that stops matching (gqlgen
// renamed a helper or changed a call's shape) fails go generate and TestGeneratedIsRewritten.
// Lower one only when the schema really has fewer such fields.
var swaps = [numSwaps]struct {
	name string
	min  int
}{
	swapSlice:    {"MarshalSlice", 55},
	swapDeferred: {"NewDeferredGroup", 60},
	swapArgs:     {"Args", 80},
	swapLeaf:     {"Leaf", 130},
	swapLeafOf:   {"LeafOf", 25},
	swapObject:   {"Object", 60},
	swapString:   {"MarshalString", 60},
}

// Counts is how many calls of each swap a rewrite found.
type Counts [numSwaps]int

// Add adds c's counts to n's.
func (n *Counts) Add(c Counts) {
	for i := range n {
		n[i] += c[i]
	}
}

// Total is how many calls were found, of every swap.
func (n Counts) Total() int {
	t := 0
	for _, c := range n {
		t += c
	}
	return t
}

// Check fails for every swap that found fewer calls than its minimum, naming it.
func (n Counts) Check() error {
	var errs []error
	for i, s := range swaps {
		if n[i] < s.min {
			errs = append(errs, fmt.Errorf("swap %s found %d calls, want at least %d: has gqlgen changed what it generates?", s.name, n[i], s.min))
		}
	}
	return errors.Join(errs...)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rewrite DIR")
		os.Exit(2)
	}
	if err := rewriteDir(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "rewrite:", err)
		os.Exit(1)
	}
}

// rewriteDir rewrites every .go file of dir in place.
func rewriteDir(dir string) error {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	srcs := make([][]byte, len(names))
	for i, name := range names {
		if srcs[i], err = os.ReadFile(name); err != nil {
			return err
		}
	}
	ex, err := Survey(names, srcs)
	if err != nil {
		return err
	}
	var total Counts
	for i, name := range names {
		out, n, err := Rewrite(name, srcs[i], ex)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		total.Add(n)
		if n.Total() > 0 && !bytes.Equal(out, srcs[i]) {
			if err := os.WriteFile(name, out, 0o644); err != nil {
				return err
			}
		}
	}
	if err := total.Check(); err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	return nil
}

// Rewrite returns src with the calls swapped, and how many of each it swapped (already-swapped
// calls count, so that running it twice changes nothing and still succeeds).
func Rewrite(name string, src []byte, ex *Executor) ([]byte, Counts, error) {
	var n Counts
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, n, err
	}
	for _, decl := range f.Decls {
		if fn, ok := decl.(*ast.FuncDecl); ok && fn.Body != nil {
			if err := rewriteFunc(fn, ex, &n); err != nil {
				return nil, n, fmt.Errorf("%s: %w", fn.Name.Name, err)
			}
			n[swapObject] += wrapObject(fn)
		}
	}
	if n.Total() == 0 {
		return src, n, nil
	}
	astutil.AddImport(fset, f, gqlexecPath)
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, n, errors.Join(errors.New("formatting the rewritten file"), err)
	}
	return buf.Bytes(), n, nil
}

// rewriteFunc swaps the calls in fn's body, and counts them into n.
func rewriteFunc(fn *ast.FuncDecl, ex *Executor, n *Counts) (err error) {
	ast.Inspect(fn.Body, func(node ast.Node) bool {
		call, ok := node.(*ast.CallExpr)
		if !ok || err != nil {
			return err == nil
		}
		kind, found, descend, e := swap(fn, call, ex)
		if found {
			n[kind]++
		}
		err = e
		return descend && err == nil
	})
	return err
}

// wrapObject makes fn, an object's marshaller, return gqlexec.Object(fields, out) where it
// returns out, the field set it resolved: gqlgen's generated marshallers build it with
// out := graphql.NewFieldSet(fields). It returns how many it found, those wrapped before
// included.
func wrapObject(fn *ast.FuncDecl) int {
	if !assigns(fn.Body, "out", "graphql", "NewFieldSet") {
		return 0
	}
	n := 0
	ast.Inspect(fn.Body, func(node ast.Node) bool {
		ret, ok := node.(*ast.ReturnStmt)
		if !ok || len(ret.Results) != 1 {
			return true
		}
		switch r := ret.Results[0].(type) {
		case *ast.Ident:
			if r.Name == "out" {
				// At out's position, so that the comments around it stay where they were.
				at := func(name string) *ast.Ident { return &ast.Ident{Name: name, NamePos: r.Pos()} }
				ret.Results[0] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: at("gqlexec"), Sel: at("Object")},
					Lparen: r.Pos(), Args: []ast.Expr{at("fields"), r}, Rparen: r.End()}
				n++
			}
		case *ast.CallExpr:
			if isCall(r, "gqlexec", "Object") {
				n++
			}
		}
		return true
	})
	return n
}

// assigns reports whether body has name := pkg.fun(...).
func assigns(body *ast.BlockStmt, name, pkg, fun string) bool {
	for _, st := range body.List {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !isIdent(as.Lhs[0], name) {
			continue
		}
		if call, ok := as.Rhs[0].(*ast.CallExpr); ok && isCall(call, pkg, fun) {
			return true
		}
	}
	return false
}

// swap rewrites call in place if it is one of gqlgen's calls that gqlexec replaces. It reports
// which swap call is, whether it is one (swapped now or before), and whether to look inside it.
func swap(fn *ast.FuncDecl, call *ast.CallExpr, ex *Executor) (kind swapKind, found, descend bool, err error) {
	switch {
	case ex.isLeaf(call):
		return toLeaf(call), true, false, nil
	case isCall(call, "gqlexec", "Leaf"):
		return swapLeaf, true, false, nil
	case isCall(call, "gqlexec", "LeafOf"):
		return swapLeafOf, true, false, nil
	case isCall(call, "graphql", "MarshalString"), isCall(call, "graphql", "MarshalID"):
		call.Fun = selector("gqlexec", "MarshalString")
		return swapString, true, true, nil
	case isCall(call, "gqlexec", "MarshalString"):
		return swapString, true, true, nil
	case isCall(call, "graphql", "MarshalSliceConcurrently"):
		call.Fun = selector("gqlexec", "MarshalSlice")
		return swapSlice, true, true, nil
	case isCall(call, "gqlexec", "MarshalSlice"):
		return swapSlice, true, true, nil
	case isCall(call, "graphql", "NewDeferredGroup"):
		// The group is built right after the object's fields are collected into fields.
		if !declares(fn.Body, "fields") {
			return swapDeferred, false, false, errors.New("NewDeferredGroup without fields in scope")
		}
		call.Fun = selector("gqlexec", "NewDeferredGroup")
		call.Args = append(call.Args, ast.NewIdent("fields"))
		return swapDeferred, true, true, nil
	case isCall(call, "gqlexec", "NewDeferredGroup"):
		return swapDeferred, true, true, nil
	case isArgsCall(call):
		toArgs(call)
		return swapArgs, true, false, nil // inside is the call just wrapped
	case isCall(call, "gqlexec", "Args"):
		return swapArgs, true, false, nil
	}
	return 0, false, true, nil
}

// toArgs makes ec.field_T_f_args(ctx, field.ArgumentMap(ec.Variables)), call, into
// gqlexec.Args(ctx, "T_f", field, func() (map[string]any, error) { return <that> }).
func toArgs(call *ast.CallExpr) {
	compute := computeFunc()
	inner := *call
	compute.Body.List = []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{&inner}}}
	typeField := &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(argsOf(call))}
	call.Fun = selector("gqlexec", "Args")
	call.Args = []ast.Expr{ast.NewIdent("ctx"), typeField, ast.NewIdent("field"), compute}
}

// isArgsCall reports whether call is ec.field_X_args(ctx, field.ArgumentMap(ec.Variables)), how
// gqlgen computes a field's arguments when it resolves the field on an object.
func isArgsCall(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !strings.HasPrefix(sel.Sel.Name, "field_") || !strings.HasSuffix(sel.Sel.Name, "_args") || len(call.Args) != 2 {
		return false
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "ec" {
		return false
	}
	arg, ok := call.Args[1].(*ast.CallExpr)
	return ok && isCall(arg, "field", "ArgumentMap")
}

// argsOf returns what names the field whose arguments an args call computes: the middle of
// gqlgen's function name, "Township_projects" for ec.field_Township_projects_args.
func argsOf(call *ast.CallExpr) string {
	return strings.TrimSuffix(strings.TrimPrefix(call.Fun.(*ast.SelectorExpr).Sel.Name, "field_"), "_args")
}

// computeFunc returns an empty func() (map[string]any, error) literal.
func computeFunc() *ast.FuncLit {
	e, err := parser.ParseExpr("func() (map[string]any, error) {}")
	if err != nil {
		panic(err)
	}
	return e.(*ast.FuncLit)
}

// isCall reports whether call is pkg.name(...).
func isCall(call *ast.CallExpr, pkg, name string) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg
}

func selector(pkg, name string) *ast.SelectorExpr {
	return &ast.SelectorExpr{X: ast.NewIdent(pkg), Sel: ast.NewIdent(name)}
}

// declares reports whether body assigns a variable called name with :=.
func declares(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(node ast.Node) bool {
		if as, ok := node.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
