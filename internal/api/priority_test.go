package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/priority"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestMutationsGiveWayToReads sends a mutation while a read runs on a server whose writes give
// way to reads (--write-yield): it is answered only once the read has ended, and /metrics counts
// the time it gave way.
func TestMutationsGiveWayToReads(t *testing.T) {
	gate := priority.New(time.Hour)
	s, err := store.Open(context.Background(), testdb.TargetOf(t, testdb.Open(t, store.SQLite)),
		store.Options{Session: store.DefaultSession, Priority: gate})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	url := serve(t, s, api.Options{MaxInFlight: 4, MaxQueued: 4, Priority: gate})
	key := makeKey(t, s, "yield", auth.RoleEditor)

	gate.StartRead() // as a query in a read slot is counted
	answered := make(chan string, 1)
	go func() {
		body := `{"query":"mutation { createSource(input: {kind: ARTICLE, title: \"让读先行\", publisher: \"test\"}) { id } }"}`
		req, _ := http.NewRequest(http.MethodPost, url+api.QueryPath, bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- err.Error()
			return
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		answered <- string(raw)
	}()
	select {
	case raw := <-answered:
		t.Fatalf("the mutation was answered while a read ran: %s", raw)
	case <-time.After(300 * time.Millisecond):
	}
	gate.EndRead()
	select {
	case raw := <-answered:
		if !regexp.MustCompile(`"createSource":\{"id":"[^"]+"\}`).MatchString(raw) {
			t.Fatalf("the mutation, once the read ended: %s", raw)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the mutation was never answered after the read ended")
	}

	_, _, raw := get(t, url+api.MetricsPath, nil)
	m := regexp.MustCompile(`(?m)^aidgraph_write_yield_seconds_total (\S+)$`).FindSubmatch(raw)
	if m == nil {
		t.Fatalf("/metrics has no aidgraph_write_yield_seconds_total:\n%s", raw)
	}
	if v, _ := strconv.ParseFloat(string(m[1]), 64); v < 0.2 {
		t.Errorf("aidgraph_write_yield_seconds_total %s: the mutation gave way for longer", m[1])
	}
}
