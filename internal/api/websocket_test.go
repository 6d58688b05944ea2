package api_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// A WebSocket client as small as the tests need, on a connection of the test's own (so that a
// test can shrink its buffers and stop reading): RFC 6455 text frames, masked as a client's.

type wsClient struct {
	conn net.Conn
	br   *bufio.Reader
}

// dialWS opens a WebSocket to the instance's endpoint with subprotocol, its receive buffer set
// to readBuffer bytes when positive.
func dialWS(t *testing.T, url, subprotocol string, readBuffer int) *wsClient {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if readBuffer > 0 {
		_ = conn.(*net.TCPConn).SetReadBuffer(readBuffer)
	}
	key := make([]byte, 16)
	_, _ = rand.Read(key)
	req, _ := http.NewRequest(http.MethodGet, url+api.QueryPath, nil)
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Key", base64.StdEncoding.EncodeToString(key))
	req.Header.Set("Sec-WebSocket-Protocol", subprotocol)
	if err := req.Write(conn); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusSwitchingProtocols || res.Header.Get("Sec-WebSocket-Protocol") != subprotocol {
		t.Fatalf("upgrade: %s, subprotocol %q", res.Status, res.Header.Get("Sec-WebSocket-Protocol"))
	}
	return &wsClient{conn: conn, br: br}
}

// send writes v as one masked text frame.
func (c *wsClient) send(t *testing.T, v any) {
	t.Helper()
	p, _ := json.Marshal(v)
	frame := []byte{0x81} // FIN, text
	switch n := len(p); {
	case n < 126:
		frame = append(frame, 0x80|byte(n))
	case n < 1<<16:
		frame = append(frame, 0x80|126)
		frame = binary.BigEndian.AppendUint16(frame, uint16(n))
	default:
		frame = append(frame, 0x80|127)
		frame = binary.BigEndian.AppendUint64(frame, uint64(n))
	}
	mask := make([]byte, 4)
	_, _ = rand.Read(mask)
	frame = append(frame, mask...)
	for i, b := range p {
		frame = append(frame, b^mask[i%4])
	}
	if _, err := c.conn.Write(frame); err != nil {
		t.Fatal(err)
	}
}

// wsMessage is a message of either GraphQL-over-WebSocket protocol.
type wsMessage struct {
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"`
}

// next reads the next text message (skipping other frames); an error when the connection ends,
// also within a frame.
func (c *wsClient) next() (wsMessage, error) {
	for {
		var h [2]byte
		if _, err := io.ReadFull(c.br, h[:]); err != nil {
			return wsMessage{}, err
		}
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			var l [2]byte
			if _, err := io.ReadFull(c.br, l[:]); err != nil {
				return wsMessage{}, err
			}
			n = uint64(binary.BigEndian.Uint16(l[:]))
		case 127:
			var l [8]byte
			if _, err := io.ReadFull(c.br, l[:]); err != nil {
				return wsMessage{}, err
			}
			n = binary.BigEndian.Uint64(l[:])
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(c.br, p); err != nil {
			return wsMessage{}, err
		}
		switch h[0] & 0x0f {
		case 0x1:
			var m wsMessage
			err := json.Unmarshal(p, &m)
			return m, err
		case 0x8:
			return wsMessage{}, fmt.Errorf("closed: %q", p)
		}
	}
}

// expect reads messages until one of type typ, failing on an error message or after 10 s.
func (c *wsClient) expect(t *testing.T, typ string) wsMessage {
	t.Helper()
	_ = c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		m, err := c.next()
		if err != nil {
			t.Fatalf("waiting for %s: %v", typ, err)
		}
		switch m.Type {
		case typ:
			return m
		case "ka", "ping", "pong":
		default:
			t.Fatalf("waiting for %s, got %s: %s", typ, m.Type, m.Payload)
		}
	}
}

// TestLegacyGraphQLWS subscribes over the legacy graphql-ws subprotocol (subscriptions-transport-ws:
// connection_init, connection_ack, start, data, stop, complete) with its key in connection_init,
// on a server that requires one: a write's change arrives as data, and stop completes it.
func TestLegacyGraphQLWS(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	key := makeKey(t, s, "legacy-ws", auth.RoleEditor)
	in := newInstance(t, s, liveOptions{requireKey: true})
	c := dialWS(t, in.url, "graphql-ws", 0)
	c.send(t, map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + key}})
	c.expect(t, "connection_ack")
	c.send(t, map[string]any{"id": "1", "type": "start", "payload": map[string]any{"query": changesDoc}})
	waitFor(t, "the subscription to open", func() bool { return in.hub.Stats().Subscribers == 1 })
	create(t, in.url, key, "旧协议订阅学校")
	m := c.expect(t, "data")
	var e event
	if err := json.Unmarshal(m.Payload, &e); err != nil || m.ID != "1" || e.Data.Changes == nil ||
		e.Data.Changes.Op != "CREATE" || e.Data.Changes.NodeType != "School" || e.Data.Changes.Node == nil {
		t.Fatalf("data %s %s (%v)", m.ID, m.Payload, err)
	}
	c.send(t, map[string]any{"id": "1", "type": "stop"})
	if m := c.expect(t, "complete"); m.ID != "1" {
		t.Errorf("complete for %q", m.ID)
	}
	waitFor(t, "the stream to end", func() bool { return in.hub.Stats().Subscribers == 0 })
}

// TestWebSocketStuckClientCutOff is TestStuckClientCutOff over WebSocket (graphql-transport-ws):
// a client that reads nothing is cut off by the stream's write deadline as a slow consumer, and
// resumes from the last cursor it received with the next change.
func TestWebSocketStuckClientCutOff(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		editor := makeKey(t, s, "editor-ws-stuck", auth.RoleEditor)
		in := newInstance(t, s, liveOptions{limits: live.Limits{WriteTimeout: 300 * time.Millisecond}, smallSendBuffers: true})
		start, err := s.LastChange(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		c := dialWS(t, in.url, "graphql-transport-ws", 4096)
		c.send(t, map[string]any{"type": "connection_init"})
		c.expect(t, "connection_ack")
		c.send(t, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": changesDoc}})
		waitFor(t, "the subscription to open", func() bool { return in.hub.Stats().Subscribers == 1 })

		// The client reads nothing while the writes go on, until the server gives up on it.
		deadline := time.Now().Add(60 * time.Second)
		for i := 0; in.hub.Stats().Disconnects[live.ReasonSlow] == 0; i++ {
			if time.Now().After(deadline) {
				t.Fatalf("after %d writes the stuck client is still served: %+v", i, in.hub.Stats())
			}
			create(t, in.url, editor, fmt.Sprintf("堵塞套接字学校%d", i))
		}
		waitFor(t, "the stream to end", func() bool { return in.hub.Stats().Subscribers == 0 })

		// What the client received, in order, then the next change from its last cursor.
		_ = c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		var got []string // cursors
		for {
			m, err := c.next()
			if err != nil {
				break // the connection closed, perhaps within a frame
			}
			var e event
			if m.Type == "next" && json.Unmarshal(m.Payload, &e) == nil && e.Data.Changes != nil {
				got = append(got, e.Data.Changes.Cursor)
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		log, err := s.ChangesAfter(ctx, start, 10000)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || len(got) >= len(log) {
			t.Fatalf("the client received %d of the %d changes before it was cut off", len(got), len(log))
		}
		for i, c := range got {
			if c != log[i].Cursor() {
				t.Fatalf("received %d: %s, the log has %s", i, c, log[i].Cursor())
			}
		}
		resumed := firstEvent(t, subscribeSSE(t, ctx, in.url, map[string]any{"after": got[len(got)-1]}, nil))
		if resumed.Data.Changes == nil || resumed.Data.Changes.Cursor != log[len(got)].Cursor() {
			t.Errorf("received %d changes, resumed with %+v, want %s", len(got), resumed, log[len(got)].Cursor())
		}
		t.Logf("cut off after %d of %d changes", len(got), len(log))
	})
}
