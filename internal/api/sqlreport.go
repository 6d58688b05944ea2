package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/aidgraph/aidgraph/internal/sqlstats"
)

// DebugHeader is the request header that asks for debug output in the response: with the value
// "sql", the response's extensions report the SQL statements the request cost. For a GET
// request, ?debug=sql does the same.
const DebugHeader = "X-Aidgraph-Debug"

type reportKey struct{}

// markDebug notes whether the client asked to see the request's SQL statements (logRequests,
// which wraps every request, counts them).
func markDebug(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get(DebugHeader), "sql") || r.URL.Query().Get("debug") == "sql" {
			r = r.WithContext(context.WithValue(r.Context(), reportKey{}, true))
		}
		next.ServeHTTP(w, r)
	})
}

// sqlReport is a gqlgen extension that adds extensions.sql to a response when asked:
// {"statements": n, "durationMs": t, "idleWaits": w}, where w counts the batches that went out
// after waiting for more keys (internal/batch) rather than with their siblings.
type sqlReport struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = sqlReport{}

func (sqlReport) ExtensionName() string                   { return "SQLReport" }
func (sqlReport) Validate(graphql.ExecutableSchema) error { return nil }
func (sqlReport) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	stats := sqlstats.From(ctx)
	if resp == nil || stats == nil || ctx.Value(reportKey{}) == nil {
		return resp
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions["sql"] = map[string]any{
		"statements": stats.Statements(),
		"durationMs": float64(stats.Duration().Microseconds()) / 1000,
		"idleWaits":  stats.IdleWaits(),
	}
	return resp
}
