package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// postTransport is gqlgen's POST transport with one change: the response to an operation is
// written by writeResponse, which copies the data the executor has already marshalled as
// compact JSON, where gqlgen's json.Marshal parses and compacts all of it again (a tenth of a
// nested read's instructions). gqlgen still does everything else: the body's decoding, the
// headers, the status codes and every error response that comes before the operation runs.
// Its request errors are worded as operationErrors words them.
type postTransport struct {
	transport.POST
	schema *ast.Schema
}

var _ graphql.Transport = postTransport{}

func (t postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	bw := &bodyWriter{ResponseWriter: w}
	e := directExecutor{GraphExecutor: exec, w: bw, schema: t.schema}
	// A body of the plain form is decoded here, in one pass (params.go), and gqlgen is handed an
	// empty object to decode in its place; the parameters go in where gqlgen passes its own on.
	if p, ok := decodeParams(postedBody(r)); ok {
		e.params = &p
		r.Body = &bufferedBody{Reader: bytes.NewReader(emptyParams), bytes: emptyParams}
	}
	t.POST.Do(bw, r, e)
}

// emptyParams is the body gqlgen decodes when decodeParams has decoded the real one.
var emptyParams = []byte("{}")

// directExecutor writes the response of each operation it dispatches to w itself, and hands
// gqlgen's transport an empty one in its place, which w then drops.
type directExecutor struct {
	graphql.GraphExecutor
	w      *bodyWriter
	schema *ast.Schema
	params *graphql.RawParams // the body's parameters, when decodeParams decoded them
}

// CreateOperationContext words the request errors as operationErrors does (one wrapper per
// request, not two), with the parameters decodeParams decoded, if it did.
func (e directExecutor) CreateOperationContext(ctx context.Context, params *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	if e.params != nil {
		params.Query, params.OperationName = e.params.Query, e.params.OperationName
		params.Variables, params.Extensions = e.params.Variables, e.params.Extensions
	}
	oc, errs := e.GraphExecutor.CreateOperationContext(ctx, params)
	return oc, wordRequestErrors(e.schema, params, oc, errs)
}

func (e directExecutor) DispatchOperation(ctx context.Context, rc *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	next, ctx := e.GraphExecutor.DispatchOperation(ctx, rc)
	return func(ctx context.Context) *graphql.Response {
		resp := next(ctx)
		if resp == nil || e.w.done {
			return resp
		}
		e.w.done = true
		_ = writeResponse(e.w.ResponseWriter, resp) // as gqlgen's: a client gone is no error of ours
		return &graphql.Response{}
	}, ctx
}

// bodyWriter passes everything to its ResponseWriter until the body has been written directly,
// then drops what gqlgen's transport writes after it.
type bodyWriter struct {
	http.ResponseWriter
	done bool
}

func (w *bodyWriter) Write(b []byte) (int, error) {
	if w.done {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's own writer.
func (w *bodyWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writeResponse writes resp as json.Marshal would, byte for byte: the data is copied rather
// than compacted (the executor writes it compact), with json.Marshal's escaping of <, >, & and
// the line separators U+2028 and U+2029, and straight from the executor's buffer, in three
// writes, rather than copied into one more. Responses with the fields of incremental delivery,
// which POST never sends, go through json.Marshal.
func writeResponse(w io.Writer, resp *graphql.Response) error {
	if resp.Label != "" || resp.Path != nil || resp.HasNext != nil {
		_, err := w.Write(mustMarshal(resp))
		return err
	}
	head := []byte{'{'}
	if len(resp.Errors) > 0 {
		head = append(append(append(head, `"errors":`...), mustMarshal(resp.Errors)...), ',')
	}
	head = append(head, `"data":`...)
	data := resp.Data
	switch {
	case len(data) == 0:
		data = []byte("null")
	case needsEscape(data):
		var buf bytes.Buffer
		json.HTMLEscape(&buf, data)
		data = buf.Bytes()
	}
	tail := []byte{}
	if len(resp.Extensions) > 0 {
		tail = append(append(tail, `,"extensions":`...), mustMarshal(resp.Extensions)...)
	}
	tail = append(tail, '}')
	for _, b := range [][]byte{head, data, tail} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// needsEscape reports whether b holds a byte that json.HTMLEscape changes. json.HTMLEscape goes
// byte by byte; these searches skip ahead, and most responses have nothing to escape.
func needsEscape(b []byte) bool {
	return bytes.IndexByte(b, '<') >= 0 || bytes.IndexByte(b, '>') >= 0 || bytes.IndexByte(b, '&') >= 0 ||
		bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029"))
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
