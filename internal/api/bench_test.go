package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// BenchEnv names the variable that points the query benchmarks at a database (any --db
// setting, such as a national-scale synthetic one); without it they use the article's data.
const BenchEnv = "AIDGRAPH_BENCH_DB"

// BenchmarkQueries serves the benchmark's four queries (bench/queries) over HTTP, one request
// at a time, through the whole stack: parsing, validation, resolvers, loaders and SQL.
//
//	go test ./internal/api -run '^$' -bench Queries
//	AIDGRAPH_BENCH_DB='mysql://root@localhost/aidgraph_national?socket=/run/mysqld/mysqld.sock' go test ./internal/api -run '^$' -bench Queries
func BenchmarkQueries(b *testing.B) {
	scale, s := "article", (*store.Store)(nil)
	if db := os.Getenv(BenchEnv); db != "" {
		target, err := store.ParseTarget(db)
		if err != nil {
			b.Fatal(err)
		}
		if s, err = store.Open(context.Background(), target, store.Options{}); err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		if err := s.Migrate(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
		scale = "national"
	} else {
		s = testdb.OpenEmpty(b, store.SQLite)
		if _, err := seed.Load(context.Background(), s); err != nil {
			b.Fatal(err)
		}
	}
	srv := httptest.NewServer(api.New(s, api.Options{}))
	defer srv.Close()
	for _, q := range []string{"q1_nested", "q2_list", "q3_aggregate", "q4_deep"} {
		body := benchBody(b, q, scale)
		b.Run(q, func(b *testing.B) {
			start := cpuTime(b)
			for b.Loop() {
				res, err := http.Post(srv.URL+api.QueryPath, "application/json", bytes.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				out, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || strings.Contains(string(out), `"errors"`) {
					b.Fatalf("%s: %d %s", q, res.StatusCode, out)
				}
			}
			// CPU time varies less than wall time on a shared machine, and is what limits
			// throughput under load. It includes the benchmark's own HTTP client.
			b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

func benchBody(b *testing.B, name, scale string) []byte {
	b.Helper()
	dir := filepath.Join("..", "..", "bench", "queries")
	query, err := os.ReadFile(filepath.Join(dir, name+".graphql"))
	if err != nil {
		b.Fatal(err)
	}
	vars, err := os.ReadFile(filepath.Join(dir, name+"."+scale+".json"))
	if err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"query": string(query), "variables": json.RawMessage(vars)})
	return body
}

// cpuTime is the CPU time this process has used, user and system, in nanoseconds.
func cpuTime(b *testing.B) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
