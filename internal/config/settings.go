package config

import (
	"fmt"
	"net/netip"
	"runtime"
	"strconv"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/follow"
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/priority"
	"github.com/aidgraph/aidgraph/internal/store"
)

// setting is one flag and its variable: the one place that names it, gives its default and
// says what it means, and the field it is read into.
type setting struct {
	flag, env string
	kind      string // what the value is, for --help: number, duration, size, URL, ...
	def       string // the default as one would type it; "" for none
	defNote   string // how a default that depends on the machine is chosen
	usage     string
	set       func(c *Config, v string) error
}

// help is the flag's one-line help, as the flag package shows it.
func (s setting) help() string { return fmt.Sprintf("%s (env %s)", s.usage, s.env) }

// minInFlight is the fewest requests DefaultMaxInFlight lets execute at once.
const minInFlight = 4

// DefaultMaxInFlight is twice the cores the server may use, at least minInFlight. Measured at
// national scale on two cores (docs/benchmarks-history.md, issue 13), 4 running at once served
// a flood of expensive queries as fast as 16, with a shorter tail, and left /readyz the CPU to
// answer in milliseconds.
func DefaultMaxInFlight() int { return max(minInFlight, 2*runtime.GOMAXPROCS(0)) }

var dbSetting = setting{"db", "AIDGRAPH_DB", "URL", DefaultDB, "",
	"database: sqlite:PATH, or mysql://user:pass@host:port/dbname (add ?socket=PATH for a Unix socket)",
	text(func(c *Config) *string { return &c.DB })}

var settings = []setting{
	dbSetting,
	{"addr", "AIDGRAPH_ADDR", "host:port", ":8080", "", "address to listen on",
		text(func(c *Config) *string { return &c.Addr })},
	{"addr-file", "AIDGRAPH_ADDR_FILE", "path", "", "",
		"file to which the server writes the address it listens on (host:port) once it listens, and which it removes when it stops: for scripts that listen on port 0",
		text(func(c *Config) *string { return &c.AddrFile })},
	{"pprof-addr", "AIDGRAPH_PPROF_ADDR", "host:port", "", "",
		"address on which to serve Go's CPU and memory profiles (/debug/pprof/), such as 127.0.0.1:6060; empty serves none. Never expose it",
		text(func(c *Config) *string { return &c.PprofAddr })},
	{"max-page-size", "AIDGRAPH_MAX_PAGE_SIZE", "number", strconv.Itoa(paging.DefaultMaxPageSize), "",
		"largest first/last a connection accepts",
		whole(1, func(c *Config) *int { return &c.MaxPageSize })},
	{"max-query-cost", "AIDGRAPH_MAX_QUERY_COST", "number", strconv.Itoa(api.DefaultMaxCost), "",
		fmt.Sprintf("largest estimated cost of an operation: its fields, each counted once per item of the lists above it, and %d more for each that starts SQL", api.StatementCost),
		whole(1, func(c *Config) *int { return &c.MaxQueryCost })},
	{"result-cache", "AIDGRAPH_RESULT_CACHE", "number", "1000", "",
		"responses to keep in the result cache, which any committed write invalidates; 0 turns it off",
		whole(0, func(c *Config) *int { return &c.ResultCache })},
	{"result-cache-size", "AIDGRAPH_RESULT_CACHE_SIZE", "size", sizeText(api.DefaultResultCacheBytes), "",
		"bytes of responses the result cache keeps at most: bytes, or a number with KiB, MiB or GiB",
		size(1, func(c *Config) *int64 { return &c.ResultCacheSize })},
	{"max-open-conns", "AIDGRAPH_MAX_OPEN_CONNS", "number", "25", "", "MySQL connection pool size",
		whole(1, func(c *Config) *int { return &c.MaxOpenConns })},
	{"db-replicas", "AIDGRAPH_DB_REPLICAS", "list", "", "",
		"comma-separated MySQL read replicas of --db (mysql://user:pass@host:port/dbname each): reads go to a healthy one that has caught up, writes to --db",
		list(func(c *Config) *[]string { return &c.DBReplicas })},
	{"replica-max-lag", "AIDGRAPH_REPLICA_MAX_LAG", "duration", store.DefaultReplicaMaxLag.String(), "",
		"how far behind --db a replica may fall and still serve reads without a token; one further behind, or not answering, is left out within a second",
		positiveDuration(func(c *Config) *time.Duration { return &c.ReplicaMaxLag })},
	{"db-wait", "AIDGRAPH_DB_WAIT", "duration", "30s", "",
		"how long start-up waits for a MySQL server that does not answer yet, trying again with backoff",
		duration(func(c *Config) *time.Duration { return &c.DBWait })},
	{"load-article", "AIDGRAPH_LOAD_ARTICLE", "true|false", "true", "",
		"load the article's dataset at start-up if the database lacks it",
		boolean(func(c *Config) *bool { return &c.LoadArticle })},
	{"cors-origins", "AIDGRAPH_CORS_ORIGINS", "list", "*", "",
		"comma-separated origins allowed to call /query from a browser",
		list(func(c *Config) *[]string { return &c.CORSOrigins })},
	{"cors-headers", "AIDGRAPH_CORS_HEADERS", "list", "", "",
		"comma-separated request headers a browser may send to /query, besides the usual ones (Content-Type, Authorization, tracing and client headers such as traceparent, baggage, sentry-trace, X-Request-ID, apollographql-client-name)",
		headerNames(func(c *Config) *[]string { return &c.CORSHeaders })},
	{"log-level", "AIDGRAPH_LOG_LEVEL", "level", "info", "", "log level: debug, info, warn or error",
		text(func(c *Config) *string { return &c.LogLevel })},
	{"log-format", "AIDGRAPH_LOG_FORMAT", "text|json", "text", "", "log format: text or json",
		oneOf(func(c *Config) *string { return &c.LogFormat }, "text", "json")},
	{"shutdown-timeout", "AIDGRAPH_SHUTDOWN_TIMEOUT", "duration", "15s", "",
		"how long to let requests finish on SIGINT/SIGTERM",
		duration(func(c *Config) *time.Duration { return &c.ShutdownTimeout })},
	{"request-timeout", "AIDGRAPH_REQUEST_TIMEOUT", "duration", "15s", "",
		"longest a request may run, its SQL included, before it is stopped with TIMEOUT errors; 0 for no limit",
		duration(func(c *Config) *time.Duration { return &c.RequestTimeout })},
	{"rate-limit", "AIDGRAPH_RATE_LIMIT", "number", "300000", "",
		"points (estimated cost) each client may spend per minute, all of them at once if it likes; 0 for no limit",
		whole(0, func(c *Config) *int { return &c.RateLimit })},
	{"redis-url", "AIDGRAPH_REDIS_URL", "URL", "", "",
		"Redis server (redis://host:6379/0) in which all instances share the rate limit's budgets and the persisted queries, and hear of each other's writes at once (subscriptions); empty keeps them in this process",
		text(func(c *Config) *string { return &c.RedisURL })},
	{"max-subscriptions", "AIDGRAPH_MAX_SUBSCRIPTIONS", "number", strconv.Itoa(live.DefaultMaxTotal), "",
		"subscriptions one instance serves at once; past it, TOO_MANY_SUBSCRIPTIONS",
		whole(1, func(c *Config) *int { return &c.MaxSubscriptions })},
	{"max-subscriptions-per-client", "AIDGRAPH_MAX_SUBSCRIPTIONS_PER_CLIENT", "number", strconv.Itoa(live.DefaultMaxPerClient), "",
		"subscriptions one client (an API key, or an address) holds at once on one instance; past it, TOO_MANY_SUBSCRIPTIONS",
		whole(1, func(c *Config) *int { return &c.MaxSubscriptionsPerClient })},
	{"stream-write-timeout", "AIDGRAPH_STREAM_WRITE_TIMEOUT", "duration", live.DefaultWriteTimeout.String(), "",
		"how long a write to a subscription's stream may wait for its client to read; past it the client is cut off as a slow consumer (SLOW_CONSUMER) and resumes from its last cursor",
		duration(func(c *Config) *time.Duration { return &c.StreamWriteTimeout })},
	{"change-poll-interval", "AIDGRAPH_CHANGE_POLL_INTERVAL", "duration", follow.DefaultInterval.String(), "",
		"how often an instance reads the data version (and, when it moved, the new changes for its subscribers) when nothing wakes it sooner (a write it commits, or, with --redis-url, one another instance commits): how stale a request without a token may be (\"Freshness\")",
		duration(func(c *Config) *time.Duration { return &c.ChangePollInterval })},
	{"otlp-endpoint", "AIDGRAPH_OTLP_ENDPOINT", "URL", "", "",
		"OpenTelemetry collector to send traces to over OTLP/HTTP (http://host:4318): a span per request, operation, batch and SQL statement; empty sends none, at no cost",
		text(func(c *Config) *string { return &c.OTLPEndpoint })},
	{"trusted-proxies", "AIDGRAPH_TRUSTED_PROXIES", "list", "", "",
		"comma-separated addresses or CIDR ranges of proxies whose X-Forwarded-For names the client",
		prefixes(func(c *Config) *[]netip.Prefix { return &c.TrustedProxies })},
	{"max-in-flight", "AIDGRAPH_MAX_IN_FLIGHT", "number", strconv.Itoa(DefaultMaxInFlight()),
		fmt.Sprintf("twice the cores, at least %d", minInFlight),
		"requests to /query that execute at once; 0 for no bound",
		whole(0, func(c *Config) *int { return &c.MaxInFlight })},
	{"max-queued", "AIDGRAPH_MAX_QUEUED", "number", "64", "",
		fmt.Sprintf("requests that wait (up to %s) for one of those; any more get 503 with Retry-After at once", api.QueueWait),
		whole(0, func(c *Config) *int { return &c.MaxQueued })},
	{"write-yield", "AIDGRAPH_WRITE_YIELD", "duration", priority.DefaultMaxDelay.String(), "",
		"how long, in all, a write may wait for the queries running to end before it begins; its statements then run one at a time beside them, so that writes at full speed do not slow reads down (queries are counted in --max-in-flight's slots: with 0 there, none is); 0 lets writes run beside reads as they come",
		duration(func(c *Config) *time.Duration { return &c.WriteYield })},
	// A request allocates much and keeps little: collecting garbage less often saved a third
	// of the CPU per nested query (docs/benchmarks-history.md), and the memory limit bounds
	// what that costs.
	// The division tree (about 14 MB at national scale) is live heap that gc-percent multiplies
	// fivefold: at 128MiB the process peaked at 151 MB under load, at 120MiB at 143 MB.
	{"gc-percent", "AIDGRAPH_GC_PERCENT", "number", "400", "",
		"heap growth, in percent, between garbage collections (Go's GOGC)",
		whole(1, func(c *Config) *int { return &c.GCPercent })},
	{"memory-limit", "AIDGRAPH_MEMORY_LIMIT", "size", "120MiB", "",
		"soft limit on the process's memory, after which it collects more often (Go's GOMEMLIMIT, on the Go heap; on SQLite 24 MiB less, left to the database's caches in the process): bytes, or a number with KiB, MiB or GiB; 0 for none",
		size(0, func(c *Config) *int64 { return &c.MemoryLimit })},
	{"playground-cdn", "AIDGRAPH_PLAYGROUND_CDN", "true|false", "false", "",
		"serve at / gqlgen's playground page, which loads GraphiQL from a CDN, instead of the embedded one that needs nothing but this server",
		boolean(func(c *Config) *bool { return &c.PlaygroundCDN })},
	{"require-reader-key", "AIDGRAPH_REQUIRE_READER_KEY", "true|false", "false", "",
		"refuse requests to /query and /csv without an API key (401), reads too; the playground, /healthz, /readyz and /metrics stay open",
		boolean(func(c *Config) *bool { return &c.RequireReaderKey })},
	{"trusted-documents", "AIDGRAPH_TRUSTED_DOCUMENTS", "off|allow|enforce", "off", "",
		"documents the operation registry does not hold: off runs them; allow runs them, counts them in /metrics and logs each once; enforce refuses them (DOCUMENT_NOT_TRUSTED) unless the key is an admin's",
		oneOf(func(c *Config) *string { return &c.TrustedDocuments }, api.TrustModes...)},
}
