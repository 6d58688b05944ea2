// Package batch collects the keys that concurrent resolvers ask for and fetches them together.
//
// Unlike a dataloader with a fixed wait, a Batcher dispatches when keys stop arriving: it waits
// until no new key has come for Idle (bounded by Max), so siblings that gqlgen resolves a little
// apart still share one statement, and a lone request is not held back by a long fixed wait.
//
// Better still, a caller that knows which keys its siblings will ask for (the other rows read
// with its parent) names them with LoadWith: they go out together at once, with no wait, and
// however far apart the scheduler runs the siblings, they find their values fetched.
package batch

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/aidgraph/aidgraph/internal/sqlstats"
)

// Batcher fetches values by key in batches, and remembers them for its lifetime (one request).
type Batcher[K comparable, V any] struct {
	fetch     func(context.Context, []K) (map[K]V, error)
	idle, max time.Duration

	mu      sync.Mutex
	pending *round[K, V]
	done    map[K]*round[K, V]
}

// round is one dispatch: its keys, and its results once fetched.
type round[K comparable, V any] struct {
	ctx     context.Context
	keys    []K
	start   time.Time
	lastKey time.Time
	ready   chan struct{}
	values  map[K]V
	err     error
}

// New returns a Batcher that fetches with fetch, waiting idle after the last key (at most max
// after the first). Keys missing from fetch's result get the zero value.
func New[K comparable, V any](fetch func(context.Context, []K) (map[K]V, error), idle, max time.Duration) *Batcher[K, V] {
	return &Batcher[K, V]{fetch: fetch, idle: idle, max: max, done: map[K]*round[K, V]{}}
}

// Load returns the value of key, fetching it with the other keys asked for meanwhile. The fetch
// runs with the context of the first caller of its round.
func (b *Batcher[K, V]) Load(ctx context.Context, key K) (V, error) {
	b.mu.Lock()
	r := b.enqueue(ctx, key)
	b.mu.Unlock()
	return r.wait(ctx, key)
}

// LoadWith is Load for a key whose siblings are known: keys that other callers are about to ask
// for. If no round has key yet, key and every sibling that no round has go out now, in one
// fetch on the caller's goroutine, without waiting for more keys. siblings is called only by
// a caller whose key no round has yet (rarely more than one), so that N siblings do not cost
// N lists of N keys.
func (b *Batcher[K, V]) LoadWith(ctx context.Context, key K, siblings func() []K) (V, error) {
	b.mu.Lock()
	if r, seen := b.done[key]; seen {
		b.mu.Unlock()
		return r.wait(ctx, key)
	}
	b.mu.Unlock()
	more := siblings() // outside the lock: it may be slow, and may load
	b.mu.Lock()
	if r, seen := b.done[key]; seen { // a sibling got there meanwhile
		b.mu.Unlock()
		return r.wait(ctx, key)
	}
	r := &round[K, V]{ctx: ctx, ready: make(chan struct{})}
	r.keys = append(r.keys, key)
	b.done[key] = r
	for _, k := range more {
		if _, seen := b.done[k]; !seen {
			r.keys = append(r.keys, k)
			b.done[k] = r
		}
	}
	b.mu.Unlock()
	b.run(r)
	return r.wait(ctx, key)
}

// LoadAll returns the values of keys, in order, all asked for in one round.
func (b *Batcher[K, V]) LoadAll(ctx context.Context, keys []K) ([]V, error) {
	rounds := make([]*round[K, V], len(keys))
	b.mu.Lock()
	for i, k := range keys {
		rounds[i] = b.enqueue(ctx, k)
	}
	b.mu.Unlock()
	out := make([]V, len(keys))
	for i, r := range rounds {
		v, err := r.wait(ctx, keys[i])
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// enqueue returns the round that fetches key, adding key to the pending round if no round has it.
// b.mu must be held.
func (b *Batcher[K, V]) enqueue(ctx context.Context, key K) *round[K, V] {
	if r, seen := b.done[key]; seen {
		return r
	}
	r := b.pending
	if r == nil {
		r = &round[K, V]{ctx: ctx, start: time.Now(), ready: make(chan struct{})}
		b.pending = r
		time.AfterFunc(b.idle, func() { b.fire(r) })
	}
	r.keys = append(r.keys, key)
	r.lastKey = time.Now()
	b.done[key] = r
	return r
}

func (r *round[K, V]) wait(ctx context.Context, key K) (V, error) {
	select {
	case <-r.ready:
		return r.values[key], r.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

// fire dispatches r once no key has arrived for idle, or max has passed, and counts the wait
// against the request (sqlstats.RecordIdleWait).
func (b *Batcher[K, V]) fire(r *round[K, V]) {
	b.mu.Lock()
	now := time.Now()
	if wait := r.lastKey.Add(b.idle).Sub(now); wait > 0 && now.Sub(r.start) < b.max {
		b.mu.Unlock()
		time.AfterFunc(wait, func() { b.fire(r) })
		return
	}
	if b.pending == r {
		b.pending = nil
	}
	b.mu.Unlock()
	sqlstats.RecordIdleWait(r.ctx)
	b.run(r)
}

// run fetches r's keys, which no other caller adds to any more, and releases its waiters.
func (b *Batcher[K, V]) run(r *round[K, V]) {
	defer close(r.ready)
	defer func() { // every waiter gets the error, with the stack for the log
		if p := recover(); p != nil {
			r.values, r.err = nil, fmt.Errorf("batch fetch panicked: %v\n%s", p, debug.Stack())
		}
	}()
	r.values, r.err = b.fetch(r.ctx, r.keys)
}
