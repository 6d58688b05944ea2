package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/priority"
)

// QueueWait is the longest a request waits for a slot before it is shed: a client is better
// told at once to come back than left hanging behind work it cannot see.
const QueueWait = 2 * time.Second

// retryAfter is what a shed request is told to wait, in seconds.
const retryAfter = 1

// shedder bounds the requests that run at once: up to inFlight run, up to queued more wait at
// most QueueWait for a slot, and any other gets 503 with Retry-After at once. The health and
// readiness checks do not pass through it, so a busy instance is not taken for a dead one.
//
// A mutation, once known as one, moves to a lane of its own (writeLane): a write may wait
// for the database's row locks, and writes waiting so must never hold the slots that reads run
// in. The lane has as many slots as the reads' and the same wait.
//
// The queries in read slots are the reads that gate counts (countAsRead), to which writes'
// statements give way (package priority).
type shedder struct {
	slots, queue chan struct{}
	writes       chan struct{} // the write lane's slots
	gate         *priority.Gate
}

func newShedder(inFlight, queued int, gate *priority.Gate) *shedder {
	return &shedder{slots: make(chan struct{}, inFlight), queue: make(chan struct{}, queued), writes: make(chan struct{}, inFlight), gate: gate}
}

// lease is the slot a request holds: a read slot, then, for a mutation, a write lane's.
type lease struct {
	s       *shedder
	held    chan struct{} // the channel whose slot it holds, or nil
	counted bool          // whether the gate counts it as a read (countAsRead)
}

type leaseKey struct{}

func (l *lease) release() {
	if l.counted {
		l.s.gate.EndRead()
		l.counted = false
	}
	if l.held != nil {
		<-l.held
		l.held = nil
	}
}

// countAsRead has the gate count the request in ctx, a query once known as one, as a read
// while it holds its read slot. Requests are not counted before: a mutation's time in a read
// slot, before it moves to its lane, must not hold other writes up.
func countAsRead(ctx context.Context) {
	l, ok := ctx.Value(leaseKey{}).(*lease)
	if !ok || l.held != l.s.slots || l.counted || l.s.gate == nil {
		return
	}
	l.s.gate.StartRead()
	l.counted = true
}

// toWriteLane moves the request in ctx (a mutation) from its read slot to the write lane,
// waiting at most QueueWait for a slot there; false means shed. A request that came through no
// shedder needs none.
func toWriteLane(ctx context.Context) bool {
	l, ok := ctx.Value(leaseKey{}).(*lease)
	if !ok || l.held != l.s.slots {
		return true
	}
	l.release() // the reads' slot is free while this write waits
	select {
	case l.s.writes <- struct{}{}:
		l.held = l.s.writes
		return true
	default:
	}
	t := time.NewTimer(QueueWait)
	defer t.Stop()
	select {
	case l.s.writes <- struct{}{}:
		l.held = l.s.writes
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
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
		l := &lease{s: s, held: s.slots}
		defer l.release()
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), leaseKey{}, l)))
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
