package api

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/store"
)

// An SSE subscription is served by its request's own goroutine, which pulls the hub's stream:
// it waits for the follower's notice of new changes (or the shared keep-alive beat), takes
// every change ready for it, and writes their events at once — one write and one flush, so one
// syscall, per subscriber per batch of the follower. Each event's bytes ("event: next\ndata:
// …\n\n") are made once for the group of equal subscriptions and shared by its members.
// gqlgen's SSE transport still writes the stream's start, a refusal, and its end ("event:
// complete"); the events in between are written here, from the executor's response handler,
// while gqlgen's transport waits on it (its own keep-alive off, so nothing else writes).

// maxPerWrite bounds how many events one write to a stream holds.
const maxPerWrite = 64

// sseStream is one SSE subscription being served.
type sseStream struct {
	w       http.ResponseWriter
	flusher http.Flusher
	st      *live.Stream
	feed    *live.Feed
	execute graphql.ResponseHandler // the subscription's executor, fed by feed
	group   string                  // "" if it shares its events with none
	frames  *live.Answers[[]byte]
	beat    *beat
}

// serve writes the stream's events until it ends, its client goes away, or its write times
// out (the deadlineWriter ends ctx), then closes it.
func (s *sseStream) serve(ctx context.Context) {
	defer s.st.Close()
	s.beat.join()
	defer s.beat.leave()
	wrote := false // since the last beat
	for {
		changes, err := s.st.Next(ctx, s.beat.C(), maxPerWrite)
		switch {
		case err != nil: // its last event: why it ends, and the cursor to resume from
			s.feed.Execute(&live.Event{Err: err})
			s.write(ctx, frame(s.execute(ctx)))
			return
		case ctx.Err() != nil:
			return
		case len(changes) == 0: // the beat: a keep-alive if nothing else was sent since the last
			if !wrote {
				s.write(ctx, []byte(": ping\n\n"))
			}
			wrote = false
			continue
		}
		if len(changes) == 1 {
			s.write(ctx, s.frame(ctx, changes[0]))
		} else {
			buf := joined.Get().(*[]byte)
			for _, c := range changes {
				*buf = append(*buf, s.frame(ctx, c)...)
			}
			s.write(ctx, *buf)
			*buf = (*buf)[:0]
			joined.Put(buf)
		}
		wrote = true
	}
}

// joined holds buffers in which the events of one write are put together.
var joined = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// frame returns the event of change c for the stream's group: made by the first member that
// needs it, by executing the subscription.
func (s *sseStream) frame(ctx context.Context, c *store.Change) []byte {
	execute := func() []byte {
		s.feed.Execute(&live.Event{Change: c})
		// The group's answer, not this member's: made to the end even if it goes away.
		return frame(s.execute(context.WithoutCancel(ctx)))
	}
	if s.group == "" {
		return execute()
	}
	return s.frames.Get(s.group, c.Pos(), execute)
}

// write sends p to the client now.
func (s *sseStream) write(ctx context.Context, p []byte) {
	if ctx.Err() != nil {
		return
	}
	if _, err := s.w.Write(p); err == nil {
		s.flusher.Flush()
	}
}

// frame writes a response as an SSE event, as gqlgen's SSE transport does.
func frame(resp *graphql.Response) []byte {
	if resp == nil {
		return nil
	}
	b, err := json.Marshal(resp)
	if err != nil {
		panic(err) // as gqlgen's transport: a response is always JSON
	}
	out := make([]byte, 0, len(b)+len("event: next\ndata: \n\n"))
	out = append(out, "event: next\ndata: "...)
	out = append(out, b...)
	return append(out, "\n\n"...)
}

// beat is the keep-alive clock that every SSE stream of a server shares: a channel closed
// every interval and replaced, on which a waiting stream selects, so that no stream needs a
// ticker (and a goroutine) of its own. Its timer runs only while some stream has joined.
type beat struct {
	interval time.Duration

	mu    sync.Mutex
	ch    chan struct{}
	users int
	timer *time.Timer
}

func newBeat(interval time.Duration) *beat {
	return &beat{interval: interval, ch: make(chan struct{})}
}

// join counts a stream that waits on the beat.
func (b *beat) join() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.users++
	if b.timer == nil {
		b.timer = time.AfterFunc(b.interval, b.tick)
	}
}

// leave uncounts a stream; the timer stops at its next tick after the last has left.
func (b *beat) leave() {
	b.mu.Lock()
	b.users--
	b.mu.Unlock()
}

// C returns a channel closed at the next beat.
func (b *beat) C() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ch
}

func (b *beat) tick() {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.ch)
	b.ch = make(chan struct{})
	if b.users > 0 {
		b.timer.Reset(b.interval)
	} else {
		b.timer = nil
	}
}
