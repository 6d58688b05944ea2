package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/priority"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// withGate opens another store on s's database whose writes give way to gate's reads.
func withGate(t *testing.T, s *store.Store, gate *priority.Gate) *store.Store {
	t.Helper()
	g, err := store.Open(context.Background(), testdb.TargetOf(t, s), store.Options{Session: store.DefaultSession, Priority: gate})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

// TestWritesGiveWayToReads: while a read runs, a write waits for it to end, up to the write's
// delay, holding nothing meanwhile (another write of the same row commits); after that it runs
// beside the read.
func TestWritesGiveWayToReads(t *testing.T) {
	for _, d := range testdb.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := testdb.Open(t, d)
			ids, versions := projectsOf(t, testdb.SQL(t, s), 2)

			gate := priority.New(time.Hour)
			g := withGate(t, s, gate)
			gate.StartRead()
			wrote := make(chan error, 1)
			go func() { wrote <- g.Write(context.Background(), "test", rename(ids[0], versions[0], func() {})) }()
			select {
			case err := <-wrote:
				t.Fatalf("the write ended while a read ran (%v): it did not give way", err)
			case <-time.After(200 * time.Millisecond):
			}
			// The waiting write holds no lock: a write of the same row through a store with no
			// gate commits at once (it would wait for the lock and get CONFLICT otherwise).
			if err := s.Write(context.Background(), "test", rename(ids[0], versions[0], func() {})); err != nil {
				t.Fatalf("a write of the row the waiting write will change: %v", err)
			}
			gate.EndRead()
			select {
			case err := <-wrote:
				var ae *apperr.Error
				if !errors.As(err, &ae) || ae.Code != apperr.Conflict {
					t.Fatalf("the waiting write, once the read ended, after another wrote its row: %v, want CONFLICT", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the write never ran after the read ended")
			}

			// A read that never ends holds a write up by no more than its delay.
			gate2 := priority.New(20 * time.Millisecond)
			g2 := withGate(t, s, gate2)
			gate2.StartRead()
			defer gate2.EndRead()
			go func() { wrote <- g2.Write(context.Background(), "test", rename(ids[1], versions[1], func() {})) }()
			select {
			case err := <-wrote:
				if err != nil {
					t.Fatalf("the write beside a read: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("a write waited for a read past its delay")
			}
		})
	}
}
