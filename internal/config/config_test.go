package config_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/config"
	"github.com/aidgraph/aidgraph/internal/priority"
)

// env returns a getenv that reads only m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseDefaults(t *testing.T) {
	var stderr bytes.Buffer
	c, err := config.Parse(nil, env(nil), &stderr)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := &config.Config{
		DB:               "sqlite:aidgraph.db",
		Addr:             ":8080",
		MaxPageSize:      100,
		MaxQueryCost:     100000,
		ResultCache:      1000,
		ResultCacheSize:  32 << 20,
		MaxOpenConns:     25,
		DBWait:           30 * time.Second,
		ReplicaMaxLag:    2 * time.Second,
		LoadArticle:      true,
		CORSOrigins:      []string{"*"},
		LogLevel:         "info",
		LogFormat:        "text",
		ShutdownTimeout:  15 * time.Second,
		RequestTimeout:   15 * time.Second,
		RateLimit:        300000,
		MaxInFlight:      config.DefaultMaxInFlight(),
		MaxQueued:        64,
		WriteYield:       priority.DefaultMaxDelay,
		GCPercent:        400,
		MemoryLimit:      120 << 20,
		TrustedDocuments: "off",
		MaxSubscriptions: 10000, MaxSubscriptionsPerClient: 100, StreamWriteTimeout: 10 * time.Second, ChangePollInterval: 250 * time.Millisecond,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Parse defaults = %+v\nwant %+v", c, want)
	}
	if stderr.Len() != 0 {
		t.Errorf("Parse wrote to stderr: %q", stderr.String())
	}
}

func TestParseSettings(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		check func(*config.Config) bool
	}{
		{"env db", nil, map[string]string{"AIDGRAPH_DB": "mysql://u:p@h/d"},
			func(c *config.Config) bool { return c.DB == "mysql://u:p@h/d" }},
		{"env addr", nil, map[string]string{"AIDGRAPH_ADDR": "127.0.0.1:9000"},
			func(c *config.Config) bool { return c.Addr == "127.0.0.1:9000" }},
		{"env max page size", nil, map[string]string{"AIDGRAPH_MAX_PAGE_SIZE": "20"},
			func(c *config.Config) bool { return c.MaxPageSize == 20 }},
		{"env max open conns", nil, map[string]string{"AIDGRAPH_MAX_OPEN_CONNS": "4"},
			func(c *config.Config) bool { return c.MaxOpenConns == 4 }},
		{"env load article", nil, map[string]string{"AIDGRAPH_LOAD_ARTICLE": "false"},
			func(c *config.Config) bool { return !c.LoadArticle }},
		{"env cors origins split and trimmed", nil, map[string]string{"AIDGRAPH_CORS_ORIGINS": "https://a.example, https://b.example,,"},
			func(c *config.Config) bool {
				return reflect.DeepEqual(c.CORSOrigins, []string{"https://a.example", "https://b.example"})
			}},
		{"no cors headers beyond the usual by default", nil, nil,
			func(c *config.Config) bool { return c.CORSHeaders == nil }},
		{"env cors headers split and trimmed", nil, map[string]string{"AIDGRAPH_CORS_HEADERS": "X-Tenant, X-B3-TraceId,,"},
			func(c *config.Config) bool {
				return reflect.DeepEqual(c.CORSHeaders, []string{"X-Tenant", "X-B3-TraceId"})
			}},
		{"flag cors headers", []string{"--cors-headers", "X-Tenant"}, nil,
			func(c *config.Config) bool { return reflect.DeepEqual(c.CORSHeaders, []string{"X-Tenant"}) }},
		{"env log level", nil, map[string]string{"AIDGRAPH_LOG_LEVEL": "debug"},
			func(c *config.Config) bool { return c.LogLevel == "debug" }},
		{"env log format", nil, map[string]string{"AIDGRAPH_LOG_FORMAT": "json"},
			func(c *config.Config) bool { return c.LogFormat == "json" }},
		{"env shutdown timeout", nil, map[string]string{"AIDGRAPH_SHUTDOWN_TIMEOUT": "2m"},
			func(c *config.Config) bool { return c.ShutdownTimeout == 2*time.Minute }},
		{"env request timeout", nil, map[string]string{"AIDGRAPH_REQUEST_TIMEOUT": "2s"},
			func(c *config.Config) bool { return c.RequestTimeout == 2*time.Second }},
		{"no request timeout", []string{"-request-timeout", "0"}, nil,
			func(c *config.Config) bool { return c.RequestTimeout == 0 }},
		{"env gc percent", nil, map[string]string{"AIDGRAPH_GC_PERCENT": "100"},
			func(c *config.Config) bool { return c.GCPercent == 100 }},
		{"memory limit in bytes", []string{"-memory-limit", "1000"}, nil,
			func(c *config.Config) bool { return c.MemoryLimit == 1000 }},
		{"memory limit in GiB", nil, map[string]string{"AIDGRAPH_MEMORY_LIMIT": "2GiB"},
			func(c *config.Config) bool { return c.MemoryLimit == 2<<30 }},
		{"no memory limit", []string{"-memory-limit", "0"}, nil,
			func(c *config.Config) bool { return c.MemoryLimit == 0 }},
		{"env addr file", nil, map[string]string{"AIDGRAPH_ADDR_FILE": "/tmp/aidgraph.addr"},
			func(c *config.Config) bool { return c.AddrFile == "/tmp/aidgraph.addr" }},
		{"trusted proxies: an address is a range of one", []string{"--trusted-proxies", "10.0.0.1, 192.168.0.0/16"}, nil,
			func(c *config.Config) bool {
				return fmt.Sprint(c.TrustedProxies) == "[10.0.0.1/32 192.168.0.0/16]"
			}},
		{"empty env is unset", nil, map[string]string{"AIDGRAPH_ADDR": ""},
			func(c *config.Config) bool { return c.Addr == ":8080" }},
		{"flag db", []string{"-db", "sqlite:other.db"}, nil,
			func(c *config.Config) bool { return c.DB == "sqlite:other.db" }},
		{"flag with =", []string{"--max-page-size=7"}, nil,
			func(c *config.Config) bool { return c.MaxPageSize == 7 }},
		{"flag overrides env", []string{"-addr", ":1"}, map[string]string{"AIDGRAPH_ADDR": ":2"},
			func(c *config.Config) bool { return c.Addr == ":1" }},
		{"flag overrides env max page size", []string{"-max-page-size", "30"}, map[string]string{"AIDGRAPH_MAX_PAGE_SIZE": "20"},
			func(c *config.Config) bool { return c.MaxPageSize == 30 }},
		{"flag overrides env load article", []string{"-load-article=true"}, map[string]string{"AIDGRAPH_LOAD_ARTICLE": "false"},
			func(c *config.Config) bool { return c.LoadArticle }},
		{"flag overrides bad env", []string{"-log-format", "text"}, map[string]string{"AIDGRAPH_LOG_FORMAT": "xml"},
			func(c *config.Config) bool { return c.LogFormat == "text" }},
		{"flag playground cdn", []string{"--playground-cdn=true"}, nil,
			func(c *config.Config) bool { return c.PlaygroundCDN }},
		{"env playground cdn", nil, map[string]string{"AIDGRAPH_PLAYGROUND_CDN": "true"},
			func(c *config.Config) bool { return c.PlaygroundCDN }},
		{"reader key not required by default", nil, nil,
			func(c *config.Config) bool { return !c.RequireReaderKey }},
		{"flag require reader key", []string{"--require-reader-key=true"}, nil,
			func(c *config.Config) bool { return c.RequireReaderKey }},
		{"env require reader key", nil, map[string]string{"AIDGRAPH_REQUIRE_READER_KEY": "true"},
			func(c *config.Config) bool { return c.RequireReaderKey }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Parse(tt.args, env(tt.env), &bytes.Buffer{})
			if err != nil {
				t.Fatalf("Parse(%q, %v): %v", tt.args, tt.env, err)
			}
			if !tt.check(c) {
				t.Errorf("Parse(%q, %v) = %+v", tt.args, tt.env, c)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"max page size zero", []string{"-max-page-size", "0"}, nil},
		{"max page size negative", []string{"-max-page-size", "-5"}, nil},
		{"max page size not a number", []string{"-max-page-size", "x"}, nil},
		{"max page size from env", nil, map[string]string{"AIDGRAPH_MAX_PAGE_SIZE": "x"}},
		{"max open conns zero", []string{"-max-open-conns", "0"}, nil},
		{"load article maybe", []string{"-load-article", "maybe"}, nil},
		{"load article from env", nil, map[string]string{"AIDGRAPH_LOAD_ARTICLE": "maybe"}},
		{"playground cdn maybe", nil, map[string]string{"AIDGRAPH_PLAYGROUND_CDN": "maybe"}},
		{"require reader key maybe", nil, map[string]string{"AIDGRAPH_REQUIRE_READER_KEY": "maybe"}},
		{"cors header not a name", []string{"--cors-headers", "X-Ok, Bad Header"}, nil},
		{"cors header with a colon", nil, map[string]string{"AIDGRAPH_CORS_HEADERS": "X-Tenant: 1"}},
		{"log format xml", []string{"-log-format", "xml"}, nil},
		{"log format from env", nil, map[string]string{"AIDGRAPH_LOG_FORMAT": "xml"}},
		{"shutdown timeout soon", []string{"-shutdown-timeout", "soon"}, nil},
		{"shutdown timeout without unit", nil, map[string]string{"AIDGRAPH_SHUTDOWN_TIMEOUT": "15"}},
		{"request timeout without unit", []string{"-request-timeout", "15"}, nil},
		{"request timeout negative", nil, map[string]string{"AIDGRAPH_REQUEST_TIMEOUT": "-1s"}},
		{"gc percent zero", []string{"-gc-percent", "0"}, nil},
		{"memory limit in MB", []string{"-memory-limit", "128MB"}, nil},
		{"memory limit negative", nil, map[string]string{"AIDGRAPH_MEMORY_LIMIT": "-1MiB"}},
		{"memory limit too large", []string{"-memory-limit", "9000000000GiB"}, nil},
		{"trusted proxies not an address", []string{"--trusted-proxies", "proxy.example"}, nil},
		{"result cache size zero", []string{"--result-cache-size", "0"}, nil},
		{"db wait negative", []string{"--db-wait", "-1s"}, nil},
		{"positional argument", []string{"serve"}, nil},
		{"positional after flag", []string{"-addr", ":1", "extra"}, nil},
		{"unknown flag", []string{"-port", "80"}, nil},
		{"flag missing value", []string{"-db"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Parse(tt.args, env(tt.env), &bytes.Buffer{})
			if err == nil {
				t.Errorf("Parse(%q, %v) = %+v, nil; want an error", tt.args, tt.env, c)
			}
		})
	}
}

func TestParseHelp(t *testing.T) {
	for _, arg := range []string{"-help", "-h", "--help"} {
		t.Run(arg, func(t *testing.T) {
			var stderr bytes.Buffer
			c, err := config.Parse([]string{arg}, env(nil), &stderr)
			if !errors.Is(err, flag.ErrHelp) {
				t.Fatalf("Parse(%q) = %v, %v; want flag.ErrHelp", arg, c, err)
			}
			usage := stderr.String()
			for _, v := range []string{
				"AIDGRAPH_DB", "AIDGRAPH_ADDR", "AIDGRAPH_MAX_PAGE_SIZE", "AIDGRAPH_MAX_OPEN_CONNS",
				"AIDGRAPH_LOAD_ARTICLE", "AIDGRAPH_CORS_ORIGINS", "AIDGRAPH_LOG_LEVEL",
				"AIDGRAPH_LOG_FORMAT", "AIDGRAPH_SHUTDOWN_TIMEOUT",
			} {
				if !strings.Contains(usage, v) {
					t.Errorf("usage does not name %s:\n%s", v, usage)
				}
			}
			// What each flag takes and its default, and the seed command, not "string" for all.
			for _, v := range []string{"--request-timeout duration", "default 15s", "--memory-limit size", "aidgraph seed --synthetic"} {
				if !strings.Contains(usage, v) {
					t.Errorf("usage lacks %q:\n%s", v, usage)
				}
			}
			if strings.Contains(usage, " string\n") {
				t.Errorf("usage calls a flag's value a string:\n%s", usage)
			}
		})
	}
}
