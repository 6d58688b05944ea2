// Package live serves subscriptions to the change log: each one reads the changes after its
// cursor (from the log while it is behind, then from its instance's follower), keeps those its
// filter lets through, and sends them in log order, each once. It bounds what each subscriber
// may hold and how many subscribe, and ends every stream with a cursor to resume from.
package live

import (
	"context"
	"errors"
	"sort"
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

// buffered is how many events a stream's channel (Chan) holds ready for its reader, and
// readBatch how many changes a stream reads at a time.
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
	subs     map[*Stream]struct{}
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
	return &Hub{s: s, f: f, limits: l, closing: make(chan struct{}), byClient: map[string]int{}, subs: map[*Stream]struct{}{}}
}

// Reasons a stream ends, as /metrics counts them.
const (
	ReasonClient   = "client"   // the client went away or unsubscribed
	ReasonSlow     = "slow"     // it fell behind (SlowConsumer)
	ReasonShutdown = "shutdown" // the instance is shutting down
	ReasonError    = "error"    // the log could not be read
)

// A Stream is one subscription's place in the log. Its reader pulls what is ready (Next),
// in its own goroutine: the stream has none of its own, and wakes its reader through the
// follower's notice of a new head. Chan turns it into a channel for readers that need one.
type Stream struct {
	h      *Hub
	ctx    context.Context
	client string
	filter *Filter
	heads  *follow.Sub

	// Kept by the reader's goroutine alone.
	pos       store.ChangePos // the last change returned or passed over: the resume point
	unread    []*store.Change // read from the window or the log, not yet looked at
	following bool            // reading from the follower's window, not the log
	end       *Ended          // why the stream ended, once it has
	reason    string          // the reason of end, as /metrics counts it
	seq       atomic.Int64    // pos.Seq, for Stats
	closeOnce sync.Once
}

// Open starts a subscription for client to the changes after the cursor after (from the
// follower's head when nil) that f lets through, as a channel (see Stream.Chan).
func (h *Hub) Open(ctx context.Context, client string, after *string, f *Filter) (<-chan *Event, error) {
	st, err := h.OpenStream(ctx, client, after, f)
	if err != nil {
		return nil, err
	}
	return st.Chan(ctx), nil
}

// OpenStream starts a subscription for client to the changes after the cursor after (from the
// follower's head when nil) that f lets through; its reader pulls them with Next and Closes it
// when done. It counts against the limits from now until Close.
func (h *Hub) OpenStream(ctx context.Context, client string, after *string, f *Filter) (*Stream, error) {
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
	st := &Stream{h: h, ctx: ctx, client: client, filter: f, pos: start, reason: ReasonClient}
	st.seq.Store(start.Seq)
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
	st.heads = h.f.Subscribe()
	return st, nil
}

// Next returns at most limit of the stream's next changes (those after its position that its
// filter lets through, in log order), waiting while there are none until some come, idle
// receives, ctx ends or the stream does. It returns none (and no error) when idle received or
// ctx ended, and the error that ends the stream (an *Ended, with the cursor to resume from,
// after every change returned before it) when it ends; the caller sends that, then Closes.
func (st *Stream) Next(ctx context.Context, idle <-chan struct{}, limit int) ([]*store.Change, error) {
	for {
		out, err := st.Poll(ctx, limit)
		if err != nil || len(out) > 0 {
			return out, err
		}
		select {
		case <-st.heads.C:
		case <-idle:
			return nil, nil
		case <-ctx.Done():
			return nil, nil
		case <-st.h.closing:
			return nil, st.stop(ReasonShutdown, shuttingDown(), st.pos)
		}
	}
}

// Poll is Next without the wait: it returns what is ready now, none when nothing is. It reads
// the log (waits for the database) only while the stream is behind the follower's window
// (Following is false); a reader that must not wait gives such a stream to one that may.
func (st *Stream) Poll(ctx context.Context, limit int) ([]*store.Change, error) {
	if st.end != nil {
		return nil, st.end
	}
	for {
		if len(st.unread) == 0 {
			if err := st.read(ctx); err != nil {
				return nil, err
			}
		}
		if len(st.unread) == 0 {
			break
		}
		out, err := st.take(ctx, limit)
		if err != nil || len(out) > 0 {
			return out, err
		}
		// none of what was read passed the filter: read on
	}
	select {
	case <-st.h.closing:
		return nil, st.stop(ReasonShutdown, shuttingDown(), st.pos)
	default:
		return nil, nil
	}
}

// Outlive makes ctx the stream's own from now on, in place of the context that opened it: a
// transport whose stream outlives its request lets that request's state go so (the reason
// Close counts is then ctx's cause).
func (st *Stream) Outlive(ctx context.Context) { st.ctx = ctx }

// Following tells whether the stream reads from the follower's window (it has caught up with
// the log), so that Poll does not wait.
func (st *Stream) Following() bool { return st.following }

// read fills unread with the changes after pos: from the follower's window, or from the log
// while the stream is behind the window. A stream that falls behind the window once it follows
// it (its reader too slow for the log) ends as a slow consumer.
func (st *Stream) read(ctx context.Context) error {
	rows, ok := st.h.f.After(st.pos, readBatch)
	if ok {
		st.following = true
		st.unread = rows
		return nil
	}
	if st.following {
		return st.stop(ReasonSlow, slow(), st.pos)
	}
	head, err := st.h.f.Head(ctx)
	if err != nil {
		return nil // ctx ended: the reader sees it
	}
	rows, err = st.h.s.ChangesAfter(ctx, st.pos, readBatch)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return st.stop(ReasonError, apperr.New(apperr.Unavailable, "", "the change log could not be read: resume from extensions.cursor"), st.pos)
	}
	// None past the follower's head, which it moves only to a version read, every seq up to
	// which shows: a later change may show in the log a moment before an earlier one does.
	n := sort.Search(len(rows), func(i int) bool { return head.Before(rows[i].Pos()) })
	st.unread = rows[:n]
	return nil
}

// take returns at most limit of the unread changes that pass the filter, and moves pos past
// every change it looked at.
func (st *Stream) take(ctx context.Context, limit int) ([]*store.Change, error) {
	if st.filter.all() { // the window's own slice, unwritable: no copy for the common case
		n := min(limit, len(st.unread))
		out := st.unread[:n:n]
		st.unread = st.unread[n:]
		st.moveTo(out[n-1].Pos(), n)
		return out, nil
	}
	if st.filter.within != nil {
		ctx = st.h.s.WithSession(ctx) // the filter's reads (a row's region) share one session
	}
	var out []*store.Change
	pos := st.pos
	n := 0
	for ; n < len(st.unread) && len(out) < limit; n++ {
		c := st.unread[n]
		keep, err := st.filter.match(ctx, st.h.s, c)
		if err != nil {
			return nil, st.stop(ReasonError, apperr.New(apperr.Internal, "", "a change could not be filtered: resume from extensions.cursor"), st.pos)
		}
		if keep {
			out = append(out, c)
		}
		pos = c.Pos()
	}
	st.unread = st.unread[n:]
	st.moveTo(pos, len(out))
	return out, nil
}

// moveTo records the stream's new position, after sent more changes.
func (st *Stream) moveTo(pos store.ChangePos, sent int) {
	st.pos = pos
	st.seq.Store(pos.Seq) // Stats reads it while pos moves on
	st.h.sent.Add(int64(sent))
}

// stop ends the stream for reason with err, resuming after the change at pos.
func (st *Stream) stop(reason string, err *apperr.Error, pos store.ChangePos) *Ended {
	st.reason = reason
	st.end = &Ended{Err: err, Cursor: (&store.Change{Seq: pos.Seq, ID: pos.ID}).Cursor()}
	return st.end
}

func slow() *apperr.Error {
	return apperr.New(SlowConsumer, "", "this subscription fell more than the instance keeps behind the change log: resume from extensions.cursor")
}

// Close ends the subscription: it no longer counts against the limits, and its reason is
// counted (a client cut off for reading nothing, live.ErrStuck, as slow).
func (st *Stream) Close() {
	st.closeOnce.Do(func() {
		st.heads.Close()
		reason := st.reason
		if errors.Is(context.Cause(st.ctx), ErrStuck) {
			reason = ReasonSlow
		}
		h := st.h
		h.mu.Lock()
		delete(h.subs, st)
		if h.byClient[st.client]--; h.byClient[st.client] <= 0 {
			delete(h.byClient, st.client)
		}
		h.mu.Unlock()
		h.countDisconnect(reason)
		h.wg.Done()
	})
}

// Chan sends the stream's changes to a channel, which ends with an Event whose Err says why
// (and where to resume), unless ctx ended first; it Closes the stream. Its goroutine is the
// cost of a channel: transports that can pull call Next instead.
func (st *Stream) Chan(ctx context.Context) <-chan *Event {
	out := make(chan *Event, buffered)
	go func() {
		defer st.Close()
		defer close(out)
		for {
			sent := st.pos // every change up to here is in out
			changes, err := st.Next(ctx, nil, readBatch)
			if err != nil {
				endWith(ctx, out, err)
				return
			}
			for _, c := range changes {
				if !st.send(ctx, out, c, sent) {
					return
				}
				sent = c.Pos()
			}
			if ctx.Err() != nil {
				return
			}
		}
	}()
	return out
}

// send puts changes[i] (of those Next returned last) in out, and reports whether the stream
// goes on. While out is full it watches for the end of ctx, the shutdown, and the log moving
// past the follower's window (a reader too slow for it), each of which ends the stream: the
// last two with an error after what out holds, which resumes after the last change sent.
func (st *Stream) send(ctx context.Context, out chan<- *Event, c *store.Change, sent store.ChangePos) bool {
	for {
		select {
		case out <- &Event{Change: c}:
			return true
		case <-ctx.Done():
			return false
		case <-st.heads.C:
			if _, ok := st.h.f.After(sent, 0); st.following && !ok {
				endWith(ctx, out, st.stop(ReasonSlow, slow(), sent))
				return false
			}
		case <-st.h.closing:
			endWith(ctx, out, st.stop(ReasonShutdown, shuttingDown(), sent))
			return false
		}
	}
}

// endWith sends a stream's last event, the error that ends it.
func endWith(ctx context.Context, out chan<- *Event, err error) {
	select {
	case out <- &Event{Err: err}:
	case <-ctx.Done():
	}
}

func shuttingDown() *apperr.Error {
	return apperr.New(apperr.Unavailable, "", "this instance is shutting down: resume from extensions.cursor on another")
}

func (h *Hub) countDisconnect(reason string) {
	v, _ := h.disconnects.LoadOrStore(reason, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
}

// Closing is closed when the instance starts shutting down: every stream then ends (Next and
// Poll return the error to send).
func (h *Hub) Closing() <-chan struct{} { return h.closing }

// Heads hears of each new head of the log, for a reader that serves many streams at once
// (Poll); Close it when done.
func (h *Hub) Heads() *follow.Sub { return h.f.Subscribe() }

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
		st.Lag = max(st.Lag, head.Seq-s.seq.Load())
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
