// Package logs keeps the server's log readable under floods: it clips long values, and it
// summarises a message that repeats (a database outage fails every statement the same way)
// into one line a second per kind, with a count of the lines it stood for.
package logs

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// MaxValue is the longest string value a line keeps; the rest is dropped, and its length said.
const MaxValue = 300

// Summarize returns a handler that passes records on to h, clipping string values past
// MaxValue, and of the warnings and errors of one level and message passes at most one each
// every; the next one passed carries "repeated": how many were held back. Debug and info
// lines (a request's line at debug level) all pass.
func Summarize(h slog.Handler, every time.Duration) slog.Handler {
	return &summary{next: h, every: every, state: &state{seen: map[key]*seen{}}}
}

type key struct {
	level slog.Level
	msg   string
}

type seen struct {
	last time.Time
	held int
}

// state is shared by the handlers that WithAttrs and WithGroup derive, so one budget holds
// for a message whatever attributes its logger carries.
type state struct {
	mu   sync.Mutex
	seen map[key]*seen
}

type summary struct {
	next  slog.Handler
	every time.Duration
	state *state
}

func (s *summary) Enabled(ctx context.Context, l slog.Level) bool { return s.next.Enabled(ctx, l) }

func (s *summary) Handle(ctx context.Context, r slog.Record) error {
	held, pass := 0, true
	if r.Level >= slog.LevelWarn {
		held, pass = s.admit(key{r.Level, r.Message}, r.Time)
	}
	if !pass {
		return nil
	}
	out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(clip(a))
		return true
	})
	if held > 0 {
		out.AddAttrs(slog.Int("repeated", held))
	}
	return s.next.Handle(ctx, out)
}

// admit tells whether a record may pass now, and how many like it were held back before it.
func (s *summary) admit(k key, now time.Time) (held int, pass bool) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	e := s.state.seen[k]
	if e == nil {
		if len(s.state.seen) > 10000 { // bounded: messages are few, but say so if not
			s.state.seen = map[key]*seen{}
		}
		s.state.seen[k] = &seen{last: now}
		return 0, true
	}
	if now.Sub(e.last) < s.every {
		e.held++
		return 0, false
	}
	held, e.held, e.last = e.held, 0, now
	return held, true
}

func (s *summary) WithAttrs(as []slog.Attr) slog.Handler {
	clipped := make([]slog.Attr, len(as))
	for i, a := range as {
		clipped[i] = clip(a)
	}
	return &summary{next: s.next.WithAttrs(clipped), every: s.every, state: s.state}
}

func (s *summary) WithGroup(name string) slog.Handler {
	return &summary{next: s.next.WithGroup(name), every: s.every, state: s.state}
}

// clip shortens a string value (an error's text, a statement, a body) past MaxValue.
func clip(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		if s := v.String(); len(s) > MaxValue {
			return slog.String(a.Key, prefix(s))
		}
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			if s := err.Error(); len(s) > MaxValue {
				return slog.String(a.Key, prefix(s))
			}
		}
	case slog.KindGroup:
		as := v.Group()
		out := make([]any, len(as))
		for i, g := range as {
			out[i] = clip(g)
		}
		return slog.Group(a.Key, out...)
	}
	return a
}

// prefix is the first MaxValue bytes of s, cut at a character's start, and its whole length.
func prefix(s string) string {
	n := MaxValue
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "… (" + strconv.Itoa(len(s)) + " bytes)"
}
