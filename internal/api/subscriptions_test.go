package api_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/follow"
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// The live updates' end-to-end tests (issue 23): subscriptions over real HTTP (GraphQL over
// SSE, read as a client reads it), served by instances that each follow the change log.

const changesDoc = `subscription($after: String, $filter: ChangeFilter) {
  changes(after: $after, filter: $filter) { cursor seq op nodeType nodeId version node { id } }
}`

// instance is one aidgraph instance of a test: its own store on the shared database, its
// follower of the log and its hub.
type instance struct {
	url string
	hub *live.Hub
}

// liveOptions tune a test instance.
type liveOptions struct {
	limits     live.Limits
	window     int
	requireKey bool
	hints      *follow.Hints // nil: polls and its own writes only
	// smallSendBuffers gives each accepted connection a send buffer of a few KB, so that a
	// client that reads nothing fills it within a few dozen events.
	smallSendBuffers bool
}

// smallBuffers is a listener whose connections have small send buffers.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4096)
	}
	return c, err
}

// newInstance serves s with subscriptions, polling the log every 100 ms.
func newInstance(t *testing.T, s *store.Store, o liveOptions) *instance {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	f := follow.New(s, follow.Options{Interval: 100 * time.Millisecond, Window: o.window})
	s.OnCommit(func(int64) { f.Wake() })
	if o.hints != nil {
		s.OnCommit(o.hints.Publish)
		go o.hints.Wake(ctx, f)
	}
	go f.Run(ctx)
	hub := live.NewHub(s, f, o.limits)
	srv := httptest.NewUnstartedServer(api.New(s, api.Options{CORSOrigins: []string{"*"}, Live: hub, RequireReaderKey: o.requireKey,
		MaxInFlight: 2, RequestTimeout: 30 * time.Second}))
	if o.smallSendBuffers {
		srv.Listener = smallBuffers{srv.Listener}
	}
	srv.Start()
	t.Cleanup(func() {
		sctx, c := context.WithTimeout(context.Background(), 5*time.Second)
		defer c()
		_ = hub.Close(sctx)
		srv.Close()
		cancel()
	})
	return &instance{url: srv.URL, hub: hub}
}

// testHints returns hints on a channel of the test's own, or nil when no Redis is configured.
func testHints(t *testing.T) *follow.Hints {
	t.Helper()
	u := os.Getenv("AIDGRAPH_TEST_REDIS")
	if u == "" {
		t.Log("AIDGRAPH_TEST_REDIS is not set: instances hear of each other's writes by polling only")
		return nil
	}
	opt, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return follow.NewHints(rdb, "aidgraph-test-"+hex.EncodeToString(b)+":changes")
}

// event is one SSE event's GraphQL response.
type event struct {
	Data struct {
		Changes *struct {
			Cursor   string `json:"cursor"`
			Seq      int64  `json:"seq"`
			Op       string `json:"op"`
			NodeType string `json:"nodeType"`
			NodeID   string `json:"nodeId"`
			Node     *struct {
				ID string `json:"id"`
			} `json:"node"`
		} `json:"changes"`
	} `json:"data"`
	Errors []gqlError `json:"errors"`
}

// subscribeSSE opens a subscription over SSE and returns its events, until the stream ends
// (the channel closes) or ctx does. A refusal before the stream (HTTP 4xx) comes as one event.
func subscribeSSE(t *testing.T, ctx context.Context, url string, vars map[string]any, header map[string]string) <-chan event {
	t.Helper()
	return subscribeDoc(t, ctx, url, changesDoc, vars, header)
}

// subscribeDoc is subscribeSSE with a document of the caller's.
func subscribeDoc(t *testing.T, ctx context.Context, url, doc string, vars map[string]any, header map[string]string) <-chan event {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": doc, "variables": vars})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+api.QueryPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	out := make(chan event, 16)
	go func() {
		defer close(out)
		defer res.Body.Close()
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
			var e event
			_ = json.NewDecoder(res.Body).Decode(&e)
			out <- e
			return
		}
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var e event
			if err := json.Unmarshal([]byte(data), &e); err != nil {
				t.Errorf("event is not JSON: %s", data)
				return
			}
			select {
			case out <- e:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// logCursor is the cursor of the log's last change now ("change:0:0" for an empty log).
func logCursor(t *testing.T, s *store.Store) string {
	t.Helper()
	p, err := s.LastChange(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return (&store.Change{Seq: p.Seq, ID: p.ID}).Cursor()
}

// TestSubscriptionsAcrossInstances is issue 23's test: three instances share one database (and
// Redis, when configured); 30 subscribers spread over them, with four filters, while several
// writers make 1,000 writes; half of the subscribers disconnect and resume on another instance
// with their last cursor. Each must receive every change its filter lets through exactly once,
// in seq order.
func TestSubscriptionsAcrossInstances(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		base := testdb.Open(t, d)
		editor := makeKey(t, base, "editor-live", auth.RoleEditor)
		hints := testHints(t)
		stores := []*store.Store{base}
		for range 2 {
			s, err := store.Open(context.Background(), testdb.TargetOf(t, base), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			stores = append(stores, s)
		}
		var inst []*instance
		for _, s := range stores {
			inst = append(inst, newInstance(t, s, liveOptions{hints: hints}))
		}
		start := logCursor(t, base)
		filters := []map[string]any{
			nil,
			{"nodeTypes": []string{"School"}},
			{"ops": []string{"UPDATE"}},
			{"within": "411224", "nodeTypes": []string{"Hospital"}},
		}
		const subscribers, writers, perWriter = 30, 4, 250
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()

		type got struct {
			cursors []string
			seqs    []int64
			resumed bool
		}
		results := make([]*got, subscribers)
		var wg sync.WaitGroup
		var total sync.WaitGroup // subscribers, until every write is done and received
		var expMu sync.Mutex     // guards results
		for i := range subscribers {
			results[i] = &got{}
			total.Add(1)
			go func(i int) {
				defer total.Done()
				g := results[i]
				cursor := start
				on := i % len(inst)
				leaveAfter := -1
				if i%2 == 1 {
					leaveAfter = 3 + i*7 // half leave after a few events, and resume elsewhere
				}
				for {
					sctx, scancel := context.WithCancel(ctx)
					events := subscribeSSE(t, sctx, inst[on].url, map[string]any{"after": cursor, "filter": filters[i%len(filters)]}, nil)
					left := false
					for e := range events {
						if len(e.Errors) > 0 || e.Data.Changes == nil {
							t.Errorf("subscriber %d: %+v", i, e.Errors)
							break
						}
						c := e.Data.Changes
						expMu.Lock()
						g.cursors = append(g.cursors, c.Cursor)
						g.seqs = append(g.seqs, c.Seq)
						n := len(g.cursors)
						expMu.Unlock()
						cursor = c.Cursor
						if leaveAfter >= 0 && n == leaveAfter {
							left, g.resumed = true, true
							break
						}
					}
					scancel()
					for range events { // drain until the reader stops
					}
					if !left {
						if ctx.Err() != nil {
							return // the test ended the streams
						}
						continue // the stream ended early (it should not): resume
					}
					on = (on + 1) % len(inst)
				}
			}(i)
		}
		time.Sleep(300 * time.Millisecond) // let the subscriptions open; they start at start anyway

		writeStart := time.Now()
		for w := range writers {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				url := inst[w%len(inst)].url
				for n := range perWriter {
					typ := "School"
					in := map[string]any{"name": fmt.Sprintf("直播学校 %d-%d", w, n), "stage": "PRIMARY", "regionId": idWenyu, "sourceId": idArticle}
					if n%2 == 1 {
						typ = "Hospital"
						in = map[string]any{"name": fmt.Sprintf("直播卫生院 %d-%d", w, n), "level": "TOWNSHIP_HEALTH_CENTRE", "regionId": idWenyu, "sourceId": idArticle}
					}
					var out struct {
						Created struct {
							ID      string `json:"id"`
							Version int    `json:"version"`
						} `json:"created"`
					}
					q := fmt.Sprintf(`mutation($in: %sInput!) { created: create%s(input: $in) { id version } }`, typ, typ)
					status, _, raw := send(t, url, map[string]any{"query": q, "variables": map[string]any{"in": in}}, bearerOf(editor))
					r := decodeResponse(t, status, raw)
					if len(r.Errors) > 0 {
						t.Errorf("write: %+v", r.Errors)
						return
					}
					if n%5 == 4 { // and some updates
						_ = json.Unmarshal(r.Data, &out)
						in["name"] = in["name"].(string) + "（改）"
						q := fmt.Sprintf(`mutation($id: ID!, $v: Int!, $in: %sInput!) { update%s(id: $id, version: $v, input: $in) { id } }`, typ, typ)
						status, _, raw := send(t, url, map[string]any{"query": q, "variables": map[string]any{"id": out.Created.ID, "v": out.Created.Version, "in": in}}, bearerOf(editor))
						if r := decodeResponse(t, status, raw); len(r.Errors) > 0 {
							t.Errorf("update: %+v", r.Errors)
							return
						}
					}
				}
			}(w)
		}
		wg.Wait()
		t.Logf("%d writers made their writes in %v", writers, time.Since(writeStart))

		// What each subscriber must receive: the log after start, read with plain SQL's feed.
		after, err := store.ParseChangeCursor("after", start)
		if err != nil {
			t.Fatal(err)
		}
		all, err := base.ChangesAfter(context.Background(), after, 100000)
		if err != nil {
			t.Fatal(err)
		}
		want := make([][]string, subscribers)
		for i := range subscribers {
			f := filters[i%len(filters)]
			for _, c := range all {
				if match(f, c) {
					want[i] = append(want[i], c.Cursor())
				}
			}
		}
		// Wait until each has as many as it should (or a minute), then end the streams.
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			expMu.Lock()
			all := true
			for i, g := range results {
				all = all && len(g.cursors) >= len(want[i])
			}
			expMu.Unlock()
			if all {
				break
			}
		}
		cancel()
		total.Wait()
		resumed := 0
		for i, g := range results {
			if g.resumed {
				resumed++
			}
			if !slicesEqual(g.cursors, want[i]) {
				t.Errorf("subscriber %d (filter %v, resumed %v) received %d changes, want %d (first differing at %d)",
					i, filters[i%len(filters)], g.resumed, len(g.cursors), len(want[i]), firstDiff(g.cursors, want[i]))
			}
			for k := 1; k < len(g.seqs); k++ {
				if g.seqs[k] < g.seqs[k-1] {
					t.Errorf("subscriber %d: seq %d after %d", i, g.seqs[k], g.seqs[k-1])
					break
				}
			}
		}
		if resumed < subscribers/2 {
			t.Errorf("%d subscribers resumed on another instance, want %d", resumed, subscribers/2)
		}
		if len(all) < writers*perWriter {
			t.Errorf("the log holds %d changes, want at least %d", len(all), writers*perWriter)
		}
	})
}

// match applies one of the test's filters as the server should.
func match(f map[string]any, c *store.Change) bool {
	if ts, ok := f["nodeTypes"].([]string); ok && !contains(ts, c.NodeType) {
		return false
	}
	if ops, ok := f["ops"].([]string); ok && !contains(ops, c.Op) {
		return false
	}
	return true // within 411224: every write of the test is in Wenyu, in 卢氏县
}

func contains(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

func slicesEqual(a, b []string) bool { return firstDiff(a, b) < 0 }

func firstDiff(a, b []string) int {
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return -1
}

// firstEvent waits for a stream's first event.
func firstEvent(t *testing.T, events <-chan event) event {
	t.Helper()
	select {
	case e, ok := <-events:
		if !ok {
			t.Fatal("the stream ended without an event")
		}
		return e
	case <-time.After(20 * time.Second):
		t.Fatal("no event in 20 s")
	}
	return event{}
}

// eventCode is the first error's code, or "" when there is none.
func eventCode(e event) string {
	if len(e.Errors) == 0 {
		return ""
	}
	c, _ := e.Errors[0].Extensions["code"].(string)
	return c
}

// TestSubscriptionRefusals: no key where one is required, over the per-client limit, an
// invalid cursor, a bad filter; and a shutdown ends a stream with a cursor that resumes it.
func TestSubscriptionRefusals(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		reader := makeKey(t, s, "reader-live", auth.RoleReader)
		editor := makeKey(t, s, "editor-live", auth.RoleEditor)
		keyed := newInstance(t, s, liveOptions{requireKey: true, limits: live.Limits{PerClient: 1}})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()

		tests := []struct {
			name   string
			vars   map[string]any
			header map[string]string
			code   string
		}{
			{"no key when required", nil, nil, "UNAUTHENTICATED"},
			{"an invalid cursor", map[string]any{"after": "bm90LWEtY3Vyc29y"}, bearerOf(reader), "INVALID_CURSOR"},
			{"an unknown node type", map[string]any{"filter": map[string]any{"nodeTypes": []string{"Spaceship"}}}, bearerOf(reader), "INVALID_ARGUMENT"},
			{"an unknown region", map[string]any{"filter": map[string]any{"within": "999999"}}, bearerOf(reader), "NOT_FOUND"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				if got := eventCode(firstEvent(t, subscribeSSE(t, ctx, keyed.url, tc.vars, tc.header))); got != tc.code {
					t.Errorf("code %q, want %q", got, tc.code)
				}
			})
		}

		t.Run("over the per-client limit", func(t *testing.T) {
			first := subscribeSSE(t, ctx, keyed.url, nil, bearerOf(reader))
			time.Sleep(200 * time.Millisecond) // the first is open
			if got := eventCode(firstEvent(t, subscribeSSE(t, ctx, keyed.url, nil, bearerOf(reader)))); got != string(live.TooManySubscriptions) {
				t.Errorf("code %q, want %s", got, live.TooManySubscriptions)
			}
			// Another client (another key) is not counted with it.
			other := subscribeSSE(t, ctx, keyed.url, nil, bearerOf(editor))
			create(t, keyed.url, editor, "限额测试学校")
			if e := firstEvent(t, other); eventCode(e) != "" || e.Data.Changes == nil || e.Data.Changes.Op != "CREATE" || e.Data.Changes.Node == nil {
				t.Errorf("the other client's event: %+v", e)
			}
			if e := firstEvent(t, first); e.Data.Changes == nil {
				t.Errorf("the first subscription's event: %+v", e)
			}
		})

		t.Run("shutdown ends the stream with a cursor that resumes it", func(t *testing.T) {
			plain := newInstance(t, s, liveOptions{})
			other := newInstance(t, s, liveOptions{})
			events := subscribeSSE(t, ctx, plain.url, nil, nil)
			time.Sleep(200 * time.Millisecond)
			create(t, plain.url, editor, "关停测试学校一")
			e := firstEvent(t, events)
			if e.Data.Changes == nil {
				t.Fatalf("event: %+v", e)
			}
			sctx, c := context.WithTimeout(context.Background(), 5*time.Second)
			defer c()
			go func() { _ = plain.hub.Close(sctx) }()
			last := firstEvent(t, events)
			cursor, _ := last.Errors[0].Extensions["cursor"].(string)
			if eventCode(last) != "SERVICE_UNAVAILABLE" || cursor != e.Data.Changes.Cursor {
				t.Fatalf("last event %+v, want SERVICE_UNAVAILABLE with cursor %s", last, e.Data.Changes.Cursor)
			}
			create(t, other.url, editor, "关停测试学校二")
			resumed := firstEvent(t, subscribeSSE(t, ctx, other.url, map[string]any{"after": cursor}, nil))
			if resumed.Data.Changes == nil || resumed.Data.Changes.Seq <= e.Data.Changes.Seq {
				t.Errorf("resumed with %+v", resumed)
			}
		})
	})
}

// TestStuckClientCutOff opens an SSE subscription from a client that reads nothing of it, and
// writes until the server's buffers towards it are full: the stream's write deadline cuts the
// client off as a slow consumer (not holding its stream until the connection dies), and the
// client, reading what it had received, resumes from its last cursor with the next change.
func TestStuckClientCutOff(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		editor := makeKey(t, s, "editor-stuck", auth.RoleEditor)
		in := newInstance(t, s, liveOptions{limits: live.Limits{WriteTimeout: 300 * time.Millisecond}, smallSendBuffers: true})

		start, err := s.LastChange(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		conn, err := net.Dial("tcp", strings.TrimPrefix(in.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.(*net.TCPConn).SetReadBuffer(4096)
		body, _ := json.Marshal(map[string]any{"query": changesDoc})
		req, _ := http.NewRequest(http.MethodPost, in.url+api.QueryPath, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "text/event-stream")
		if err := req.Write(conn); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the subscription to open", func() bool { return in.hub.Stats().Subscribers == 1 })

		// The client reads nothing while the writes go on, until the server gives up on it.
		deadline := time.Now().Add(60 * time.Second)
		for i := 0; in.hub.Stats().Disconnects[live.ReasonSlow] == 0; i++ {
			if time.Now().After(deadline) {
				t.Fatalf("after %d writes the stuck client is still served: %+v", i, in.hub.Stats())
			}
			create(t, in.url, editor, fmt.Sprintf("堵塞测试学校%d", i))
		}
		waitFor(t, "the stream to end", func() bool { return in.hub.Stats().Subscribers == 0 })

		// What the client received, in order, then the next change from its last cursor.
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(conn), req)
		if err != nil {
			t.Fatal(err)
		}
		var got []string // cursors
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			var e event
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok && json.Unmarshal([]byte(data), &e) == nil && e.Data.Changes != nil {
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

// TestChangesExample runs examples/changes.graphql as a subscription: a school created in
// 卢氏县 arrives with its node.
func TestChangesExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "examples", "changes.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		editor := makeKey(t, s, "editor-example", auth.RoleEditor)
		in := newInstance(t, s, liveOptions{})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		events := subscribeDoc(t, ctx, in.url, string(doc), nil, nil)
		waitFor(t, "the subscription to open", func() bool { return in.hub.Stats().Subscribers == 1 })
		create(t, in.url, editor, "示例订阅学校")
		e := firstEvent(t, events)
		if e.Data.Changes == nil || e.Data.Changes.Op != "CREATE" || e.Data.Changes.NodeType != "School" || e.Data.Changes.Node == nil {
			t.Errorf("event %+v", e)
		}
	})
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("waited 10s for %s", what)
		}
	}
}

// create makes a school through url with key and fails the test if it cannot.
func create(t *testing.T, url, key, name string) {
	t.Helper()
	in := map[string]any{"name": name, "stage": "PRIMARY", "regionId": idWenyu, "sourceId": idArticle}
	status, _, raw := send(t, url, map[string]any{"query": `mutation($in: SchoolInput!) { createSchool(input: $in) { id } }`,
		"variables": map[string]any{"in": in}}, bearerOf(key))
	if r := decodeResponse(t, status, raw); len(r.Errors) > 0 {
		t.Fatalf("create: %+v", r.Errors)
	}
}

// clientsEnv, when set, makes the real clients' test a must: CI installs their packages and sets it.
const clientsEnv = "AIDGRAPH_TEST_SUBSCRIPTION_CLIENTS"

// TestSubscriptionClients subscribes with npm's graphql-sse and graphql-ws (testdata/clients,
// npm ci there), each with an API key, to a server that requires one: each receives the
// changes after a cursor; graphql-ws without a key is refused.
func TestSubscriptionClients(t *testing.T) {
	dir := filepath.Join("testdata", "clients")
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat(filepath.Join(dir, "node_modules", "graphql-ws")); err != nil || statErr != nil {
		if os.Getenv(clientsEnv) != "" {
			t.Fatalf("%s is set but node or %s/node_modules is missing: run npm ci there", clientsEnv, dir)
		}
		t.Skipf("the subscription clients' test needs node and `npm ci` in %s (.ci/run does both)", dir)
	}
	s := testdb.Open(t, store.SQLite)
	key := makeKey(t, s, "clients", auth.RoleEditor)
	in := newInstance(t, s, liveOptions{requireKey: true})
	after := logCursor(t, s)
	create(t, in.url, key, "客户端测试学校一")
	create(t, in.url, key, "客户端测试学校二")
	cmd := exec.Command(node, "--experimental-websocket", "clients.mjs", in.url+api.QueryPath, key, after, "2")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("clients: %v\n%s", err, out)
	}
	lines := 0
	for sc := bufio.NewScanner(bytes.NewReader(out)); sc.Scan(); {
		var r struct {
			Client string
			Events []event
			Error  string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			continue // Node's warning about the experimental WebSocket
		}
		lines++
		switch r.Client {
		case "graphql-ws without a key":
			if !strings.Contains(r.Error, "UNAUTHENTICATED") || len(r.Events) != 0 {
				t.Errorf("%s: %+v, want refused with UNAUTHENTICATED", r.Client, r)
			}
		default:
			if r.Error != "" || len(r.Events) != 2 || r.Events[0].Data.Changes == nil || r.Events[1].Data.Changes == nil ||
				r.Events[0].Data.Changes.Node == nil || r.Events[0].Data.Changes.Seq >= r.Events[1].Data.Changes.Seq {
				t.Errorf("%s: %s", r.Client, sc.Text())
			}
		}
	}
	if lines != 3 {
		t.Errorf("clients printed %d results, want 3:\n%s", lines, out)
	}
}

// TestSSEClientGone: an SSE stream, once its connection is the stream's own (not the
// server's), still ends as soon as its client closes the connection, without waiting for a
// write to fail: its subscription no longer counts against the limits.
func TestSSEClientGone(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	in := newInstance(t, s, liveOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	events := subscribeSSE(t, ctx, in.url, nil, nil)
	waitFor(t, "the subscription to open", func() bool { return in.hub.Stats().Subscribers == 1 })
	cancel() // the client closes its connection
	for range events {
	}
	waitFor(t, "the stream to end", func() bool {
		st := in.hub.Stats()
		return st.Subscribers == 0 && st.Disconnects[live.ReasonClient] == 1
	})
}

// rawSSE is a subscription over its own HTTP/1.1 connection, read without a goroutine, so
// that a test can count the server's.
type rawSSE struct {
	conn net.Conn
	body *bufio.Scanner
}

// openRawSSE subscribes to changesDoc with vars over a new connection to url.
func openRawSSE(t *testing.T, url string, vars map[string]any) *rawSSE {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	body, _ := json.Marshal(map[string]any{"query": changesDoc, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+api.QueryPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if err := req.Write(conn); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("subscribe: %s", res.Status)
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	return &rawSSE{conn: conn, body: sc}
}

// next returns the stream's next event, within 10 s.
func (r *rawSSE) next(t *testing.T) event {
	t.Helper()
	_ = r.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for r.body.Scan() {
		data, ok := strings.CutPrefix(r.body.Text(), "data: ")
		if !ok {
			continue
		}
		var e event
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			t.Fatalf("event is not JSON: %s", data)
		}
		return e
	}
	t.Fatalf("the stream ended: %v", r.body.Err())
	return event{}
}

// TestSSEStreamsIdleWithoutGoroutines opens many equal SSE subscriptions: once open and caught
// up, they hold no goroutine of the server's each (the pump serves them), and when the member
// whose executor answers for the group goes away, the others still receive every change.
func TestSSEStreamsIdleWithoutGoroutines(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	editor := makeKey(t, s, "editor-pump", auth.RoleEditor)
	in := newInstance(t, s, liveOptions{})
	const n = 40
	before := runtime.NumGoroutine()
	first := openRawSSE(t, in.url, nil) // the group's first member: its executor answers for all
	waitFor(t, "the first subscription to open", func() bool { return in.hub.Stats().Subscribers == 1 })
	subs := []*rawSSE{first}
	for range n - 1 {
		subs = append(subs, openRawSSE(t, in.url, nil))
	}
	waitFor(t, "the subscriptions to open", func() bool { return in.hub.Stats().Subscribers == n })
	waitFor(t, "the streams to be parked", func() bool { return runtime.NumGoroutine()-before < n/4 })

	create(t, in.url, editor, "泵一小学")
	for i, sub := range subs {
		if e := sub.next(t); e.Data.Changes == nil || e.Data.Changes.NodeType != "School" {
			t.Fatalf("subscriber %d: %+v", i, e)
		}
	}
	first.conn.Close()
	waitFor(t, "the first subscriber to go", func() bool { return in.hub.Stats().Subscribers == n-1 })
	create(t, in.url, editor, "泵二小学")
	for i, sub := range subs[1:] {
		if e := sub.next(t); e.Data.Changes == nil || e.Data.Changes.NodeType != "School" || e.Data.Changes.Node == nil {
			t.Fatalf("subscriber %d after the first left: %+v", i+1, e)
		}
	}
	if g := runtime.NumGoroutine() - before; g >= n/4 {
		t.Errorf("%d more goroutines with %d subscriptions open than before them", g, n-1)
	}
}

// TestSSEResumedStreamOutlivesWriteTimeout resumes a subscription from a cursor, so that its
// first events are written by a goroutine of its own under the write timeout, then lets it
// idle past that timeout: the stream, parked since, still sends the next change.
func TestSSEResumedStreamOutlivesWriteTimeout(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	editor := makeKey(t, s, "editor-resume", auth.RoleEditor)
	in := newInstance(t, s, liveOptions{limits: live.Limits{WriteTimeout: 200 * time.Millisecond}})
	start := logCursor(t, s)
	create(t, in.url, editor, "续传一小学")
	sub := openRawSSE(t, in.url, map[string]any{"after": start})
	if e := sub.next(t); e.Data.Changes == nil || e.Data.Changes.NodeType != "School" {
		t.Fatalf("the change after the cursor: %+v", e)
	}
	time.Sleep(600 * time.Millisecond) // past the write's deadline, parked
	create(t, in.url, editor, "续传二小学")
	if e := sub.next(t); e.Data.Changes == nil || e.Data.Changes.NodeType != "School" {
		t.Fatalf("the next change: %+v", e)
	}
}
