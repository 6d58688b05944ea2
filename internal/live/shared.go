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
// puts only the events it needs executed.
type Feed struct {
	src  <-chan *Event
	exec chan *Event
}

type feedKey struct{}

// WithFeed returns ctx with a new feed, for the resolver of the subscription dispatched in it.
func WithFeed(ctx context.Context) (context.Context, *Feed) {
	f := &Feed{exec: make(chan *Event, 1)}
	return context.WithValue(ctx, feedKey{}, f), f
}

// Attach gives a stream to the feed in ctx, and returns the channel the executor reads
// instead; without a feed in ctx it returns the stream itself.
func Attach(ctx context.Context, stream <-chan *Event) <-chan *Event {
	f, _ := ctx.Value(feedKey{}).(*Feed)
	if f == nil || f.src != nil {
		return stream
	}
	f.src = stream
	return f.exec
}

// Attached tells whether a stream was given to the feed.
func (f *Feed) Attached() bool { return f.src != nil }

// Next returns the stream's next event (nil when it has ended or ctx has).
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
}

// NewAnswers returns an empty set of answers, holding at most n (at least 1).
func NewAnswers[T any](n int) *Answers[T] {
	return &Answers[T]{max: max(n, 1), byKey: map[answerKey]*answer[T]{}}
}

// Get returns group's answer to the change at pos, computing it with make when no member of
// the group has yet.
func (a *Answers[T]) Get(group string, pos store.ChangePos, compute func() T) T {
	k := answerKey{group, pos}
	a.mu.Lock()
	if e, ok := a.byKey[k]; ok {
		a.mu.Unlock()
		<-e.done
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
	e.v = compute()
	close(e.done)
	return e.v
}
