package api

import (
	"bytes"
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
// taken from the server (detach); otherwise it is the request's. Each event's bytes ("event:
// next\ndata: …\n\n", framed as a chunk of the body) are made once for the group of equal
// subscriptions and shared by its members, and written from where they are kept: a subscriber
// holds no buffer of its own.
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
	exec    *groupExec              // what answers its events (serve): its group's, once detached
	execs   *groupExecs
	frames  *live.Answers[[]byte]
	beat    *beat
	hangups *hangups
	pump    *pump // serves the detached stream once it has caught up (nil: its goroutine does)

	// Once detached (serve), kept by whoever serves the stream: its goroutine, or the pump.
	ctx   context.Context
	d     *detached
	wrote bool   // an event since the last keep-alive beat
	seen  uint64 // the pump's wave when the stream last looked for changes
}

// serve writes the stream's events until it ends, its client goes away, or its write times
// out (ctx ends with live.ErrStuck), then closes it. Over HTTP/1.1 it first takes the
// connection from the server (detach) and returns at once, the stream served by a goroutine of
// its own and, once it has caught up, by the pump (pump.go), so that a subscriber holds
// neither the server's goroutines for the connection nor their buffers and deep stacks.
//
// A detached stream keeps none of its request's state: its context is a new one (the
// detached connection's), and its events are answered by its group's executor (groupExec),
// the first member's, so that the other members' requests, their operations and their
// executors are garbage once their streams have started.
func (s *sseStream) serve(ctx context.Context) {
	s.exec = &groupExec{feed: s.feed, execute: s.execute, ctx: context.WithoutCancel(ctx)}
	if w, ok := s.w.(interface{ detach() *detached }); ok {
		if d := w.detach(); d != nil {
			s.w, s.flusher = nil, nil // the server's response, and its buffers, are garbage now
			s.ctx, s.d = d.ctx, d
			s.st.Outlive(d.ctx)
			if s.group != "" {
				s.exec = s.execs.join(s.group, s.exec)
			}
			s.feed, s.execute = nil, nil // the group's executor answers
			if s.pump != nil {
				d.wake = func() { s.pump.wake(s) }
			}
			s.hangups.watch(d)
			go s.own(nil)
			return
		}
	}
	defer s.st.Close()
	s.run(ctx, s.flush)
}

// own serves a detached stream in a goroutine of its own, pending (chunks that its connection
// did not take without waiting) first: until the stream ends, or, where a pump serves the
// streams that have caught up, until nothing is ready, when the pump takes it.
func (s *sseStream) own(pending [][]byte) {
	defer func() {
		if r := recover(); r != nil { // no server's recover above this goroutine
			logStreamPanic(r)
			s.finish()
		}
	}()
	if len(pending) > 0 && s.d.write(pending...) != nil {
		s.finish()
		return
	}
	if s.pump == nil {
		s.run(s.ctx, s.d.write)
		s.finish()
		return
	}
	for {
		if next, _ := s.step(true, false); next != parkIt {
			s.finish()
			return
		}
		if s.pump.park(s) {
			return
		}
	}
}

// What becomes of a detached stream after a step.
type stepped int

const (
	parkIt   stepped = iota // nothing is ready: the pump wakes it
	finishIt                // it has ended: close it
	handIt                  // it must wait (for the log, or its client): a goroutine of its own
)

// step writes what is ready for a detached stream until nothing is. With wait false (the
// pump's worker) it waits for nothing: a stream behind the follower's window, with its last
// event to write, or whose connection does not take all it is given at once, is handed on
// (with what is left to write) to a goroutine of its own. beat: the keep-alive is due.
func (s *sseStream) step(wait, beat bool) (stepped, [][]byte) {
	for {
		if s.ctx.Err() != nil {
			return finishIt, nil
		}
		s.seen = s.pump.gen.Load()
		if !wait && !s.st.Following() {
			return handIt, nil
		}
		changes, err := s.st.Poll(s.ctx, maxPerWrite)
		var chunks [][]byte
		switch {
		case err != nil && !wait:
			return handIt, nil // Poll returns the same error again
		case err != nil: // its last event: why it ends, and the cursor to resume from
			_ = s.d.write(s.exec.answer(&live.Event{Err: err}))
			return finishIt, nil
		case len(changes) == 0 && !beat:
			return parkIt, nil
		case len(changes) == 0: // a keep-alive, if nothing else was sent since the last beat
			beat = false
			if s.wrote {
				s.wrote = false
				return parkIt, nil
			}
			chunks = [][]byte{pingChunk}
		default:
			chunks = s.chunks(changes)
			s.wrote = true
		}
		if wait {
			if s.d.write(chunks...) != nil {
				return finishIt, nil
			}
			continue
		}
		rest, err := s.d.conn.tryWrite(chunks)
		switch {
		case err != nil:
			return finishIt, nil
		case len(rest) > 0:
			return handIt, rest
		}
	}
}

// finish ends a detached stream: its last words, its connection, then its place in the hub.
func (s *sseStream) finish() {
	s.hangups.forget(s.d)
	s.d.close()
	s.st.Close()
	if s.group != "" {
		s.execs.leave(s.group)
	}
}

// run writes the stream's events with write until the stream ends, ctx does, or a write fails.
// Each event is an HTTP/1.1 chunk (see chunk), shared by its group: the events ready at once
// go out in one write of the shared bytes, never copied into a buffer of the stream's own.
func (s *sseStream) run(ctx context.Context, write func(chunks ...[]byte) error) {
	s.beat.join()
	defer s.beat.leave()
	wrote := false // since the last beat
	for {
		changes, err := s.st.Next(ctx, s.beat.C(), maxPerWrite)
		switch {
		case err != nil: // its last event: why it ends, and the cursor to resume from
			_ = write(s.exec.answer(&live.Event{Err: err}))
			return
		case ctx.Err() != nil:
			return
		case len(changes) == 0: // the beat: a keep-alive if nothing else was sent since the last
			if !wrote && write(pingChunk) != nil {
				return
			}
			wrote = false
			continue
		}
		if write(s.chunks(changes)...) != nil {
			return
		}
		wrote = true
	}
}

// flush writes the events of chunks to the stream through the server (which chunks the body
// itself), and sends them now.
func (s *sseStream) flush(chunks ...[]byte) error {
	for _, c := range chunks {
		if _, err := s.w.Write(unchunk(c)); err != nil {
			return err
		}
	}
	s.flusher.Flush()
	return nil
}

// detached is an SSE stream's connection once the server has let go of it (deadlineWriter's
// detach): the rest of its chunked body is written here, each write with its deadline.
type detached struct {
	conn *deadlineConn           // each write with its deadline
	raw  net.Conn                // the same, unwrapped, for hangups
	ctx  context.Context         // the stream's from now on: none of its request's values
	end  context.CancelCauseFunc // ends ctx
	wake func()                  // gives the stream a turn if the pump holds it (hangUp); set before watched
}

// hangUp ends the stream, its client gone, and wakes it if it is parked in the pump.
func (d *detached) hangUp() {
	d.end(nil)
	if d.wake != nil {
		d.wake()
	}
}

// watch reads the connection until it ends, then ends the stream: the client went away. An SSE
// client sends nothing after its request; whatever it does send is dropped. (Where hangups can
// poll, it does this for every stream instead.)
func (d *detached) watch() {
	var b [1]byte
	for {
		if _, err := d.conn.Read(b[:]); err != nil {
			d.hangUp()
			return
		}
	}
}

// write sends chunks, each a chunk of the body already, in one system call.
func (d *detached) write(chunks ...[]byte) error {
	return d.conn.writeAll(chunks)
}

// close ends the body as gqlgen's transport would have (an event "complete"), and the connection.
func (d *detached) close() {
	_ = d.write(completeChunk, lastChunk)
	_ = d.conn.Close()
	d.end(nil)
}

// The chunks a stream writes of its own.
var (
	pingChunk     = chunkOf([]byte(": ping\n\n"))
	completeChunk = chunkOf([]byte("event: complete\n\n"))
	lastChunk     = []byte("0\r\n\r\n") // the end of a chunked body
)

// chunks returns the events of changes, as chunks.
func (s *sseStream) chunks(changes []*store.Change) [][]byte {
	out := make([][]byte, len(changes))
	for i, c := range changes {
		out[i] = s.chunk(c)
	}
	return out
}

// chunk returns the event of change c for the stream's group, as a chunk: made by the first
// member that needs it, by its group's executor.
func (s *sseStream) chunk(c *store.Change) []byte {
	if s.group == "" {
		return s.exec.answer(&live.Event{Change: c})
	}
	return s.frames.Get(s.group, c.Pos(), func() []byte { return s.exec.answer(&live.Event{Change: c}) })
}

// chunk writes a response as an SSE event, as gqlgen's SSE transport does, framed as one chunk
// of an HTTP/1.1 chunked body: a detached stream writes it as it is, shared by every member of
// its group; the server's writer is given the event alone (unchunk).
func chunk(resp *graphql.Response) []byte {
	if resp == nil {
		return nil
	}
	b, err := json.Marshal(resp)
	if err != nil {
		panic(err) // as gqlgen's transport: a response is always JSON
	}
	return chunkOf(eventHead, b, eventTail)
}

// An event's bytes around its data.
var eventHead, eventTail = []byte("event: next\ndata: "), []byte("\n\n")

// chunkOf frames the event made of parts as one chunk, with no spare capacity: it is shared,
// and an append makes a copy.
func chunkOf(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, 20+n)
	out = strconv.AppendInt(out, int64(n), 16)
	out = append(out, "\r\n"...)
	for _, p := range parts {
		out = append(out, p...)
	}
	out = append(out, "\r\n"...)
	return out[:len(out):len(out)]
}

// unchunk returns the event a chunk holds.
func unchunk(c []byte) []byte {
	if len(c) == 0 {
		return nil
	}
	i := bytes.Index(c, []byte("\r\n"))
	return c[i+2 : len(c)-2]
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

// logStreamPanic logs a panic in a goroutine that serves a stream, where no server's recover is.
func logStreamPanic(r any) {
	slog.Error("an SSE stream failed", "panic", r, "stack", string(debug.Stack()))
}
