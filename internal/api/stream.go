package api

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/store"
)

// KeepAlive is how often an idle stream (SSE or WebSocket) is sent a keep-alive, so that
// proxies do not close it.
const KeepAlive = 15 * time.Second

// isStream tells whether a request to the endpoint opens a stream: GraphQL over SSE (a POST
// that accepts text/event-stream) or over WebSocket (an upgrade).
func isStream(r *http.Request) bool {
	// The header map read by canonical keys, not Header.Get: every request asks this.
	if len(r.Header["Upgrade"]) > 0 {
		return true
	}
	if r.Method != http.MethodPost {
		return false
	}
	for _, a := range r.Header["Accept"] {
		if strings.Contains(a, "text/event-stream") {
			return true
		}
	}
	return false
}

// streams sends the requests that open a stream to stream, the others to next. The layers of
// the short requests' chain stay out of a stream's way: it holds no in-flight slot (shedding)
// and no request deadline for its life, is never cached, and is not timed as a request; the
// key is checked as for any request (and, on a WebSocket, from connection_init too), and the
// cost extension prices the subscription and charges it to the client's budget.
func streams(stream, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isStream(r) {
			stream.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// streamEndpoint serves streams: the key, the client a subscription counts against, a session,
// and the server's own write and read deadlines lifted (a stream lives as long as its client),
// each write to a stream given writeTimeout instead (deadlineWriter for SSE, deadlineConn for
// a WebSocket).
func streamEndpoint(s *store.Store, requireKey bool, writeTimeout time.Duration, srv http.Handler) http.Handler {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		_ = rc.SetWriteDeadline(time.Time{})
		_ = rc.SetReadDeadline(time.Time{})
		if r.Header.Get("Upgrade") != "" {
			ctx, cancel := context.WithCancelCause(r.Context())
			defer cancel(nil)
			w = &deadlineHijacker{ResponseWriter: w, timeout: writeTimeout, stuck: cancel}
			srv.ServeHTTP(w, r.WithContext(live.WithClient(ctx, subscriber(ctx))))
			return
		}
		// An SSE stream may outlive its request (detach): its context ends with the
		// request's only until then.
		ctx, cancel := context.WithCancelCause(context.WithoutCancel(r.Context()))
		d := &deadlineWriter{ResponseWriter: w, rc: rc, timeout: writeTimeout, stuck: cancel,
			chunked: r.ProtoMajor == 1 && r.ProtoMinor >= 1}
		d.unwatch = context.AfterFunc(r.Context(), func() { cancel(nil) })
		defer func() {
			if !d.detached {
				d.unwatch()
				cancel(nil)
			}
		}()
		srv.ServeHTTP(d, r.WithContext(live.WithClient(ctx, subscriber(ctx))))
	})
	// A WebSocket's key may come in connection_init instead of a header (browsers cannot set
	// one on an upgrade): its check is wsInit's.
	keyed := withSession(s, authenticate(s, requireKey, h))
	open := withSession(s, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" && len(r.Header.Values("Authorization")) == 0 {
			open.ServeHTTP(w, r)
			return
		}
		keyed.ServeHTTP(w, r)
	})
}

// deadlineWriter gives each write to an SSE stream a deadline, so that a client that reads
// nothing (its socket's buffers full) cannot keep its stream waiting until the connection dies.
// A write still waiting after the timeout ends the stream's context with live.ErrStuck (which
// the hub counts as a slow consumer) and then the connection's write, so that the writer
// returns. The client resumes from the last cursor it received.
type deadlineWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	stuck   context.CancelCauseFunc
	timer   *time.Timer // made at the first write, reset for each

	chunked  bool        // the response is HTTP/1.1's chunked body, which detach can go on writing
	unwatch  func() bool // stops the request's end from ending the stream
	detached bool
}

// detach takes the stream's connection from the server, to be written by the stream alone: the
// server's goroutines and buffers for it are freed when the handler returns, and the stream's
// context no longer ends with the request but when hangups sees the client go. It
// returns nil when the stream cannot be detached (not HTTP/1.1, or the server refuses).
func (d *deadlineWriter) detach() *detached {
	if !d.chunked {
		return nil
	}
	d.Flush() // the stream's start, before the server lets go of the connection
	conn, _, err := d.rc.Hijack()
	if err != nil {
		return nil
	}
	d.detached = true
	d.unwatch()
	d.stuck(nil) // the request's context: the stream has one of its own now
	ctx, end := context.WithCancelCause(context.Background())
	return &detached{conn: &deadlineConn{Conn: conn, timeout: d.timeout, stuck: end}, raw: conn, ctx: ctx, end: end}
}

// guard runs write with the deadline armed.
func (d *deadlineWriter) guard(write func()) {
	if d.timer == nil {
		d.timer = time.AfterFunc(d.timeout, func() {
			d.stuck(live.ErrStuck) // first, so that the stream ends as stuck, not as gone
			_ = d.rc.SetWriteDeadline(time.Now())
		})
	} else {
		d.timer.Reset(d.timeout)
	}
	write()
	d.timer.Stop()
}

// Write writes to the stream within the deadline; once it is detached, the transport's last
// words (its "complete") are the detached stream's to write.
func (d *deadlineWriter) Write(p []byte) (n int, err error) {
	if d.detached {
		return 0, http.ErrHijacked
	}
	d.guard(func() { n, err = d.ResponseWriter.Write(p) })
	return n, err
}

// Flush sends what the stream holds, within the deadline.
func (d *deadlineWriter) Flush() {
	if d.detached {
		return
	}
	d.guard(func() { _ = d.rc.Flush() })
}

// Unwrap lets a ResponseController reach the connection.
func (d *deadlineWriter) Unwrap() http.ResponseWriter { return d.ResponseWriter }

// deadlineHijacker hands a WebSocket its connection with a deadline on each write (deadlineConn).
type deadlineHijacker struct {
	http.ResponseWriter
	timeout time.Duration
	stuck   context.CancelCauseFunc
}

// Hijack takes the connection from the server, as the WebSocket's library asks, wrapped.
func (h *deadlineHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	dc := &deadlineConn{Conn: c, timeout: h.timeout, stuck: h.stuck}
	if brw.Writer.Buffered() == 0 { // as it always is: the upgrade's answer is sent on the conn itself after
		brw.Writer.Reset(dc)
	}
	return dc, brw, nil
}

// Unwrap lets a ResponseController reach the connection.
func (h *deadlineHijacker) Unwrap() http.ResponseWriter { return h.ResponseWriter }

// deadlineConn gives each write to a WebSocket a deadline, as deadlineWriter does to an SSE
// stream's: a client that reads nothing (its socket's buffers full) is cut off after the
// timeout, the stream's context ended with live.ErrStuck (a slow consumer, to the hub) and the
// connection closed, so that every other write and the read loop end at once. The client
// resumes from the last cursor it received.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
	stuck   context.CancelCauseFunc
}

func (c *deadlineConn) Write(p []byte) (int, error) {
	_ = c.SetWriteDeadline(time.Now().Add(c.timeout))
	n, err := c.Conn.Write(p)
	c.check(err)
	return n, err
}

// writeAll writes bufs in order within the deadline, in one system call where the connection
// can gather them (writev on a TCP connection), so that they need not be copied together.
func (c *deadlineConn) writeAll(bufs [][]byte) error {
	_ = c.SetWriteDeadline(time.Now().Add(c.timeout))
	defer func() { _ = c.SetWriteDeadline(time.Time{}) }() // or a later tryWrite would see it pass
	b := net.Buffers(bufs)
	_, err := b.WriteTo(c.Conn)
	c.check(err)
	return err
}

// check cuts the client off if err says that its write waited past the deadline.
func (c *deadlineConn) check(err error) {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.stuck(live.ErrStuck) // first, so that the stream ends as stuck, not as gone
		_ = c.Conn.Close()
	}
}

// subscriber names the client that a subscription counts against: its key, or its address.
func subscriber(ctx context.Context) string {
	if p := auth.FromContext(ctx); !p.IsAnonymous() {
		return "key:" + p.KeyName
	}
	if ri := infoOf(ctx); ri != nil {
		return ri.client
	}
	return ""
}

// wsInit checks the key a WebSocket's connection_init payload carries ({"Authorization":
// "Bearer <key>"}), as authenticate checks a header: a bad key, or none where one is needed
// (and no header gave one), closes the connection with the reason.
func wsInit(s *store.Store, requireKey bool) transport.WebsocketInitFunc {
	return func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		// A refusal closes the socket with 4401 (graphql-ws's Unauthorized) or 4503, its reason
		// starting with the code, as a request's extensions.code would.
		refuse := func(code int, reason string) (context.Context, *transport.InitPayload, error) {
			ctx := transport.WithWebsocketCloseCode(transport.AppendCloseReason(ctx, reason), code)
			return ctx, nil, errors.New(reason)
		}
		value := payload.Authorization()
		if value == "" {
			if requireKey && auth.FromContext(ctx).IsAnonymous() {
				return refuse(4401, "UNAUTHENTICATED: this server needs an API key: send it in connection_init as {\"Authorization\": \"Bearer <key>\"}")
			}
			return ctx, nil, nil
		}
		key, ok := bearer([]string{value})
		if !ok {
			return refuse(4401, "UNAUTHENTICATED: Authorization must be Bearer followed by an aidgraph API key")
		}
		p, err := lookUp(ctx, s, key)
		switch {
		case errors.Is(err, store.ErrKeyNotFound):
			return refuse(4401, "UNAUTHENTICATED: this API key is unknown or was revoked")
		case err != nil:
			return refuse(4503, "SERVICE_UNAVAILABLE: the API key could not be checked: retry")
		}
		if ri := infoOf(ctx); ri != nil {
			ri.keyed(p.KeyName)
		}
		ctx = auth.WithPrincipal(ctx, p)
		return live.WithClient(ctx, subscriber(ctx)), nil, nil
	}
}
