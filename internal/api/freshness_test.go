package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/follow"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestFreshnessAcrossInstances: two instances on one database, each following the change log
// as a served one does (its requests then take the data version from the follower, not from a
// statement), with their result caches on, polling only and with Redis hints. A write through
// one is seen at once by the next request to the same instance; by the other, at once when the
// request carries the write's token, and without one once the other's follower has seen it (the
// staleness bound: the poll interval, and with Redis a hint's trip). The time that took is
// logged, not held: tests assert no timings.
func TestFreshnessAcrossInstances(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		for _, withRedis := range []bool{false, true} {
			name := "polling"
			if withRedis {
				name = "redis hints"
			}
			t.Run(name, func(t *testing.T) {
				var hints *follow.Hints
				if withRedis {
					if hints = testHints(t); hints == nil {
						t.Skip("AIDGRAPH_TEST_REDIS is not set")
					}
				}
				s1 := testdb.Open(t, d)
				s2, err := store.Open(context.Background(), testdb.TargetOf(t, s1), store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s2.Close() })
				var urls []string
				for _, s := range []*store.Store{s1, s2} {
					f := followLog(t, s)
					if hints != nil {
						ctx, cancel := context.WithCancel(context.Background())
						t.Cleanup(cancel)
						s.OnCommit(hints.Publish)
						go hints.Wake(ctx, f)
					}
					srv := httptest.NewServer(api.New(s, api.Options{ResultCache: 100}))
					t.Cleanup(srv.Close)
					urls = append(urls, srv.URL)
				}
				one, two := urls[0], urls[1]
				editor := bearerOf(makeKey(t, s1, "editor-fresh", auth.RoleEditor))
				var made map[string]created
				status, _, raw := postTo(t, one, createDoc("School"), map[string]any{"in": with(baseInputs()["School"], "name", "fresh-0")}, editor)
				if res := decodeResponse(t, status, raw); len(res.Errors) > 0 {
					t.Fatalf("create: %s", errorsText(res.Errors))
				} else if err := jsonDecode(res.Data, &made); err != nil {
					t.Fatal(err)
				}
				school := made["createSchool"]
				read := func(base string, header map[string]string) string {
					t.Helper()
					var got struct{ Node struct{ Name string } }
					status, _, raw := postTo(t, base, `query($id: ID!) { node(id: $id) { ... on School { name } } }`, map[string]any{"id": school.ID}, header)
					res := decodeResponse(t, status, raw)
					if status != 200 || len(res.Errors) > 0 || jsonDecode(res.Data, &got) != nil {
						t.Fatalf("read: HTTP %d %s", status, raw)
					}
					return got.Node.Name
				}
				version := school.Version
				for i := 1; i <= 6; i++ {
					// Both instances cache the old name: each must drop it.
					for _, u := range urls {
						for read(u, nil) != "fresh-"+strconv.Itoa(i-1) {
							time.Sleep(5 * time.Millisecond)
						}
					}
					writeTo, other := one, two
					if i%2 == 0 {
						writeTo, other = two, one
					}
					want := "fresh-" + strconv.Itoa(i)
					status, h, raw := postTo(t, writeTo, updateDoc("School"), map[string]any{"id": school.ID, "v": version,
						"in": with(baseInputs()["School"], "name", want)}, editor)
					if res := decodeResponse(t, status, raw); len(res.Errors) > 0 {
						t.Fatalf("write %d: %s", i, errorsText(res.Errors))
					}
					version++
					if got := read(writeTo, nil); got != want {
						t.Errorf("write %d: the instance that wrote it answers %q next, want %q", i, got, want)
					}
					if i%2 == 1 { // a token read makes the instance read the version: the next ones would see it
						if got := read(other, map[string]string{api.MinSeqHeader: h.Get(api.SeqHeader)}); got != want {
							t.Errorf("write %d: the other instance, with the write's token, answers %q, want %q", i, got, want)
						}
						continue
					}
					start := time.Now()
					for read(other, nil) != want {
						if time.Since(start) > 30*time.Second {
							t.Fatalf("write %d: the other instance did not see it without a token in 30 s", i)
						}
						time.Sleep(time.Millisecond)
					}
					t.Logf("write %d: seen by the other instance without a token after %s", i, time.Since(start).Round(100*time.Microsecond))
				}
			})
		}
	})
}

// TestVersionReadOnlyWhenNeeded: Q4, whose regions all come from the division tree, costs no
// statement while the instance's follower vouches for the data version it saw; one (the version)
// without a follower, when the request's token is newer than what the instance saw, and once
// the follower has said nothing for the time it vouched for.
func TestVersionReadOnlyWhenNeeded(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		srv := httptest.NewServer(api.New(s, api.Options{}))
		t.Cleanup(srv.Close)
		q := fmt.Sprintf(q4, 1)
		cost := func(header map[string]string) int {
			t.Helper()
			h := map[string]string{api.DebugHeader: "sql"}
			for k, v := range header {
				h[k] = v
			}
			_, _, raw := send(t, srv.URL, map[string]any{"query": q}, h)
			var r struct {
				Errors     []gqlError
				Extensions struct{ SQL *struct{ Statements int } }
			}
			if err := json.Unmarshal(raw, &r); err != nil || len(r.Errors) > 0 || r.Extensions.SQL == nil {
				t.Fatalf("Q4: %s", raw)
			}
			return r.Extensions.SQL.Statements
		}
		cost(nil) // loads the tree
		v, err := s.DataVersion(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		newer := map[string]string{api.MinSeqHeader: strconv.FormatInt(v+1, 10)}
		for _, tt := range []struct {
			name   string
			before func()
			header map[string]string
			want   int
		}{
			{"no follower", func() {}, nil, 1},
			{"the follower vouches", func() { s.SawVersion(v, time.Minute) }, nil, 0},
			{"a token the instance has seen", func() { s.SawVersion(v, time.Minute) }, map[string]string{api.MinSeqHeader: strconv.FormatInt(v, 10)}, 0},
			{"a token newer than the instance saw", func() { s.SawVersion(v, time.Minute) }, newer, 1},
			{"the follower silent past its time", func() { s.SawVersion(v, time.Millisecond); time.Sleep(5 * time.Millisecond) }, nil, 1},
		} {
			tt.before()
			if got := cost(tt.header); got != tt.want {
				t.Errorf("%s: %d statements, want %d", tt.name, got, tt.want)
			}
		}
	})
}
