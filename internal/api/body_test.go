package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// rawPost opens a connection to srv and sends the head of a POST to the endpoint, with the given
// framing header (Content-Length or Transfer-Encoding), and no body yet.
func rawPost(t *testing.T, srv *httptest.Server, framing string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n%s\r\n\r\n", api.QueryPath, srv.Listener.Addr(), framing)
	return conn
}

// readAnswer reads the response on conn: its status and its first error's code.
func readAnswer(t *testing.T, conn net.Conn) (int, string) {
	t.Helper()
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := decodeResponse(t, res.StatusCode, raw)
	if len(r.Errors) == 0 {
		return res.StatusCode, ""
	}
	code, _ := r.Errors[0].Extensions["code"].(string)
	return res.StatusCode, code
}

// TestLargeBodyIsAnswered sends 12 MB bodies, with their length said and chunked, as a simple
// client does, which reads the answer once it has sent the whole request: the server reads and
// discards the body past the limit, so the client's sending is not cut short by a reset, and it
// reads 413 REQUEST_TOO_LARGE.
func TestLargeBodyIsAnswered(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	srv := httptest.NewServer(api.New(s, api.Options{}))
	t.Cleanup(srv.Close)
	const size = 12 << 20
	chunk := `{"query": "{ __typename }", "padding": "` + strings.Repeat("x", 64<<10)
	for _, tt := range []struct {
		name, framing, end string
		frame              func(string) string
	}{
		{"content length", fmt.Sprintf("Content-Length: %d", size), "", func(c string) string { return c }},
		{"chunked", "Transfer-Encoding: chunked", "0\r\n\r\n", func(c string) string { return fmt.Sprintf("%x\r\n%s\r\n", len(c), c) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn := rawPost(t, srv, tt.framing)
			for sent := 0; sent < size; sent += len(chunk) {
				if _, err := io.WriteString(conn, tt.frame(chunk[:min(len(chunk), size-sent)])); err != nil {
					// curl, for one, then reports the failure and not the answer
					t.Errorf("the server hung up after %d bytes, before the client had sent its request: %v", sent, err)
					break
				}
			}
			_, _ = io.WriteString(conn, tt.end)
			status, code := readAnswer(t, conn)
			if status != http.StatusRequestEntityTooLarge || code != "REQUEST_TOO_LARGE" {
				t.Errorf("HTTP %d %s, want 413 REQUEST_TOO_LARGE", status, code)
			}
		})
	}
}

// TestSlowBodiesHoldNoSlot trickles the bodies of more requests than there are slots, and
// checks that a query sent meanwhile is answered (their bodies are read before they take a
// slot), and that a body that does not arrive by the request's deadline gets 408.
func TestSlowBodiesHoldNoSlot(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	const slow = 4
	srv := httptest.NewServer(api.New(s, api.Options{MaxInFlight: 2, MaxQueued: 1, RequestTimeout: 2 * time.Second}))
	t.Cleanup(srv.Close)
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	answers := make(chan [2]any, slow)
	var conns []net.Conn
	for range slow {
		conn := rawPost(t, srv, "Content-Length: 100000")
		conns = append(conns, conn)
		wg.Go(func() {
			go func() { // a byte at a time, until the test is done or the server hangs up
				for {
					select {
					case <-ctx.Done():
						return
					case <-time.After(100 * time.Millisecond):
					}
					if _, err := conn.Write([]byte(" ")); err != nil {
						return
					}
				}
			}()
			status, code := readAnswer(t, conn)
			answers <- [2]any{status, code}
		})
	}
	t.Cleanup(func() {
		stop()
		for _, c := range conns {
			c.Close()
		}
		wg.Wait()
	})

	// Every slow request has reached the endpoint (or been answered, which it must not be yet)
	// before the query is sent.
	for deadline := time.Now().Add(10 * time.Second); inFlight(t, srv.URL) < slow && len(answers) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d slow requests in flight, want %d", inFlight(t, srv.URL), slow)
		}
	}
	status, _, raw := send(t, srv.URL, map[string]any{"query": "{ __typename }"}, nil)
	if status != http.StatusOK || !strings.Contains(string(raw), `"Query"`) {
		t.Errorf("a query beside %d slow bodies: HTTP %d %s, want 200", slow, status, raw)
	}
	giveUp := time.After(30 * time.Second) // far past the deadline: a server that never answers
	for range slow {
		select {
		case a := <-answers:
			if a[0] != http.StatusRequestTimeout || a[1] != "REQUEST_TIMEOUT" {
				t.Errorf("a body that did not arrive by the deadline: HTTP %v %v, want 408 REQUEST_TIMEOUT", a[0], a[1])
			}
		case <-giveUp:
			t.Fatal("a body that did not arrive by the deadline was never answered")
		}
	}
}

// inFlight reads aidgraph_requests_in_flight from the metrics.
func inFlight(t *testing.T, url string) int {
	t.Helper()
	res, err := http.Get(url + api.MetricsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "aidgraph_requests_in_flight "); ok {
			var n json.Number = json.Number(v)
			f, _ := n.Float64()
			return int(f)
		}
	}
	return 0
}
