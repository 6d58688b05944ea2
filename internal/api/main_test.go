package api_test

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/aidgraph/aidgraph/internal/sqlrules"
	"github.com/aidgraph/aidgraph/internal/store"
)

// TestMain holds every statement the store runs in this package's tests, which send real
// GraphQL over HTTP through every read and write path, to the rules that keep the SQL runnable
// on TiDB (internal/sqlrules, README: Running on TiDB): a statement that breaks one fails the run.
//
// Benchmarks run without it, so that what they measure is the server alone.
func TestMain(m *testing.M) {
	flag.Parse()
	c := sqlrules.NewCollector()
	stop := func() {}
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		// As TiDB would receive them: the store writes a few (its share locks) for the server.
		stop = store.WatchStatements(func(sql string) { c.Add(store.AsTiDBReceives(sql)) })
	}
	code := m.Run()
	stop()
	for _, v := range c.Violations() {
		fmt.Fprintf(os.Stderr, "FAIL: TiDB rule %q (%s) broken by: %.500s\n", v.Rule.Name, v.Rule.Why, v.Statement)
		code = 1
	}
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "TiDB rules: %d statements, %d shapes checked\n", c.Statements, c.Shapes())
	}
	os.Exit(code)
}
