package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestHalfOpenWriteReleasesItsLocks cuts a write off from the database in the middle of its
// transaction, its project locked, by a proxy that forwards nothing more and closes neither side
// (a network that dropped the connection without a word). The server's side of it sits idle,
// holding the lock, until the session's Idle bound (wait_timeout) ends it; meanwhile other
// writes of the project wait LockWait, are run again, and answer CONFLICT, never anything
// else; after it, the next one succeeds, and the cut write left nothing behind.
func TestHalfOpenWriteReleasesItsLocks(t *testing.T) {
	s := testdb.Open(t, store.MySQL)
	network, address := testdb.MySQLUpstream(t)
	proxy := testdb.NewProxy(t, network, address)
	ctx := context.Background()
	session := store.Session{LockWait: time.Second, Idle: 2 * time.Second}
	via, err := store.Open(ctx, testdb.Via(t, s, proxy.Addr()), store.Options{Session: session})
	if err != nil {
		t.Fatal(err)
	}
	defer via.Close()
	ids, versions := projectsOf(t, testdb.SQL(t, s), 1)

	cutCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	err = via.Write(cutCtx, "cut", rename(ids[0], versions[0], proxy.Strand))
	if err == nil {
		t.Fatal("the write whose connection was cut committed")
	}

	// The bound: wait_timeout, then the wait and retries of a write that started just before.
	bound := time.Now().Add(session.Idle + 4*4*session.LockWait + 10*time.Second)
	var tries int
	for {
		tries++
		wctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := s.Write(wctx, "after", rename(ids[0], versions[0], func() {}))
		cancel()
		if err == nil {
			break
		}
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Conflict {
			t.Fatalf("try %d, while the cut write holds the project: %v; want CONFLICT", tries, err)
		}
		if time.Now().After(bound) {
			t.Fatalf("the project was still locked after %d tries: the cut transaction was never ended", tries)
		}
	}
	var version int
	if err := testdb.SQL(t, s).QueryRow("SELECT version FROM projects WHERE id = ?", ids[0]).Scan(&version); err != nil || version != versions[0]+1 {
		t.Errorf("version %d (%v), want %d: the cut write must have left nothing", version, err, versions[0]+1)
	}
	t.Logf("the project was written again after %d tries", tries)
}
