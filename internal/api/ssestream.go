package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/store"
)

// An SSE subscription is served by one goroutine, which pulls the hub's stream: it waits for
// the follower's notice of new changes (or the shared keep-alive beat), takes every change
// ready for it, and writes their events at once — one write, so one syscall, per subscriber
// per batch of the follower. Over HTTP/1.1 that goroutine is the stream's own, on a connection
// taken from the server (detach), with a second one reading to see the client go; otherwise it
// is the request's. Each event's bytes ("event: next\ndata:
// …\n\n") are made once for the group of equal subscriptions and shared by its members.
// gqlgen's SSE transport still writes the stream's start and a refusal; the events after the
// start, and the end ("event: complete"), are written here, from the executor's response
// handler (gqlgen's own keep-alive off, so nothing else writes), or, once the stream has taken
// its connection from the server, by the stream's own goroutine.

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
	hangups *hangups
}

// serve writes the stream's events until it ends, its client goes away, or its write times
// out (ctx ends with live.ErrStuck), then closes it. Over HTTP/1.1 it first takes the
// connection from the server (detach) and returns at once, the stream served by a goroutine of
// its own (and one that reads, to see the client go), so that a subscriber holds neither the
// server's goroutines for the connection nor their buffers and deep stacks.
func (s *sseStream) serve(ctx context.Context) {
	if w, ok := s.w.(interface{ detach() *detached }); ok {
		if d := w.detach(); d != nil {
			s.w, s.flusher = nil, nil // the server's response, and its buffers, are garbage now
			s.hangups.watch(d)
			go func() {
				defer s.st.Close()
				defer d.close() // first: the stream's last words, then the hub lets it go
				defer s.hangups.forget(d)
				defer func() {
					if r := recover(); r != nil { // no server's recover above this goroutine
						slog.Error("an SSE stream failed", "panic", r, "stack", string(debug.Stack()))
					}
				}()
				s.run(ctx, d.write)
			}()
			return
		}
	}
	defer s.st.Close()
	s.run(ctx, s.flush)
}

// run writes the stream's events with write until the stream ends, ctx does, or a write fails.
func (s *sseStream) run(ctx context.Context, write func([]byte) error) {
	s.beat.join()
	defer s.beat.leave()
	wrote := false // since the last beat
	for {
		changes, err := s.st.Next(ctx, s.beat.C(), maxPerWrite)
		switch {
		case err != nil: // its last event: why it ends, and the cursor to resume from
			s.feed.Execute(&live.Event{Err: err})
			_ = write(frame(s.execute(ctx)))
			return
		case ctx.Err() != nil:
			return
		case len(changes) == 0: // the beat: a keep-alive if nothing else was sent since the last
			if !wrote && write([]byte(": ping\n\n")) != nil {
				return
			}
			wrote = false
			continue
		}
		var err2 error
		if len(changes) == 1 {
			err2 = write(s.frame(ctx, changes[0]))
		} else {
			buf := joined.Get().(*[]byte)
			for _, c := range changes {
				*buf = append(*buf, s.frame(ctx, c)...)
			}
			err2 = write(*buf)
			*buf = (*buf)[:0]
			joined.Put(buf)
		}
		if err2 != nil {
			return
		}
		wrote = true
	}
}

// flush writes p to the stream through the server, and sends it now.
func (s *sseStream) flush(p []byte) error {
	if _, err := s.w.Write(p); err != nil {
		return err
	}
	s.flusher.Flush()
	return nil
}

// detached is an SSE stream's connection once the server has let go of it (deadlineWriter's
// detach): the rest of its chunked body is written here, each write with its deadline.
type detached struct {
	conn net.Conn                // each write with its deadline
	raw  net.Conn                // the same, unwrapped, for hangups
	end  context.CancelCauseFunc // ends the stream's context
}

// watch reads the connection until it ends, then ends the stream: the client went away. An SSE
// client sends nothing after its request; whatever it does send is dropped. (Where hangups can
// poll, it does this for every stream instead.)
func (d *detached) watch() {
	var b [1]byte
	for {
		if _, err := d.conn.Read(b[:]); err != nil {
			d.end(nil)
			return
		}
	}
}

// write sends p as one chunk of the body, in one write.
func (d *detached) write(p []byte) error {
	if len(p) == 0 {
		return nil
	}
	buf := joined.Get().(*[]byte)
	b := strconv.AppendInt((*buf)[:0], int64(len(p)), 16)
	b = append(b, "\r\n"...)
	b = append(b, p...)
	b = append(b, "\r\n"...)
	_, err := d.conn.Write(b)
	*buf = b[:0]
	joined.Put(buf)
	return err
}

// close ends the body as gqlgen's transport would have (an event "complete"), and the connection.
func (d *detached) close() {
	_ = d.write([]byte("event: complete\n\n"))
	_, _ = d.conn.Write([]byte("0\r\n\r\n"))
	_ = d.conn.Close()
	d.end(nil)
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
