package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/aidgraph/aidgraph/internal/store"
)

// Readiness: a check of the database runs in the background every readyEvery, from the start
// until the store is closed, and gives up after readyTimeout; /readyz answers from its last
// result, so the answer never waits behind a busy database, however seldom it is asked.
const (
	readyEvery   = 500 * time.Millisecond
	readyTimeout = time.Second
	// readyStale: a last check older than this means the checker itself is stuck.
	readyStale = 5 * time.Second
)

// readiness answers /readyz: 200 while the last check answered within readyTimeout, 503 when it
// did not, or when none ended for readyStale. Only a request that comes before the first check
// has ended waits, for that one.
type readiness struct {
	ping  func(context.Context) error
	now   func() time.Time
	first chan struct{} // closed when the first check ends
	mu    sync.Mutex
	ended time.Time // when the last check ended
	err   error
}

// checkReadiness starts the checks on s, which stop when s is closed.
func checkReadiness(s *store.Store) *readiness {
	rd := newReadiness(s.Ping, time.Now)
	t := time.NewTicker(readyEvery)
	go func() {
		defer t.Stop()
		rd.run(t.C, s.Closed())
	}()
	return rd
}

func newReadiness(ping func(context.Context) error, now func() time.Time) *readiness {
	return &readiness{ping: ping, now: now, first: make(chan struct{})}
}

// run checks at once, then at each tick, until stop is closed.
func (rd *readiness) run(ticks <-chan time.Time, stop <-chan struct{}) {
	rd.check(stop)
	close(rd.first)
	for {
		select {
		case <-stop:
			rd.record(errClosed)
			return
		case <-ticks:
			rd.check(stop)
		}
	}
}

func (rd *readiness) check(stop <-chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	err := rd.ping(ctx)
	select {
	case <-stop:
		err = errClosed // closed while it was pinged: not the database's failure
	default:
		if err != nil {
			slog.Warn("readiness check failed", "err", err)
		}
	}
	rd.record(err)
}

// errClosed is the last check's result once the store is closed (the server shuts down).
var errClosed = errors.New("the store is closed")

func (rd *readiness) record(err error) {
	rd.mu.Lock()
	rd.ended, rd.err = rd.now(), err
	rd.mu.Unlock()
}

func (rd *readiness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	select {
	case <-rd.first:
	case <-r.Context().Done():
	}
	rd.mu.Lock()
	ended, err := rd.ended, rd.err
	rd.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	switch {
	case ended.IsZero() || rd.now().Sub(ended) > readyStale:
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database not checked lately\n"))
	case err != nil:
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
	default:
		_, _ = w.Write([]byte("ready\n"))
	}
}
