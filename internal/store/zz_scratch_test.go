package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/store"
)

func TestScratchSearch(t *testing.T) {
	dsn := os.Getenv("SCRATCH_DB")
	if dsn == "" {
		t.Skip()
	}
	ctx := context.Background()
	target, _ := store.ParseTarget(dsn)
	s, err := store.Open(ctx, target, store.Options{Session: store.DefaultSession})
	if err != nil {
		t.Fatal(err)
	}
	store.LogEveryStatementAsSlow(t)
	for _, q := range []string{os.Getenv("SCRATCH_Q")} {
		n := 20
		start := time.Now()
		conn, _ := s.Search(ctx, q, nil, paging.Args{First: &n})
		hits, err := conn.Nodes()
		t.Logf("%s: %d hits %v in %v", q, len(hits), err, time.Since(start))
	}
}
