package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/redis/go-redis/v9"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/config"
	"github.com/aidgraph/aidgraph/internal/follow"
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/logs"
	"github.com/aidgraph/aidgraph/internal/persisted"
	"github.com/aidgraph/aidgraph/internal/priority"
	"github.com/aidgraph/aidgraph/internal/ratelimit"
	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/tracing"
)

// serveCommand is `aidgraph [flags]`: it serves the API until ctx is done, then shuts down
// gracefully.
func serveCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse(args, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{err}
	}
	slog.SetDefault(newLogger(cfg, stderr))
	tuneGC(cfg, getenv)
	sampleHeap(cfg)

	gate := priority.New(cfg.WriteYield) // the reads that the store's writes give way to are the API's
	s, err := openStore(ctx, cfg, gate)
	if err != nil {
		return err
	}
	defer s.Close()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	if cfg.PprofAddr != "" {
		if err := servePprof(cfg.PprofAddr); err != nil {
			return err
		}
	}
	if cfg.OTLPEndpoint != "" {
		stopTracing, err := tracing.Start(ctx, cfg.OTLPEndpoint)
		if err != nil {
			return usageError{err}
		}
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = stopTracing(sctx)
		}()
	}
	limiter, closeLimiter, err := rateLimiter(cfg)
	if err != nil {
		return err
	}
	defer closeLimiter()
	hub, stopLive, err := liveUpdates(ctx, s, cfg)
	if err != nil {
		return err
	}
	defer stopLive()
	apq, closeAPQ, err := sharedPersistedQueries(cfg)
	if err != nil {
		return err
	}
	defer closeAPQ()
	srv := &http.Server{
		Handler: api.New(s, api.Options{CORSOrigins: cfg.CORSOrigins, CORSHeaders: cfg.CORSHeaders, Limits: api.Limits{MaxCost: cfg.MaxQueryCost}, ResultCache: cfg.ResultCache, ResultCacheBytes: cfg.ResultCacheSize,
			RequestTimeout: cfg.RequestTimeout, MaxInFlight: cfg.MaxInFlight, MaxQueued: cfg.MaxQueued,
			RateLimit: limiter, TrustedProxies: cfg.TrustedProxies, PlaygroundCDN: cfg.PlaygroundCDN, RequireReaderKey: cfg.RequireReaderKey,
			TrustedDocuments: api.TrustMode(cfg.TrustedDocuments),
			Live:             hub, PersistedQueries: apq, Priority: gate}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	addr := displayAddr(ln.Addr())
	if cfg.AddrFile != "" {
		if err := writeAddrFile(cfg.AddrFile, addr); err != nil {
			return err
		}
		defer os.Remove(cfg.AddrFile)
	}
	base := "http://" + addr
	fmt.Fprintf(stdout, "aidgraph is serving on %s (database: %s)\n  playground: %s%s\n  endpoint:   %s%s (POST or GET)\n  health:     %s%s (live), %s%s (database answers)\n",
		base, s.Dialect(), base, api.PlaygroundPath, base, api.QueryPath, base, api.HealthPath, base, api.ReadyPath)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	slog.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	// Streams never end by themselves: end each with a cursor to resume from elsewhere, then
	// wait for the short requests.
	if err := hub.Close(shutdownCtx); err != nil {
		slog.Warn("subscriptions not ended", "err", err)
	}
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// servePprof serves Go's profiles on addr, apart from the API: profiling is for the operator.
func servePprof(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen for profiles on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { slog.Warn("profiles no longer served", "err", srv.Serve(ln)) }()
	slog.Info("serving profiles", "addr", ln.Addr().String())
	return nil
}

// rateLimiter returns the rate limit the settings ask for (nil for none), and what closes it.
func rateLimiter(cfg *config.Config) (ratelimit.Limiter, func(), error) {
	if cfg.RateLimit == 0 {
		return nil, func() {}, nil
	}
	p := ratelimit.Policy{Points: cfg.RateLimit, Window: time.Minute}
	if cfg.RedisURL == "" {
		return ratelimit.NewMemory(p), func() {}, nil
	}
	l, rdb, err := ratelimit.NewRedis(cfg.RedisURL, "aidgraph:ratelimit:", p)
	if err != nil {
		return nil, nil, err
	}
	return l, func() { _ = rdb.Close() }, nil
}

// liveUpdates starts the instance's follower of the change log (woken by its own writes and,
// with Redis, by every instance's), which also keeps the data version the instance's requests
// work at (store.SawVersion: README, "Freshness"), and returns the hub that serves
// subscriptions from it, and what stops them.
func liveUpdates(ctx context.Context, s *store.Store, cfg *config.Config) (*live.Hub, func(), error) {
	ctx, cancel := context.WithCancel(ctx)
	f := follow.New(s, follow.Options{Interval: cfg.ChangePollInterval})
	s.OnCommit(func(int64) { f.Wake() })
	stop := cancel
	if cfg.RedisURL != "" {
		opt, err := redis.ParseURL(cfg.RedisURL)
		if err != nil {
			cancel()
			return nil, nil, usageError{fmt.Errorf("--redis-url: %w", err)}
		}
		rdb := redis.NewClient(opt)
		hints := follow.NewHints(rdb, "")
		s.OnCommit(hints.Publish)
		go hints.Wake(ctx, f)
		stop = func() { cancel(); _ = rdb.Close() }
	}
	go f.Run(ctx)
	return live.NewHub(s, f, live.Limits{PerClient: cfg.MaxSubscriptionsPerClient, Total: cfg.MaxSubscriptions, WriteTimeout: cfg.StreamWriteTimeout}), stop, nil
}

// sharedPersistedQueries returns, with --redis-url, the persisted queries that all instances
// share in Redis, and what closes them; nil keeps them in this process.
func sharedPersistedQueries(cfg *config.Config) (graphql.Cache[string], func(), error) {
	if cfg.RedisURL == "" {
		return nil, func() {}, nil
	}
	opt, err := redis.ParseURL(cfg.RedisURL)
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("redis-url: %w", err)}
	}
	rdb := redis.NewClient(opt)
	return persisted.NewRedis(rdb, "aidgraph:apq:"), func() { _ = rdb.Close() }, nil
}

// openStore connects, migrates and, unless told not to, loads the article's dataset.
func openStore(ctx context.Context, cfg *config.Config, gate *priority.Gate) (*store.Store, error) {
	target, err := store.ParseTarget(cfg.DB)
	if err != nil {
		return nil, usageError{err}
	}
	opt := store.Options{MaxPageSize: cfg.MaxPageSize, MaxOpenConns: cfg.MaxOpenConns, Wait: cfg.DBWait, ReplicaMaxLag: cfg.ReplicaMaxLag,
		Session: store.DefaultSession.WithStatement(cfg.RequestTimeout), Priority: gate}
	for i, dsn := range cfg.DBReplicas {
		rt, err := store.ParseTarget(dsn)
		if err != nil {
			return nil, usageError{fmt.Errorf("db-replicas: replica %d: %w", i+1, err)}
		}
		opt.Replicas = append(opt.Replicas, rt)
	}
	s, err := store.Open(ctx, target, opt)
	if err != nil {
		return nil, err
	}
	err = s.Migrate(ctx, func(ctx context.Context) error {
		if err := registerExamples(ctx, s); err != nil {
			return err
		}
		if !cfg.LoadArticle {
			return nil
		}
		loaded, err := seed.Load(ctx, s)
		if errors.Is(err, seed.ErrSynthetic) {
			slog.Info("serving synthetic data", "why", err)
			return nil
		}
		if loaded {
			slog.Info("loaded the article's dataset", "dataset", seed.DatasetName)
		}
		return err
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	// The first request would otherwise wait for the division tree (about a second at national
	// scale); a request after a new release of the dataset still reads it again.
	start := time.Now()
	if err := s.LoadTree(ctx); err != nil {
		s.Close()
		return nil, err
	}
	slog.Info("division tree loaded", "regions", s.TreeRegions(), "took", time.Since(start))
	return s, nil
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	// A database outage fails every statement alike: one line a second per message says so.
	return slog.New(logs.Summarize(h, time.Second))
}

// displayAddr turns a listener's address into one a person can open (":8080" -> "localhost:8080").
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil || host == "" || host == "::" || host == "0.0.0.0" {
		return "localhost:" + port
	}
	return net.JoinHostPort(host, port)
}

// writeAddrFile writes the address the server listens on to path, for a script or a test that
// asked for port 0: whole or not at all, since the reader may look at any moment.
func writeAddrFile(path, addr string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(addr+"\n"), 0o644); err != nil {
		return fmt.Errorf("addr-file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("addr-file: %w", err)
	}
	return nil
}

// sampleHeap keeps Go's sampling of allocations for the heap profile only when the profiles
// are served (--pprof-addr): each sample, one per 512 KiB allocated, walks the allocating
// goroutine's stack, which cost 2 % of a nested page's instructions, for a profile that no one
// could read.
func sampleHeap(cfg *config.Config) {
	if cfg.PprofAddr == "" {
		runtime.MemProfileRate = 0
	}
}

// sqliteOwnMemory is what the memory limit leaves to an embedded SQLite database: its page
// caches and statements live in this process, outside Go's heap (at national scale under the
// search benchmark, about 30 MB more than the same server on MySQL: BENCHMARKS.md, "Search").
const sqliteOwnMemory = 24 << 20

// tuneGC applies the garbage collector's settings, unless the operator set Go's own GOGC or
// GOMEMLIMIT, which then win.
func tuneGC(cfg *config.Config, getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(cfg.GCPercent)
	}
	if getenv("GOMEMLIMIT") == "" && cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(heapLimit(cfg))
	}
}

// heapLimit is the soft limit on Go's heap for --memory-limit: on SQLite, less what the
// database keeps in the process (never below half the setting).
func heapLimit(cfg *config.Config) int64 {
	if t, err := store.ParseTarget(cfg.DB); err == nil && t.Dialect == store.SQLite {
		return max(cfg.MemoryLimit-sqliteOwnMemory, cfg.MemoryLimit/2)
	}
	return cfg.MemoryLimit
}
