package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestReadinessAfterIdleGap drives the readiness checker with its own clock and ticks: a poll
// after a long gap answers from the checks that ran meanwhile (200, where a check run only when
// asked answered 503), a failed check answers 503, and a checker that stopped checking is not
// believed for long.
func TestReadinessAfterIdleGap(t *testing.T) {
	var mu sync.Mutex
	clock, down := time.Unix(1_700_000_000, 0), false
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	ping := func(context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		if down {
			return errors.New("database down")
		}
		return nil
	}
	rd := newReadiness(ping, now)
	ticks, stop, ran := make(chan time.Time), make(chan struct{}), make(chan struct{})
	go func() { rd.run(ticks, stop); close(ran) }()
	// tick lets the checker run a check, and returns when it has ended: the loop takes the
	// second tick only after the check of the first.
	tick := func() { ticks <- now(); ticks <- now() }
	poll := func() int {
		w := httptest.NewRecorder()
		rd.ServeHTTP(w, httptest.NewRequest(http.MethodGet, ReadyPath, nil))
		return w.Code
	}

	if got := poll(); got != http.StatusOK {
		t.Errorf("first poll: %d, want 200", got)
	}
	for range 12 { // six seconds without a poll, ticking every half second as the ticker does
		advance(readyEvery)
		tick()
	}
	if got := poll(); got != http.StatusOK {
		t.Errorf("poll after an idle gap of 6 s: %d, want 200", got)
	}
	mu.Lock()
	down = true
	mu.Unlock()
	tick()
	if got := poll(); got != http.StatusServiceUnavailable {
		t.Errorf("poll after a failed check: %d, want 503", got)
	}
	mu.Lock()
	down = false
	mu.Unlock()
	tick()
	if got := poll(); got != http.StatusOK {
		t.Errorf("poll after the database came back: %d, want 200", got)
	}
	advance(readyStale + time.Second) // no tick: the checker is stuck
	if got := poll(); got != http.StatusServiceUnavailable {
		t.Errorf("poll when no check ended for %s: %d, want 503", readyStale+time.Second, got)
	}
	tick()
	close(stop)
	<-ran // the checker stops when the store is closed, which it then reports
	if got := poll(); got != http.StatusServiceUnavailable {
		t.Errorf("poll after the store closed: %d, want 503", got)
	}
}
