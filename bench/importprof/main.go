// Command importprof runs an import as `aidgraph import --pace 0` does, under Go's CPU
// profiler, so that where an import spends its time can be seen (issue 21): the profile goes to
// -cpuprofile, the heap at the end to -memprofile; it counts the statements the store ran and
// the time they took as the store's logger reports them.
//
//	go run ./bench/importprof -db sqlite:/tmp/imp.db -cpuprofile /tmp/imp.prof FILE
//	go tool pprof -top /tmp/imp.prof
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"github.com/aidgraph/aidgraph/internal/edit"
	"github.com/aidgraph/aidgraph/internal/store"
)

func main() {
	db := flag.String("db", "", "the database, as aidgraph's --db")
	cpu := flag.String("cpuprofile", "", "write a CPU profile here")
	mem := flag.String("memprofile", "", "write a heap profile here at the end")
	flag.Parse()
	stmts := &statementCount{}
	slog.SetDefault(slog.New(stmts))
	if flag.NArg() != 1 || *db == "" {
		log.Fatal("usage: importprof -db DB [-cpuprofile FILE] [-memprofile FILE] FILE")
	}
	ctx := context.Background()
	target, err := store.ParseTarget(*db)
	if err != nil {
		log.Fatal(err)
	}
	s, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx, nil); err != nil {
		log.Fatal(err)
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if *cpu != "" {
		out, err := os.Create(*cpu)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(out); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	rep, err := (&edit.Editor{Store: s}).ImportFile(ctx, "importprof", f, false)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("created %d, unchanged %d, %d errors in %s; %d statements, %s in them\n", rep.Created, rep.Unchanged, len(rep.Errors),
		time.Since(start).Round(time.Millisecond), stmts.n.Load(), time.Duration(stmts.took.Load()).Round(time.Millisecond))
	if *mem != "" {
		out, err := os.Create(*mem)
		if err != nil {
			log.Fatal(err)
		}
		runtime.GC()
		if err := pprof.WriteHeapProfile(out); err != nil {
			log.Fatal(err)
		}
	}
}

// statementCount is a log handler that counts the store's statements (logged at its most
// verbose level, or as slow) and adds up their durations; it drops every other record.
type statementCount struct{ n, took atomic.Int64 }

func (c *statementCount) Enabled(context.Context, slog.Level) bool { return true }

func (c *statementCount) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "statement" && r.Message != "slow statement" {
		return nil
	}
	c.n.Add(1)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "duration" {
			c.took.Add(int64(a.Value.Duration()))
		}
		return true
	})
	return nil
}

func (c *statementCount) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *statementCount) WithGroup(string) slog.Handler      { return c }
