// Package config reads aidgraph's settings. Every setting has a command-line flag and an
// environment variable; the flag wins, then the variable, then the default. The settings table
// (settings.go) is the one owner of each setting's name, variable, default and help; --help,
// every command's --db and the README's settings table (checked by a test) follow it.
package config

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"
)

// Config holds every setting of the server.
type Config struct {
	DB              string
	Addr            string
	AddrFile        string // where to write the address once listening; "" writes none
	PprofAddr       string // where to serve Go's profiles (net/http/pprof); "" serves none
	MaxPageSize     int
	MaxQueryCost    int
	ResultCache     int
	ResultCacheSize int64 // bytes
	MaxOpenConns    int
	DBWait          time.Duration // how long start-up waits for MySQL to answer
	DBReplicas      []string      // MySQL read replicas of DB
	ReplicaMaxLag   time.Duration // how far behind DB a replica may fall and still serve reads
	LoadArticle     bool
	CORSOrigins     []string
	CORSHeaders     []string // request headers browsers may send, besides api's default ones
	LogLevel        string
	LogFormat       string
	ShutdownTimeout time.Duration
	RequestTimeout  time.Duration
	RateLimit       int    // points a client may spend per minute; 0 sets no limit
	RedisURL        string // where instances share the rate limit's budgets and persisted queries; "" keeps them in memory
	TrustedProxies  []netip.Prefix
	// Subscriptions: how many one instance and one client hold, and how often the log is read.
	MaxSubscriptions          int
	MaxSubscriptionsPerClient int
	StreamWriteTimeout        time.Duration
	ChangePollInterval        time.Duration
	OTLPEndpoint              string        // where to send traces (internal/tracing); "" sends none
	MaxInFlight               int           // requests executing at once; 0 sets no bound
	MaxQueued                 int           // requests waiting for a slot beyond those
	WriteYield                time.Duration // how long one write may wait for reads in all; 0 never
	GCPercent                 int
	MemoryLimit               int64 // bytes; 0 sets none
	PlaygroundCDN             bool  // serve gqlgen's playground page, which loads GraphiQL from a CDN
	// RequireReaderKey refuses requests without an API key, reads too (internal/auth).
	RequireReaderKey bool
	// TrustedDocuments is off, allow or enforce (api.TrustMode).
	TrustedDocuments string
}

// Parse reads the settings from args (without the program name) and getenv.
func Parse(args []string, getenv func(string) string, stderr io.Writer) (*Config, error) {
	fs := flag.NewFlagSet("aidgraph", flag.ContinueOnError)
	fs.SetOutput(stderr)
	values := make([]*string, len(settings))
	for i, s := range settings {
		values[i] = fs.String(s.flag, cmp.Or(getenv(s.env), s.def), s.help())
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

// build reads each setting's text, from the flag, the variable or the default, into its field.
// A bad variable is an error only when no flag overrides it, so values are read after parsing.
func build(values []*string) (*Config, error) {
	c := &Config{}
	for i, s := range settings {
		if err := s.set(c, *values[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", s.flag, err)
		}
	}
	return c, nil
}
