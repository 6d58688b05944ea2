package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// QueueWait is the longest a request waits for a slot before it is shed: a client is better
// told at once to come back than left hanging behind work it cannot see.
const QueueWait = 2 * time.Second

// retryAfter is what a shed request is told to wait, in seconds.
const retryAfter = 1

// shedder bounds the requests that run at once: up to inFlight run, up to queued more wait at
// most QueueWait for a slot, and any other gets 503 with Retry-After at once. The health and
// readiness checks do not pass through it, so a busy instance is not taken for a dead one.
type shedder struct {
	slots, queue chan struct{}
}

func newShedder(inFlight, queued int) *shedder {
	return &shedder{slots: make(chan struct{}, inFlight), queue: make(chan struct{}, queued)}
}

func (s *shedder) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.acquire(r) {
			if errors.Is(r.Context().Err(), context.Canceled) {
				return // the client went away while it waited
			}
			w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
			refuse(w, http.StatusServiceUnavailable, apperr.Unavailable, "the server is at capacity: retry after "+strconv.Itoa(retryAfter)+" s")
			return
		}
		defer func() { <-s.slots }()
		next.ServeHTTP(w, r)
	})
}

// acquire takes a slot, waiting in the queue if there is room in it; false means shed.
func (s *shedder) acquire(r *http.Request) bool {
	select {
	case s.slots <- struct{}{}:
		return true
	default:
	}
	select {
	case s.queue <- struct{}{}:
	default:
		return false // the queue is full too
	}
	defer func() { <-s.queue }()
	t := time.NewTimer(QueueWait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-r.Context().Done():
		return false
	}
}
