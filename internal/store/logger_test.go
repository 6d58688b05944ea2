package store_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// lockedBuffer is a log's destination that goroutines may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestLogKeepsKeyHashesOut logs every statement as slow, at the most detailed level, while a key
// is made, made again (which fails), looked up and marked used, as a keyed request does: the
// statements are logged, and the key's hash is in none of the lines.
func TestLogKeepsKeyHashesOut(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.OpenEmpty(t, d)
		_, hash, err := auth.Generate()
		if err != nil {
			t.Fatal(err)
		}
		var log lockedBuffer
		prev := slog.Default()
		slog.SetDefault(slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug - 4})))
		t.Cleanup(func() { slog.SetDefault(prev) })
		store.LogEveryStatementAsSlow(t)

		if err := s.CreateKey(ctx, "ci", "editor", hash); err != nil {
			t.Fatal(err)
		}
		_ = s.CreateKey(ctx, "ci-again", "editor", hash) // a duplicate: the failed statement is logged too
		key, err := s.KeyByHash(ctx, hash)
		if err != nil {
			t.Fatal(err)
		}
		_ = s.TouchKey(ctx, key.ID, time.Now())
		slog.SetDefault(prev)

		got := log.String()
		if !strings.Contains(got, "slow statement") || !strings.Contains(got, "key_hash") {
			t.Fatalf("the key's statements were not logged as slow:\n%s", got)
		}
		if d == store.MySQL && !strings.Contains(got, "Duplicate entry '…' for key '") {
			t.Errorf("the failed insert's error is not logged, without its value:\n%s", got)
		}
		if strings.Contains(strings.ToLower(got), strings.ToLower(hash)) {
			t.Errorf("the log holds the key's hash:\n%s", got)
		}
	})
}
