package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/api"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestDatabaseFaults puts a proxy between the server and MariaDB, then freezes it (as SIGSTOP
// would the database) and cuts it, each while requests run. Every request must end by its
// deadline, with TIMEOUT or SERVICE_UNAVAILABLE and never a 5xx but the 503 of that code, and
// answers must be right again within 2 s of the database's return, leaking no goroutines.
func TestDatabaseFaults(t *testing.T) {
	network, address := testdb.MySQLUpstream(t)
	direct := testdb.Open(t, store.MySQL)
	proxy := testdb.NewProxy(t, network, address)
	s, err := store.Open(context.Background(), testdb.Via(t, direct, proxy.Addr()), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	const deadline = time.Second
	srv := httptest.NewServer(api.New(s, api.Options{RequestTimeout: deadline, ResultCache: 100}))
	t.Cleanup(srv.Close)
	q := map[string]any{"query": `{ region(code: "411224") { name ... on County { townships(first: 3) { totalCount nodes { name } } } } }`}
	want := string(postRaw(t, srv.URL, q))
	if len(want) < 50 {
		t.Fatalf("no answer before the faults: %s", want)
	}
	goroutines := runtime.NumGoroutine()

	for _, fault := range []struct {
		name         string
		break_, mend func()
	}{
		{"frozen", proxy.Freeze, proxy.Thaw},
		{"cut", proxy.Cut, proxy.Restore},
	} {
		t.Run(fault.name, func(t *testing.T) {
			fault.break_()
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					start := time.Now()
					r := post(t, srv.URL, q)
					if took := time.Since(start); took > deadline+2*time.Second {
						t.Errorf("a request took %s, past its deadline of %s", took, deadline)
					}
					if r.Status >= 500 && r.Status != 503 {
						t.Errorf("HTTP %d", r.Status)
					}
					if len(r.Errors) == 0 {
						t.Errorf("an answer with the database %s: %s", fault.name, r.Data)
					}
					for _, e := range r.Errors {
						if c := e.Extensions["code"]; c != "TIMEOUT" && c != "SERVICE_UNAVAILABLE" {
							t.Errorf("code %v (%s), want TIMEOUT or SERVICE_UNAVAILABLE", c, e.Message)
						}
					}
				})
			}
			wg.Wait()
			waitReady(t, srv.URL, 503)
			fault.mend()
			waitReady(t, srv.URL, 200)
			back := time.Now()
			for {
				if got := string(postRaw(t, srv.URL, q)); got == want {
					break
				} else if time.Since(back) > 2*time.Second {
					t.Fatalf("2 s after the database came back the answer is still %s", got)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
	srv.CloseClientConnections()
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > goroutines+10; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Errorf("%d goroutines after the faults, %d before", runtime.NumGoroutine(), goroutines)
			break
		}
	}
}

// waitReady polls /readyz until it answers status, for at most 3 s (its checks run every half
// second and give up after one).
func waitReady(t *testing.T, url string, status int) {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		res, err := http.Get(url + api.ReadyPath)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == status {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz did not answer %d within 3 s", status)
		}
	}
}
