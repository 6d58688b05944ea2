package store

import (
	"context"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/aidgraph/aidgraph/internal/tracing"
)

// The spans the store opens when tracing is on (internal/tracing): one per batch, and one per
// SQL statement, with the database that ran it (primary, or which replica), its rows and the
// data version (seq) the request reads at.

func batchSpan(ctx context.Context, of string, keys []int64) (context.Context, trace.Span) {
	return tracing.Span(ctx, "batch "+of, trace.SpanKindInternal, attribute.Int("aidgraph.batch.keys", len(keys)))
}

// statementSpan records a statement that began at begin and has run.
func statementSpan(ctx context.Context, begin time.Time, sql string, rows int64, err error) {
	database, system := PrimaryName, "mysql"
	var seq int64
	if ss := sessionOf(ctx); ss != nil {
		system = string(ss.s.dialect)
		if r := ss.route.Load(); r != nil {
			database = r.name
		}
		seq = ss.version.Load() - 1
	}
	span := tracing.SpanAt(ctx, "SQL", begin, attribute.String("db.system.name", system),
		attribute.String("db.query.text", strings.ToValidUTF8(clip(sql), "")), attribute.String("aidgraph.database", database),
		attribute.Int64("db.response.returned_rows", rows), attribute.Int64("aidgraph.seq", seq))
	if err != nil {
		span.RecordError(err)
	}
	span.End()
}
