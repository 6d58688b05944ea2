// Package api assembles aidgraph's HTTP surface: the GraphQL endpoint, the playground and the
// health check, with the middleware every request passes through.
package api

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	cdnplayground "github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/trace"

	"github.com/aidgraph/aidgraph/graph"
	"github.com/aidgraph/aidgraph/graph/generated"
	"github.com/aidgraph/aidgraph/internal/gqlexec"
	"github.com/aidgraph/aidgraph/internal/playground"
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
	// PersistedQueries keeps the automatic persisted queries (internal/persisted, in Redis, so
	// that all instances share them); nil keeps them in this process.
	PersistedQueries graphql.Cache[string]
}

// DefaultResultCacheBytes bounds the result cache's responses unless configured: a quarter of
// the default heap limit.
const DefaultResultCacheBytes = 32 << 20

// maxBody bounds a request's body: no query needs a megabyte.
const maxBody = 1 << 20

// maxTokens bounds the tokens of a query the parser reads, well above the playground's
// introspection query (about 300) and a filter of 10,000 literal values, the most one may hold.
const maxTokens = 50000

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
	srv := graphQL(s, opt.limits(), opt.RateLimit, opt.PersistedQueries)
	m := newMetrics(s)
	endpoint := markDebug(inTime(conform(srv)))
	if opt.ResultCache > 0 {
		cache := newResultCache(s, opt.ResultCache, cmp.Or(opt.ResultCacheBytes, DefaultResultCacheBytes))
		m.cacheBytes(cache)
		endpoint = cache.handler(endpoint)
	}
	// The session holds the data version that the cache reads, so the division tree that
	// answers the request is that version's, with no second read.
	endpoint = withSession(s, endpoint)
	endpoint = checkRequest(endpoint)
	// Whom a request acts for is known before its body is read, and before the cache and the
	// rate limit, which depend on it; under the deadline and the shedding, which bound its lookup.
	endpoint = authenticate(s, opt.RequireReaderKey, endpoint)
	if opt.MaxInFlight > 0 {
		endpoint = newShedder(opt.MaxInFlight, opt.MaxQueued).handler(endpoint)
	}
	if opt.RequestTimeout > 0 {
		endpoint = withDeadline(opt.RequestTimeout, endpoint)
	}
	query := m.observe(rateHeaders(opt.RateLimit, endpoint))
	mux.Handle(QueryPath, query)
	mux.Handle("GET "+CSVPath, csvHandler(query))
	mux.Handle("GET "+MetricsPath, m.handler())
	mux.HandleFunc("GET "+HealthPath, live)
	mux.Handle("GET "+ReadyPath, &readiness{s: s})
	c := cors.New(cors.Options{
		AllowedOrigins: opt.CORSOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Accept", "Authorization", DebugHeader, MinSeqHeader},
		ExposedHeaders: []string{CacheHeader, SeqHeader},
		MaxAge:         600,
	})
	return logRequests(opt.TrustedProxies, c.Handler(mux))
}

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
	return graphQL(s, limits, rate, nil)
}

// apqEntries bounds the persisted queries each process keeps when they are not shared.
const apqEntries = 1000

func graphQL(s *store.Store, limits Limits, rate ratelimit.Limiter, apq graphql.Cache[string]) *handler.Server {
	if apq == nil {
		apq = lru.New[string](apqEntries)
	}
	es := generated.NewExecutableSchema(generated.Config{Resolvers: graph.New(s)})
	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(getTransport{schema: es.Schema()})
	srv.AddTransport(postTransport{schema: es.Schema()})
	// Parsed and validated documents are cached, so a repeated query is not parsed again.
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
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

// live answers 200 for as long as the process serves: liveness, which touches nothing slow, so
// that a busy instance is not restarted for being busy.
func live(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readiness answers /readyz from the latest check of the database, which runs in the
// background at most every readyEvery, so that the answer never waits behind a busy database:
// 200 while the last check answered within a second, 503 when it did not or none answered for
// readyStale. Only the first request waits, for the first check.
type readiness struct {
	s       *store.Store
	mu      sync.Mutex
	checked time.Time // when the last check ended
	err     error
	probing chan struct{} // closed when the running check ends; nil if none runs
}

const (
	readyEvery = 500 * time.Millisecond
	readyStale = 5 * time.Second
)

func (rd *readiness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rd.mu.Lock()
	if time.Since(rd.checked) > readyEvery && rd.probing == nil {
		rd.probing = make(chan struct{})
		go rd.check(rd.probing)
	}
	first, probing := rd.checked.IsZero(), rd.probing
	rd.mu.Unlock()
	if first && probing != nil {
		select {
		case <-probing:
		case <-r.Context().Done():
		}
	}
	rd.mu.Lock()
	checked, err := rd.checked, rd.err
	rd.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	switch {
	case checked.IsZero() || time.Since(checked) > readyStale:
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database not checked lately\n"))
	case err != nil:
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
	default:
		_, _ = w.Write([]byte("ready\n"))
	}
}

func (rd *readiness) check(done chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := rd.s.Ping(ctx)
	if err != nil {
		slog.Warn("readiness check failed", "err", err)
	}
	rd.mu.Lock()
	rd.checked, rd.err, rd.probing = time.Now(), err, nil
	rd.mu.Unlock()
	close(done)
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
