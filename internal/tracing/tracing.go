// Package tracing sends OpenTelemetry traces over OTLP/HTTP when an endpoint is set: a span per
// request, operation, batch and SQL statement. Off (the default), nothing here runs: callers ask
// On first, and no span, context or attribute is made.
package tracing

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"
)

var tracer atomic.Pointer[trace.Tracer]

// On tells whether traces are sent: the one check every caller makes before anything else.
func On() bool { return tracer.Load() != nil }

// Start sends traces to the OTLP/HTTP endpoint (http://host:4318, or a full URL ending in
// /v1/traces) until shutdown is called, which sends what is pending.
func Start(ctx context.Context, endpoint string) (shutdown func(context.Context) error, err error) {
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(tracesURL(endpoint)))
	if err != nil {
		return nil, fmt.Errorf("otlp-endpoint: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(time.Second)),
		sdktrace.WithResource(resource.NewSchemaless(semconv.ServiceName("aidgraph"))))
	t := tp.Tracer("github.com/aidgraph/aidgraph")
	tracer.Store(&t)
	return func(ctx context.Context) error {
		tracer.Store(nil)
		return tp.Shutdown(ctx)
	}, nil
}

// tracesURL adds OTLP's traces path to an endpoint given as a bare address.
func tracesURL(endpoint string) string {
	if len(endpoint) > 0 && endpoint[len(endpoint)-1] == '/' {
		endpoint = endpoint[:len(endpoint)-1]
	}
	if len(endpoint) >= 10 && endpoint[len(endpoint)-10:] == "/v1/traces" {
		return endpoint
	}
	return endpoint + "/v1/traces"
}

// Span opens a span named name under the one in ctx. Call it only when On.
func Span(ctx context.Context, name string, kind trace.SpanKind, attrs ...attribute.KeyValue) (context.Context, trace.Span) {
	t := tracer.Load()
	if t == nil {
		return ctx, trace.SpanFromContext(ctx)
	}
	return (*t).Start(ctx, name, trace.WithSpanKind(kind), trace.WithAttributes(attrs...))
}

// SpanAt opens a span that began at start: a statement's, recorded when it has run.
func SpanAt(ctx context.Context, name string, start time.Time, attrs ...attribute.KeyValue) trace.Span {
	t := tracer.Load()
	if t == nil {
		return trace.SpanFromContext(ctx)
	}
	_, s := (*t).Start(ctx, name, trace.WithSpanKind(trace.SpanKindClient), trace.WithTimestamp(start), trace.WithAttributes(attrs...))
	return s
}

// TraceID is the trace of the span in ctx, or "".
func TraceID(ctx context.Context) string {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.HasTraceID() {
		return ""
	}
	return sc.TraceID().String()
}
