// Package config reads aidgraph's settings. Every setting has a command-line flag and an
// environment variable; the flag wins, then the variable, then the default.
package config

import (
	"flag"
	"fmt"
	"io"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/aidgraph/aidgraph/internal/paging"
)

// Config holds every setting of the server.
type Config struct {
	DB              string
	Addr            string
	PprofAddr       string // where to serve Go's profiles (net/http/pprof); "" serves none
	MaxPageSize     int
	MaxQueryCost    int
	ResultCache     int
	ResultCacheSize int64 // bytes
	MaxOpenConns    int
	DBWait          time.Duration // how long start-up waits for MySQL to answer
	LoadArticle     bool
	CORSOrigins     []string
	CORSHeaders     []string // request headers browsers may send, besides api's default ones
	LogLevel        string
	LogFormat       string
	ShutdownTimeout time.Duration
	RequestTimeout  time.Duration
	RateLimit       int    // points a client may spend per minute; 0 sets no limit
	RedisURL        string // where instances share the rate limit's budgets; "" keeps them in memory
	TrustedProxies  []netip.Prefix
	MaxInFlight     int // requests executing at once; 0 sets no bound
	MaxQueued       int // requests waiting for a slot beyond those
	GCPercent       int
	MemoryLimit     int64 // bytes; 0 sets none
	PlaygroundCDN   bool  // serve gqlgen's playground page, which loads GraphiQL from a CDN
	// RequireReaderKey refuses requests without an API key, reads too (internal/auth).
	RequireReaderKey bool
}

// DefaultMaxInFlight is twice the cores the server may use, at least 4. Measured at national
// scale on two cores (BENCHMARKS.md), 4 running at once served a flood of expensive queries as
// fast as 16, with a shorter tail, and left /readyz the CPU to answer in milliseconds.
func DefaultMaxInFlight() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

// DefaultDB is the database the server and its commands (aidgraph keys) use unless told.
const DefaultDB = "sqlite:aidgraph.db"

// setting describes one flag and its variable.
type setting struct {
	flag, env, def, usage string
	kind                  string // what the value is, for --help: number, duration, size, URL, ...
}

var settings = []setting{
	{"db", "AIDGRAPH_DB", DefaultDB, "database: sqlite:PATH, or mysql://user:pass@host:port/dbname (add ?socket=PATH for a Unix socket)", "URL"},
	{"addr", "AIDGRAPH_ADDR", ":8080", "address to listen on", "host:port"},
	{"pprof-addr", "AIDGRAPH_PPROF_ADDR", "", "address on which to serve Go's CPU and memory profiles (/debug/pprof/), such as 127.0.0.1:6060; empty serves none. Never expose it", "host:port"},
	{"max-page-size", "AIDGRAPH_MAX_PAGE_SIZE", strconv.Itoa(paging.DefaultMaxPageSize), "largest first/last a connection accepts", "number"},
	{"max-query-cost", "AIDGRAPH_MAX_QUERY_COST", "100000", "largest estimated cost of an operation: its fields, each counted once per item of the lists above it, and 10 more for each that starts SQL", "number"},
	{"result-cache", "AIDGRAPH_RESULT_CACHE", "1000", "responses to keep in the result cache, which any committed write invalidates; 0 turns it off", "number"},
	{"result-cache-size", "AIDGRAPH_RESULT_CACHE_SIZE", "32MiB", "bytes of responses the result cache keeps at most: bytes, or a number with KiB, MiB or GiB", "size"},
	{"max-open-conns", "AIDGRAPH_MAX_OPEN_CONNS", "25", "MySQL connection pool size", "number"},
	{"db-wait", "AIDGRAPH_DB_WAIT", "30s", "how long start-up waits for a MySQL server that does not answer yet, trying again with backoff", "duration"},
	{"load-article", "AIDGRAPH_LOAD_ARTICLE", "true", "load the article's dataset at start-up if the database lacks it", "true|false"},
	{"cors-origins", "AIDGRAPH_CORS_ORIGINS", "*", "comma-separated origins allowed to call /query from a browser", "list"},
	{"cors-headers", "AIDGRAPH_CORS_HEADERS", "", "comma-separated request headers a browser may send to /query, besides the usual ones (Content-Type, Authorization, tracing and client headers such as traceparent, baggage, sentry-trace, X-Request-ID, apollographql-client-name)", "list"},
	{"log-level", "AIDGRAPH_LOG_LEVEL", "info", "log level: debug, info, warn or error", "level"},
	{"log-format", "AIDGRAPH_LOG_FORMAT", "text", "log format: text or json", "text|json"},
	{"shutdown-timeout", "AIDGRAPH_SHUTDOWN_TIMEOUT", "15s", "how long to let requests finish on SIGINT/SIGTERM", "duration"},
	{"request-timeout", "AIDGRAPH_REQUEST_TIMEOUT", "15s", "longest a request may run, its SQL included, before it is stopped with TIMEOUT errors; 0 for no limit", "duration"},
	{"rate-limit", "AIDGRAPH_RATE_LIMIT", "300000", "points (estimated cost) each client may spend per minute, all of them at once if it likes; 0 for no limit", "number"},
	{"redis-url", "AIDGRAPH_REDIS_URL", "", "Redis server (redis://host:6379/0) in which all instances share the rate limit's budgets; empty keeps them in this process", "URL"},
	{"trusted-proxies", "AIDGRAPH_TRUSTED_PROXIES", "", "comma-separated addresses or CIDR ranges of proxies whose X-Forwarded-For names the client", "list"},
	{"max-in-flight", "AIDGRAPH_MAX_IN_FLIGHT", strconv.Itoa(DefaultMaxInFlight()), "requests to /query that execute at once (twice the cores, at least 4); 0 for no bound", "number"},
	{"max-queued", "AIDGRAPH_MAX_QUEUED", "64", "requests that wait (up to 2 s) for one of those; any more get 503 with Retry-After at once", "number"},
	// A request allocates much and keeps little: collecting garbage less often saved a third
	// of the CPU per nested query (BENCHMARKS.md), and the memory limit bounds what that costs.
	// The division tree (about 14 MB at national scale) is live heap that gc-percent multiplies
	// fivefold: at 128MiB the process peaked at 151 MB under load, at 120MiB at 143 MB.
	{"gc-percent", "AIDGRAPH_GC_PERCENT", "400", "heap growth, in percent, between garbage collections (Go's GOGC)", "number"},
	{"memory-limit", "AIDGRAPH_MEMORY_LIMIT", "120MiB", "soft limit on the Go heap, after which it collects more often (Go's GOMEMLIMIT): bytes, or a number with KiB, MiB or GiB; 0 for none", "size"},
	{"playground-cdn", "AIDGRAPH_PLAYGROUND_CDN", "false", "serve at / gqlgen's playground page, which loads GraphiQL from a CDN, instead of the embedded one that needs nothing but this server", "true|false"},
	{"require-reader-key", "AIDGRAPH_REQUIRE_READER_KEY", "false", "refuse requests to /query and /csv without an API key (401), reads too; the playground, /healthz, /readyz and /metrics stay open", "true|false"},
}

// usage prints --help: what aidgraph is, its commands, and each setting with what it takes,
// its variable and its default.
func usage(w io.Writer) {
	fmt.Fprint(w, `aidgraph serves the Zhengzhou–Lushi aid record as a GraphQL API.

Usage:
  aidgraph [flags]                        serve (go run . serves the article's data on SQLite)
  aidgraph seed --synthetic small|national --db DB
                                          fill an empty database with synthetic data, for benchmarks
  aidgraph schema                         print the schema as one SDL file (examples/schema.graphql)
  aidgraph keys create --name NAME --role reader|editor|admin [--db DB]
                                          make an API key; it is printed once, and only its hash kept
  aidgraph keys list [--db DB]            list the keys: name, role, created, last used, revoked
  aidgraph keys revoke --name NAME [--db DB]
                                          revoke a key: refused from the next request on
  aidgraph import [--dry-run] [--db DB] FILE
                                          load schools, hospitals, projects, figures and sources
                                          from CSV or JSON: all rows or none, each bad row named

Flags (each also read from the environment variable shown; the flag wins):
`)
	for _, s := range settings {
		def := s.def
		if def == "" {
			def = "none"
		}
		fmt.Fprintf(w, "  --%s %s\n        %s\n        (env %s; default %s)\n", s.flag, s.kind, s.usage, s.env, def)
	}
}

// Parse reads the settings from args (without the program name) and getenv.
func Parse(args []string, getenv func(string) string, stderr io.Writer) (*Config, error) {
	fs := flag.NewFlagSet("aidgraph", flag.ContinueOnError)
	fs.SetOutput(stderr)
	values := map[string]*string{}
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		values[s.flag] = fs.String(s.flag, def, fmt.Sprintf("%s (env %s)", s.usage, s.env))
	}
	fs.Usage = func() { usage(stderr) }
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return build(values)
}

func build(v map[string]*string) (*Config, error) {
	c := &Config{DB: *v["db"], Addr: *v["addr"], PprofAddr: *v["pprof-addr"], LogLevel: *v["log-level"], LogFormat: *v["log-format"]}
	var err error
	if c.MaxPageSize, err = positive("max-page-size", *v["max-page-size"]); err != nil {
		return nil, err
	}
	if c.MaxQueryCost, err = positive("max-query-cost", *v["max-query-cost"]); err != nil {
		return nil, err
	}
	if c.ResultCache, err = strconv.Atoi(*v["result-cache"]); err != nil || c.ResultCache < 0 {
		return nil, fmt.Errorf("result-cache: want a whole number, 0 or more, got %q", *v["result-cache"])
	}
	if c.ResultCacheSize, err = bytesOf(*v["result-cache-size"]); err != nil || c.ResultCacheSize <= 0 {
		return nil, fmt.Errorf("result-cache-size: want a size such as 32MiB, got %q", *v["result-cache-size"])
	}
	if c.MaxOpenConns, err = positive("max-open-conns", *v["max-open-conns"]); err != nil {
		return nil, err
	}
	if c.DBWait, err = time.ParseDuration(*v["db-wait"]); err != nil || c.DBWait < 0 {
		return nil, fmt.Errorf("db-wait: want a duration such as 30s, got %q", *v["db-wait"])
	}
	if c.LoadArticle, err = strconv.ParseBool(*v["load-article"]); err != nil {
		return nil, fmt.Errorf("load-article: want true or false, got %q", *v["load-article"])
	}
	if c.ShutdownTimeout, err = time.ParseDuration(*v["shutdown-timeout"]); err != nil {
		return nil, fmt.Errorf("shutdown-timeout: %w", err)
	}
	if c.RequestTimeout, err = time.ParseDuration(*v["request-timeout"]); err != nil || c.RequestTimeout < 0 {
		return nil, fmt.Errorf("request-timeout: want a duration such as 15s, or 0, got %q", *v["request-timeout"])
	}
	if c.RateLimit, err = strconv.Atoi(*v["rate-limit"]); err != nil || c.RateLimit < 0 {
		return nil, fmt.Errorf("rate-limit: want a whole number of points, 0 or more, got %q", *v["rate-limit"])
	}
	c.RedisURL = *v["redis-url"]
	for _, p := range strings.Split(*v["trusted-proxies"], ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			a, err := netip.ParseAddr(p)
			if err != nil {
				return nil, fmt.Errorf("trusted-proxies: %q is not an address or CIDR range", p)
			}
			p = netip.PrefixFrom(a, a.BitLen()).String()
		}
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			return nil, fmt.Errorf("trusted-proxies: %q is not an address or CIDR range", p)
		}
		c.TrustedProxies = append(c.TrustedProxies, pfx.Masked())
	}
	if c.MaxInFlight, err = strconv.Atoi(*v["max-in-flight"]); err != nil || c.MaxInFlight < 0 {
		return nil, fmt.Errorf("max-in-flight: want a whole number, 0 or more, got %q", *v["max-in-flight"])
	}
	if c.MaxQueued, err = strconv.Atoi(*v["max-queued"]); err != nil || c.MaxQueued < 0 {
		return nil, fmt.Errorf("max-queued: want a whole number, 0 or more, got %q", *v["max-queued"])
	}
	if c.GCPercent, err = positive("gc-percent", *v["gc-percent"]); err != nil {
		return nil, err
	}
	if c.MemoryLimit, err = bytesOf(*v["memory-limit"]); err != nil {
		return nil, fmt.Errorf("memory-limit: %w", err)
	}
	if c.PlaygroundCDN, err = strconv.ParseBool(*v["playground-cdn"]); err != nil {
		return nil, fmt.Errorf("playground-cdn: want true or false, got %q", *v["playground-cdn"])
	}
	if c.RequireReaderKey, err = strconv.ParseBool(*v["require-reader-key"]); err != nil {
		return nil, fmt.Errorf("require-reader-key: want true or false, got %q", *v["require-reader-key"])
	}
	for _, o := range strings.Split(*v["cors-origins"], ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.CORSOrigins = append(c.CORSOrigins, o)
		}
	}
	for _, h := range strings.Split(*v["cors-headers"], ",") {
		if h = strings.TrimSpace(h); h == "" {
			continue
		} else if !token(h) {
			return nil, fmt.Errorf("cors-headers: %q is not a header name", h)
		}
		c.CORSHeaders = append(c.CORSHeaders, h)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return nil, fmt.Errorf("log-format: want text or json, got %q", c.LogFormat)
	}
	return c, nil
}

func positive(name, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s: want a positive whole number, got %q", name, s)
	}
	return n, nil
}

// bytesOf reads a size such as 134217728, 128MiB or 1GiB.
func bytesOf(s string) (int64, error) {
	num, unit := s, int64(1)
	for suffix, u := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			num, unit = n, u
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n < 0 || n > (1<<62)/unit {
		return 0, fmt.Errorf("want bytes, or a whole number with KiB, MiB or GiB, got %q", s)
	}
	return n * unit, nil
}

// token tells whether s is an HTTP token (RFC 9110), as a header's name must be.
func token(s string) bool {
	for _, r := range s {
		if r > 0x7e || r <= ' ' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) {
			return false
		}
	}
	return s != ""
}
