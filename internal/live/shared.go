package live

import (
	"context"
	"sync"

	"github.com/aidgraph/aidgraph/internal/store"
)

// Subscriptions that share a document, its variables and the subscriber's role get the same
// answer to each change: the transport executes a change once for such a group and sends the
// same answer to every member. A Feed lets the transport see each event before the executor
// does (and skip the executor when the group's answer is known); Answers holds the groups'
// answers of the latest changes.

// Feed stands between a subscription's stream and its executor: the resolver hands the stream
// to the feed (Attach) and gives the executor the feed's own channel, into which the transport
// puts only the events it needs executed. A transport that pulls takes the stream itself
// (Stream); the others read its events from a channel (Next).
type Feed struct {
	pull bool
	st   *Stream
	src  <-chan *Event // the stream as a channel, when the transport does not pull
	exec chan *Event
}

type feedKey struct{}

// WithFeed returns ctx with a new feed, for the resolver of the subscription dispatched in it;
// pull says whether the transport pulls the stream's changes itself (Feed.Stream).
func WithFeed(ctx context.Context, pull bool) (context.Context, *Feed) {
	f := &Feed{pull: pull, exec: make(chan *Event, 1)}
	return context.WithValue(ctx, feedKey{}, f), f
}

// Attach gives a stream to the feed in ctx, and returns the channel the executor reads
// instead; without a feed in ctx it returns the stream as a channel (Stream.Chan).
func Attach(ctx context.Context, st *Stream) <-chan *Event {
	f, _ := ctx.Value(feedKey{}).(*Feed)
	if f == nil || f.st != nil {
		return st.Chan(ctx)
	}
	f.st = st
	if !f.pull {
		f.src = st.Chan(ctx)
	}
	return f.exec
}

// Stream returns the stream given to the feed (nil if none was: the subscription was refused).
func (f *Feed) Stream() *Stream { return f.st }

// Next returns the stream's next event from its channel (nil when it has ended or ctx has),
// for a transport that does not pull.
func (f *Feed) Next(ctx context.Context) *Event {
	select {
	case ev, ok := <-f.src:
		if !ok {
			return nil
		}
		return ev
	case <-ctx.Done():
		return nil
	}
}

// Execute hands ev to the executor, which reads it on its next call.
func (f *Feed) Execute(ev *Event) { f.exec <- ev }

// Answers holds the answers of the groups of subscriptions to the latest changes: each is
// computed once, by the first member that needs it, while the others wait for it. It keeps at
// most max answers, dropping the oldest (a member that comes later computes it again).
type Answers[T any] struct {
	max   int
	mu    sync.Mutex
	byKey map[answerKey]*answer[T]
	order []answerKey // in the order they were made, oldest first
}

type answerKey struct {
	group string
	pos   store.ChangePos
}

type answer[T any] struct {
	done chan struct{}
	v    T
	ok   bool // made: false if its maker panicked
}

// NewAnswers returns an empty set of answers, holding at most n (at least 1).
func NewAnswers[T any](n int) *Answers[T] {
	return &Answers[T]{max: max(n, 1), byKey: map[answerKey]*answer[T]{}}
}

// Get returns group's answer to the change at pos, computing it with compute when no member of
// the group has yet. If the member computing it panics, those waiting for it compute their own.
func (a *Answers[T]) Get(group string, pos store.ChangePos, compute func() T) T {
	k := answerKey{group, pos}
	a.mu.Lock()
	if e, ok := a.byKey[k]; ok {
		a.mu.Unlock()
		<-e.done
		if !e.ok {
			return compute()
		}
		return e.v
	}
	e := &answer[T]{done: make(chan struct{})}
	a.byKey[k] = e
	a.order = append(a.order, k)
	if len(a.order) > a.max {
		delete(a.byKey, a.order[0])
		a.order = a.order[1:]
	}
	a.mu.Unlock()
	defer close(e.done) // even if compute panics: nobody waits for ever
	e.v = compute()
	e.ok = true
	return e.v
}
