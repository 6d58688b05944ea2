// Package live serves subscriptions to the change log: each one reads the changes after its
// cursor (from the log while it is behind, then from its instance's follower), keeps those its
// filter lets through, and sends them in log order, each once. It bounds what each subscriber
// may hold and how many subscribe, and ends every stream with a cursor to resume from.
package live

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/follow"
	"github.com/aidgraph/aidgraph/internal/store"
)

// Defaults of Limits: far above what a dashboard opens.
const (
	DefaultMaxPerClient = 100
	DefaultMaxTotal     = 10000
	// DefaultWriteTimeout: a client that reads nothing of its stream for this long is cut off.
	DefaultWriteTimeout = 10 * time.Second
)

// buffered is how many events a subscriber's stream holds ready for its transport, and
// readBatch how many changes it reads at a time.
const (
	buffered  = 64
	readBatch = 256
)

// Codes of the errors that end or refuse a subscription.
const (
	// TooManySubscriptions: a client (or the instance) already has as many subscriptions as allowed.
	TooManySubscriptions apperr.Code = "TOO_MANY_SUBSCRIPTIONS"
	// SlowConsumer: the subscriber fell so far behind the log that its instance no longer holds
	// the changes it had to read next; resume with extensions.cursor.
	SlowConsumer apperr.Code = "SLOW_CONSUMER"
)

// Limits bound the subscriptions of one instance.
type Limits struct {
	PerClient int // subscriptions one client (an API key, or an address) may hold at once
	Total     int // subscriptions the instance serves at once
	// WriteTimeout bounds how long a write to a stream may wait for its client to read.
	WriteTimeout time.Duration
}

// ErrStuck is the cause with which a stream's transport ends its context when the client
// read nothing for WriteTimeout: the hub counts it as a slow consumer.
var ErrStuck = errors.New("the client read nothing of its stream for too long")

// Limits returns the limits the hub keeps, with their defaults filled in.
func (h *Hub) Limits() Limits { return h.limits }

// Event is one change sent to a subscriber, or, with Err, the last thing it is sent.
type Event struct {
	Change *store.Change
	Err    error
}

// Ended is the error that ends a stream: its code, and the cursor to resume from.
type Ended struct {
	Err    *apperr.Error
	Cursor string
}

func (e *Ended) Error() string { return e.Err.Message }

// Unwrap lets apperr.As find the code.
func (e *Ended) Unwrap() error { return e.Err }

// Details gives the cursor to the client, as extensions.cursor.
func (e *Ended) Details() map[string]any { return map[string]any{"cursor": e.Cursor} }

// Hub serves one instance's subscriptions from its follower of the log.
type Hub struct {
	s       *store.Store
	f       *follow.Follower
	limits  Limits
	closing chan struct{}
	wg      sync.WaitGroup

	mu       sync.Mutex
	byClient map[string]int
	subs     map[*stream]struct{}
	closed   bool

	sent        atomic.Int64
	disconnects sync.Map // reason -> *atomic.Int64
}

// NewHub returns the hub of s's subscriptions, fed by f.
func NewHub(s *store.Store, f *follow.Follower, l Limits) *Hub {
	if l.PerClient <= 0 {
		l.PerClient = DefaultMaxPerClient
	}
	if l.Total <= 0 {
		l.Total = DefaultMaxTotal
	}
	if l.WriteTimeout <= 0 {
		l.WriteTimeout = DefaultWriteTimeout
	}
	return &Hub{s: s, f: f, limits: l, closing: make(chan struct{}), byClient: map[string]int{}, subs: map[*stream]struct{}{}}
}

// Reasons a stream ends, as /metrics counts them.
const (
	ReasonClient   = "client"   // the client went away or unsubscribed
	ReasonSlow     = "slow"     // it fell behind (SlowConsumer)
	ReasonShutdown = "shutdown" // the instance is shutting down
	ReasonError    = "error"    // the log could not be read
)

type stream struct {
	client string
	pos    atomic.Pointer[store.ChangePos]
}

// Open starts a subscription for client to the changes after the cursor after (from the
// follower's head when nil) that f lets through. The channel ends with an Event whose Err
// says why (and where to resume), unless the client went away (ctx ended).
func (h *Hub) Open(ctx context.Context, client string, after *string, f *Filter) (<-chan *Event, error) {
	var start store.ChangePos
	if after != nil {
		p, err := store.ParseChangeCursor("after", *after)
		if err != nil {
			return nil, err
		}
		start = p
	} else {
		p, err := h.f.Head(ctx)
		if err != nil {
			return nil, apperr.New(apperr.Unavailable, "", "the change log has not been read yet: retry")
		}
		start = p
	}
	st := &stream{client: client}
	st.pos.Store(&start)
	h.mu.Lock()
	switch {
	case h.closed:
		h.mu.Unlock()
		return nil, apperr.New(apperr.Unavailable, "", "this instance is shutting down: subscribe on another")
	case len(h.subs) >= h.limits.Total:
		h.mu.Unlock()
		return nil, apperr.New(TooManySubscriptions, "", "this instance serves %d subscriptions, as many as it may: subscribe on another, or later", h.limits.Total)
	case h.byClient[client] >= h.limits.PerClient:
		h.mu.Unlock()
		return nil, apperr.New(TooManySubscriptions, "", "this client already holds %d subscriptions, as many as it may: close one first", h.limits.PerClient)
	}
	h.byClient[client]++
	h.subs[st] = struct{}{}
	h.wg.Add(1)
	h.mu.Unlock()
	out := make(chan *Event, buffered)
	go h.run(ctx, st, f, out)
	return out, nil
}

// run sends the stream's changes until it ends.
func (h *Hub) run(ctx context.Context, st *stream, f *Filter, out chan *Event) {
	heads := h.f.Subscribe()
	reason := ReasonClient
	defer func() {
		heads.Close()
		close(out)
		if errors.Is(context.Cause(ctx), ErrStuck) {
			reason = ReasonSlow
		}
		h.mu.Lock()
		delete(h.subs, st)
		if h.byClient[st.client]--; h.byClient[st.client] <= 0 {
			delete(h.byClient, st.client)
		}
		h.mu.Unlock()
		h.countDisconnect(reason)
		h.wg.Done()
	}()
	pos := *st.pos.Load()
	following := false // reading from the follower's window, not the log
	end := func(r string, err *apperr.Error) {
		reason = r
		// After what it holds already: pos is the last change put in out, so the cursor is
		// the last change the client receives before this.
		select {
		case out <- &Event{Err: &Ended{Err: err, Cursor: (&store.Change{Seq: pos.Seq, ID: pos.ID}).Cursor()}}:
		case <-ctx.Done():
		}
	}
	slow := func() *apperr.Error {
		return apperr.New(SlowConsumer, "", "this subscription fell more than the instance keeps behind the change log: resume from extensions.cursor")
	}
	for {
		rows, ok := h.f.After(pos, readBatch)
		if !ok {
			if following {
				end(ReasonSlow, slow())
				return
			}
			var err error
			if rows, err = h.s.ChangesAfter(ctx, pos, readBatch); err != nil {
				if ctx.Err() != nil {
					return
				}
				end(ReasonError, apperr.New(apperr.Unavailable, "", "the change log could not be read: resume from extensions.cursor"))
				return
			}
		} else {
			following = true
		}
		if len(rows) == 0 {
			select {
			case <-heads.C:
				continue
			case <-ctx.Done():
				return
			case <-h.closing:
				end(ReasonShutdown, shuttingDown())
				return
			}
		}
		// The filter's reads (a row's region) share one session per batch.
		sctx := h.s.WithSession(ctx)
		for _, c := range rows {
			keep, err := f.match(sctx, h.s, c)
			if err != nil {
				end(ReasonError, apperr.New(apperr.Internal, "", "a change could not be filtered: resume from extensions.cursor"))
				return
			}
			for keep {
				select {
				case out <- &Event{Change: c}:
					h.sent.Add(1)
					keep = false
				case <-heads.C:
					if _, ok := h.f.After(pos, 0); following && !ok {
						end(ReasonSlow, slow())
						return
					}
				case <-ctx.Done():
					return
				case <-h.closing:
					end(ReasonShutdown, shuttingDown())
					return
				}
			}
			pos = c.Pos()
			at := pos // a copy of its own: Stats reads the stored one while pos moves on
			st.pos.Store(&at)
		}
	}
}

func shuttingDown() *apperr.Error {
	return apperr.New(apperr.Unavailable, "", "this instance is shutting down: resume from extensions.cursor on another")
}

func (h *Hub) countDisconnect(reason string) {
	v, _ := h.disconnects.LoadOrStore(reason, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
}

// Close ends every stream with a cursor to resume from, and refuses new ones; it returns when
// they have ended or ctx has.
func (h *Hub) Close(ctx context.Context) error {
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.closing)
	}
	h.mu.Unlock()
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return errors.New("subscriptions still open at the end of the shutdown")
	}
}

// Stats is what /metrics reports of the subscriptions.
type Stats struct {
	Subscribers int
	Sent        int64
	Lag         int64            // the most seqs any subscriber is behind the follower's head
	Disconnects map[string]int64 // by reason
}

// Stats returns the hub's figures now.
func (h *Hub) Stats() Stats {
	head := h.f.Last()
	st := Stats{Sent: h.sent.Load(), Disconnects: map[string]int64{}}
	h.mu.Lock()
	st.Subscribers = len(h.subs)
	for s := range h.subs {
		st.Lag = max(st.Lag, head.Seq-s.pos.Load().Seq)
	}
	h.mu.Unlock()
	h.disconnects.Range(func(k, v any) bool {
		st.Disconnects[k.(string)] = v.(*atomic.Int64).Load()
		return true
	})
	return st
}

type clientKey struct{}

// WithClient names the client a subscription in ctx is counted against (its API key's name,
// or its address).
func WithClient(ctx context.Context, client string) context.Context {
	return context.WithValue(ctx, clientKey{}, client)
}

// ClientOf returns the client WithClient named ("" if none).
func ClientOf(ctx context.Context) string {
	c, _ := ctx.Value(clientKey{}).(string)
	return c
}
