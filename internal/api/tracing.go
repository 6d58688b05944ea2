package api

import (
	"context"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/tracing"
)

// traceExtension names the trace id in a response's extensions, given when the request asks for
// debug output (DebugHeader) and tracing is on.
const traceExtension = "traceId"

// requestSpan opens the span of a request; only called when tracing is on.
func requestSpan(r *http.Request) (context.Context, trace.Span) {
	return tracing.Span(r.Context(), r.Method+" "+r.URL.Path, trace.SpanKindServer,
		attribute.String("http.request.method", r.Method), attribute.String("url.path", r.URL.Path))
}

// operationSpans opens a span per operation, with its name, kind and the seq its write
// committed; it is added to the server only when tracing is on.
type operationSpans struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = operationSpans{}

func (operationSpans) ExtensionName() string                   { return "OperationSpans" }
func (operationSpans) Validate(graphql.ExecutableSchema) error { return nil }
func (operationSpans) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	oc := graphql.GetOperationContext(ctx)
	name, kind := "", ""
	if oc.Operation != nil {
		name, kind = oc.Operation.Name, string(oc.Operation.Operation)
	}
	ctx, span := tracing.Span(ctx, "operation "+kind+" "+name, trace.SpanKindInternal,
		attribute.String("graphql.operation.name", name), attribute.String("graphql.operation.type", kind))
	defer span.End()
	resp := next(ctx)
	if seq := store.CommittedSeq(ctx); seq > 0 {
		span.SetAttributes(attribute.Int64("aidgraph.seq", seq))
	}
	if resp != nil && oc.Headers.Get(DebugHeader) != "" {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions[traceExtension] = tracing.TraceID(ctx)
	}
	return resp
}
