package gqlexec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/vektah/gqlparser/v2/ast"
)

// Leaf resolves a scalar or enum field that reads a struct field of its object (a project's
// name): it marshals the value at once, where graphql.ResolveField builds the field's context,
// boxes the value and hands it through the field middleware first, for each field of each
// object (a tenth of a nested read's CPU). The rewrite uses it only where that is exact: the
// value is a struct field (no resolver, so no error), and its marshaller writes the value, or
// null without an error for a nullable field, so that nothing needs the field's context; a
// panic all the same goes through graphql.ResolveField, which reports it as gqlgen would. What
// Leaf skips is field middleware (handler.Server.AroundFields): aidgraph registers none
// (NoFieldMiddleware refuses a server that does), and a middleware that must see every field
// needs Leaf taken out of the rewrite.
func Leaf[T any](ctx context.Context, oc *graphql.OperationContext, field graphql.CollectedField,
	initializeFieldContext func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error),
	v T, marshal func(ctx context.Context, sel ast.SelectionSet, v T) graphql.Marshaler,
	recoverFromPanic, nonNull bool) (ret graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			resolve := func(context.Context) (any, error) { return v, nil }
			ret = graphql.ResolveField(ctx, oc, field, initializeFieldContext, resolve, nil, marshal, recoverFromPanic, nonNull)
		}
	}()
	return quickEnum(marshal(ctx, field.Selections, v))
}

// LeafOf is Leaf for a value that a method of the object computes without a context or an
// error (a global id): the method runs inside, so that a panic in it is reported as gqlgen
// would report it too.
func LeafOf[T any](ctx context.Context, oc *graphql.OperationContext, field graphql.CollectedField,
	initializeFieldContext func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error),
	value func() T, marshal func(ctx context.Context, sel ast.SelectionSet, v T) graphql.Marshaler,
	recoverFromPanic, nonNull bool) (ret graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			resolve := func(context.Context) (any, error) { return value(), nil }
			ret = graphql.ResolveField(ctx, oc, field, initializeFieldContext, resolve, nil, marshal, recoverFromPanic, nonNull)
		}
	}()
	return quickEnum(marshal(ctx, field.Selections, value()))
}

// enum is what gqlgen generates for a schema's enum type (model.ProjectStatus).
type enum interface {
	graphql.Marshaler
	IsValid() bool
	String() string
}

// quickEnum returns an enum's value as a name, which writes what the enum's own MarshalGQL
// writes, or m itself if it is no valid enum value. gqlgen's MarshalGQL of an enum writes
// fmt.Fprint(w, strconv.Quote(value)): over a thousand instructions for "COMPLETED", for every
// project of a page. A valid value is one of the schema's, a GraphQL name (letters, digits and
// _), which strconv.Quote only puts in quotes.
func quickEnum(m graphql.Marshaler) graphql.Marshaler {
	switch m.(type) {
	case graphql.WriterFunc, plain: // most scalars: told apart at the cost of a compare
		return m
	}
	if e, ok := m.(enum); ok && e.IsValid() {
		return plain(e.String())
	}
	return m
}

// MarshalString is graphql.MarshalString, and graphql.MarshalID (which calls it), writing the
// same bytes: a string with nothing to escape, as most are, in one write. gqlgen's decodes it
// rune by rune and writes it in three io.WriteString calls or more, which cost 8 % of a nested
// page's instructions (its names and ids). gqlgen escapes only control characters, the quote
// and the backslash, and writes every other byte as it is, invalid UTF-8 too.
func MarshalString(s string) graphql.Marshaler {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return graphql.MarshalString(s)
		}
	}
	return plain(s)
}

// plain is a string with nothing to escape (see MarshalString), written as a JSON string.
type plain string

func (p plain) MarshalGQL(w io.Writer) {
	if buf, ok := w.(*bytes.Buffer); ok { // the executor's: one write, as in object
		buf.Write(append(append(append(buf.AvailableBuffer(), '"'), p...), '"'))
		return
	}
	_, _ = io.WriteString(w, `"`+string(p)+`"`)
}

// NoFieldMiddleware returns an error if srv runs field middleware: an extension that
// implements graphql.FieldInterceptor, as srv.AroundFields registers. Leaf and LeafOf skip it,
// so such a middleware would miss most scalars silently; the server refuses to start instead.
// gqlgen keeps its extensions unexported (handler.Server.exec.extensions); this reads them by
// reflection, and fails if they are no longer where it looks.
func NoFieldMiddleware(srv *handler.Server) error {
	exec := reflect.ValueOf(srv).Elem().FieldByName("exec")
	if !exec.IsValid() || exec.Kind() != reflect.Pointer || exec.IsNil() {
		return errors.New("gqlexec: cannot see gqlgen's executor in handler.Server: has gqlgen changed?")
	}
	exts := exec.Elem().FieldByName("extensions")
	if !exts.IsValid() || exts.Kind() != reflect.Slice {
		return errors.New("gqlexec: cannot see gqlgen's extensions in its executor: has gqlgen changed?")
	}
	interceptor := reflect.TypeFor[graphql.FieldInterceptor]()
	for i := range exts.Len() {
		ext := exts.Index(i)
		if ext.Kind() == reflect.Interface && !ext.IsNil() && ext.Elem().Type().Implements(interceptor) {
			return fmt.Errorf("gqlexec: %s is field middleware, which the executor's Leaf skips: take Leaf out of the rewrite to use it", ext.Elem().Type())
		}
	}
	return nil
}
