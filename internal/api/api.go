// Package api assembles aidgraph's HTTP surface: the GraphQL endpoint, the playground and the
// health check, with the middleware every request passes through.
package api

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	cdnplayground "github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/trace"

	"github.com/aidgraph/aidgraph/graph"
	"github.com/aidgraph/aidgraph/graph/generated"
	"github.com/aidgraph/aidgraph/internal/gqlexec"
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/playground"
	"github.com/aidgraph/aidgraph/internal/priority"
	"github.com/aidgraph/aidgraph/internal/ratelimit"
	"github.com/aidgraph/aidgraph/internal/sqlstats"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/tracing"
)

// Paths of the HTTP surface.
const (
	PlaygroundPath = "/"
	QueryPath      = "/query"
	HealthPath     = "/healthz"
	ReadyPath      = "/readyz"
)

// Options tune the HTTP surface.
type Options struct {
	// CORSOrigins may call the endpoint from a browser; "*" allows any.
	CORSOrigins []string
	// CORSHeaders are request headers a browser may send, besides corsHeaders.
	CORSHeaders []string
	// Limits bound each operation before it runs (DefaultLimits for each left zero).
	Limits Limits
	// ResultCache is how many responses the result cache keeps; zero turns it off.
	ResultCache int
	// ResultCacheBytes bounds the bytes of the responses it keeps (DefaultResultCacheBytes if zero).
	ResultCacheBytes int64
	// RequestTimeout bounds how long a request may run, its SQL included; zero sets no bound.
	RequestTimeout time.Duration
	// RateLimit charges each operation's cost to its client's budget; nil sets no limit.
	RateLimit ratelimit.Limiter
	// TrustedProxies are the addresses whose X-Forwarded-For names the client.
	TrustedProxies []netip.Prefix
	// MaxInFlight bounds the requests to the endpoint that execute at once, and MaxQueued those
	// that wait for a slot; past both, a request is shed with 503. Zero MaxInFlight sets no bound.
	MaxInFlight, MaxQueued int
	// PlaygroundCDN serves gqlgen's playground page, which loads GraphiQL from a CDN, instead of
	// the embedded one that needs nothing but this server.
	PlaygroundCDN bool
	// RequireReaderKey refuses requests to the endpoint without an API key (401), reads too;
	// the playground, health, readiness and metrics stay open.
	RequireReaderKey bool
	// TrustedDocuments is what the endpoint does with documents the operation registry does
	// not hold (TrustOff if empty).
	TrustedDocuments TrustMode
	// Live serves subscriptions (over SSE and WebSocket); nil serves none.
	Live *live.Hub
	// PersistedQueries keeps the automatic persisted queries (internal/persisted, in Redis, so
	// that all instances share them); nil keeps them in this process.
	PersistedQueries graphql.Cache[string]
	// Priority counts the queries running in read slots, to which writes give way (the same
	// Gate as the store's Options.Priority); nil gives writes no such order.
	Priority *priority.Gate
}

// DefaultResultCacheBytes bounds the result cache's responses unless configured: a quarter of
// the default heap limit.
const DefaultResultCacheBytes = 32 << 20

// maxBody bounds a request's body: no query needs a megabyte.
const maxBody = 1 << 20

// maxTokens bounds the tokens of a query the parser reads, well above the playground's
// introspection query (about 300) and a filter of the most literal values one may hold.
const maxTokens = 5 * store.MaxFilterValues

// limits returns the operation limits, the default for each that is not set.
func (opt Options) limits() Limits {
	l, d := opt.Limits, DefaultLimits
	for _, f := range []struct {
		v   *int
		def int
	}{{&l.MaxCost, d.MaxCost}, {&l.MaxDepth, d.MaxDepth},
		{&l.MaxAliases, d.MaxAliases}, {&l.MaxRootFields, d.MaxRootFields}, {&l.MaxDirectives, d.MaxDirectives}} {
		if *f.v <= 0 {
			*f.v = f.def
		}
	}
	return l
}

// New returns the handler that serves everything.
func New(s *store.Store, opt Options) http.Handler {
	mux := http.NewServeMux()
	handlePlayground(mux, opt.PlaygroundCDN)
	srv := graphQL(s, opt.limits(), opt.RateLimit, opt.Live, opt.RequireReaderKey, opt.PersistedQueries)
	m := newMetrics(s)
	m.live(opt.Live)
	m.writeYield(opt.Priority)
	endpoint := markDebug(inTime(conform(srv)))
	if opt.ResultCache > 0 {
		cache := newResultCache(s, opt.ResultCache, cmp.Or(opt.ResultCacheBytes, DefaultResultCacheBytes))
		m.cacheBytes(cache)
		endpoint = cache.handler(endpoint)
	}
	// The session holds the data version that the cache takes (the one the instance's follower
	// saw, or the one read for a newer token), so the division tree that answers the request is
	// that version's.
	endpoint = withSession(s, endpoint)
	// Documents sent by id become their text, and the trust mode applies, before the cache;
	// the principal (admins pass in enforce mode) and the body are known by then.
	endpoint = newTrustedDocuments(s, opt.TrustedDocuments, m).handler(endpoint)
	// Whom a request acts for is known before the cache and the rate limit, which depend on it;
	// under the deadline and the shedding, which bound its lookup.
	endpoint = authenticate(s, opt.RequireReaderKey, endpoint)
	if opt.MaxInFlight > 0 {
		endpoint = newShedder(opt.MaxInFlight, opt.MaxQueued, opt.Priority).handler(endpoint)
	}
	// The body is read (bounded in size and time) before the request takes a slot: a client
	// that trickles its body must not hold one.
	endpoint = checkRequest(endpoint)
	if opt.RequestTimeout > 0 {
		endpoint = withDeadline(opt.RequestTimeout, endpoint)
	}
	query := m.observe(rateHeaders(opt.RateLimit, endpoint))
	writeTimeout := live.DefaultWriteTimeout
	if opt.Live != nil {
		writeTimeout = opt.Live.Limits().WriteTimeout
	}
	mux.Handle(QueryPath, streams(streamEndpoint(s, opt.RequireReaderKey, writeTimeout, srv), query))
	mux.Handle("GET "+CSVPath, csvHandler(query))
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	mux.Handle("GET "+OpPath+"{name}", opHandler(s, schema, query))
	// The key is checked before the MCP session starts; each tool's GraphQL request checks it again.
	mux.Handle(MCPPath, authenticate(s, opt.RequireReaderKey, mcpHandler(s, schema, opt.TrustedDocuments, query)))
	mux.Handle("GET "+MetricsPath, m.handler())
	mux.HandleFunc("GET "+HealthPath, liveness)
	mux.Handle("GET "+ReadyPath, checkReadiness(s))
	c := cors.New(cors.Options{
		AllowedOrigins: opt.CORSOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: append(append([]string{}, corsHeaders...), opt.CORSHeaders...),
		ExposedHeaders: corsExposed,
		MaxAge:         600,
	})
	return logRequests(opt.TrustedProxies, c.Handler(mux))
}

// corsHeaders are the request headers a browser may send to the endpoint: what aidgraph reads,
// and what tracing libraries (W3C Trace Context and Baggage, Sentry, B3) and GraphQL clients
// (Apollo's, urql's) add to every request. Options.CORSHeaders adds more.
var corsHeaders = []string{"Content-Type", "Accept", "Authorization", DebugHeader, MinSeqHeader,
	"If-None-Match", "Mcp-Session-Id", "Mcp-Protocol-Version", // /op's revalidation, /mcp's sessions
	"traceparent", "tracestate", "baggage", "sentry-trace", "b3", "X-B3-TraceId", "X-B3-SpanId", "X-B3-ParentSpanId", "X-B3-Sampled", "X-B3-Flags",
	"X-Request-ID", "X-Correlation-ID", "X-Requested-With",
	"apollographql-client-name", "apollographql-client-version", "apollo-require-preflight", "X-Apollo-Operation-Name"}

// corsExposed are the response headers browser code may read: the result cache's, a write's seq
// (read-your-writes), /op's ETag,
// and the rate limit's, by which a client paces itself.
var corsExposed = []string{CacheHeader, SeqHeader, "ETag", "RateLimit", "RateLimit-Policy", "Retry-After"}

// handlePlayground serves the playground at PlaygroundPath: the embedded one and its assets, or
// gqlgen's page, which loads GraphiQL from a CDN.
func handlePlayground(mux *http.ServeMux, cdn bool) {
	if cdn {
		mux.Handle("GET "+PlaygroundPath+"{$}", cdnplayground.Handler("aidgraph", QueryPath))
		return
	}
	p := playground.Handler(QueryPath, CSVPath)
	mux.Handle("GET "+PlaygroundPath+"{$}", p)
	mux.Handle("GET "+playground.AssetsPath, p)
}

// GraphQL returns the bare GraphQL handler (without the store session: wrap it with withSession).
func GraphQL(s *store.Store, limits Limits, rate ratelimit.Limiter) *handler.Server {
	return graphQL(s, limits, rate, nil, false, nil)
}

// graphQL is GraphQL with subscriptions served by hub (none if nil), their WebSocket keys
// checked as requireKey says, and the automatic persisted queries kept in apq (internal/persisted,
// in Redis, so that all instances share them; nil keeps them in this process, bounded in bytes).
func graphQL(s *store.Store, limits Limits, rate ratelimit.Limiter, hub *live.Hub, requireKey bool, apq graphql.Cache[string]) *handler.Server {
	if apq == nil {
		apq = newAPQCache()
	}
	r := graph.New(s, hub)
	es := generated.NewExecutableSchema(generated.Config{Resolvers: r})
	r.Schema = es.Schema()
	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	// Streams (streamEndpoint sends only them here): GraphQL over SSE, before POST, which would
	// take its requests, and over WebSocket, both protocols.
	// Their subscriptions are answered once per group of equal ones (grouped.go).
	// Over SSE, the keep-alive is the streams' shared beat (ssestream.go), not a ticker each.
	shared := newSharedAnswers(hub)
	srv.AddTransport(grouped{t: transport.SSE{}, shared: shared, pullSSE: true})
	srv.AddTransport(grouped{t: transport.Websocket{KeepAlivePingInterval: KeepAlive, InitFunc: wsInit(s, requireKey),
		InitTimeout: 10 * time.Second}, shared: shared})
	srv.AddTransport(getTransport{schema: es.Schema()})
	srv.AddTransport(postTransport{schema: es.Schema()})
	// Parsed and validated documents are cached, so a repeated query is not parsed again.
	srv.SetQueryCache(newQueryCache()) // bounded in bytes too (querycache.go)
	srv.Use(extension.Introspection{})
	srv.SetParserTokenLimit(maxTokens)
	srv.Use(operationChecks{schema: es.Schema()}) // before the cost is charged
	srv.Use(costLimit{Limits: limits, pageSize: s.MaxPageSize(), rate: rate})
	srv.Use(persistedQueries{extension.AutomaticPersistedQuery{Cache: apq}})
	srv.Use(sqlReport{})
	if tracing.On() {
		srv.Use(operationSpans{})
	}
	// No field middleware (srv.AroundFields): the executor marshals plain scalars without it
	// (gqlexec.Leaf), and refuses a server that has some (below). An operation computes a field's arguments once, however many objects it
	// is resolved on.
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		if graphql.HasOperationContext(ctx) && graphql.GetOperationContext(ctx).Operation != nil &&
			graphql.GetOperationContext(ctx).Operation.Operation == ast.Subscription {
			// Each event of a subscription is answered in a session of its own, as a request
			// is: its rows are read at the data version of that event, and none is kept after.
			ctx = s.WithSession(ctx)
		}
		resp := next(gqlexec.WithArgsCache(ctx))
		withCommittedSeq(ctx, resp)
		return resp
	})
	srv.SetErrorPresenter(graph.PresentError)
	srv.SetRecoverFunc(graph.Recover)
	if err := gqlexec.NoFieldMiddleware(srv); err != nil {
		panic(err) // a mistake in the code above, found by every test that starts a server
	}
	return srv
}

// liveness answers 200 for as long as the process serves, and touches nothing slow, so
// that a busy instance is not restarted for being busy.
func liveness(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Flush sends what was written (an SSE event) now: gqlgen's SSE transport asks for an
// http.Flusher.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection: request.go sets read deadlines, a
// WebSocket hijacks it.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func logRequests(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		ctx, stats := sqlstats.With(r.Context())
		ctx, info := withInfo(ctx, clientOf(r, trusted))
		info.header = w.Header()
		traceID := ""
		if tracing.On() {
			var span trace.Span
			ctx, span = requestSpan(r.WithContext(ctx))
			defer span.End()
			traceID = tracing.TraceID(ctx)
		}
		next.ServeHTTP(rec, r.WithContext(ctx))
		op, cost := info.get()
		slog.DebugContext(ctx, "request", "method", r.Method, "path", r.URL.Path, "operation", op, "cost", cost,
			"status", rec.status, "client", info.client, "duration", time.Since(start),
			"sqlStatements", stats.Statements(), "sqlDuration", stats.Duration(), "traceId", traceID)
	})
}
