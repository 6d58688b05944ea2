package api

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/priority"
)

// TestShedding fills the slots and the queue with requests that block, and checks that the
// next is shed at once with 503 and Retry-After, and that the queued ones run once slots free.
func TestShedding(t *testing.T) {
	const inFlight, queued = 2, 3
	release := make(chan struct{})
	started := make(chan struct{}, inFlight+queued)
	sh := newShedder(inFlight, queued, nil)
	srv := httptest.NewServer(sh.handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-release
	})))
	defer srv.Close()

	var wg sync.WaitGroup
	codes := make(chan int, inFlight+queued)
	for range inFlight + queued {
		wg.Go(func() {
			res, err := http.Get(srv.URL)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			codes <- res.StatusCode
		})
	}
	for range inFlight {
		<-started // the first ones run; the others wait in the queue
	}
	for deadline := time.Now().Add(10 * time.Second); len(sh.queue) < queued; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d requests reached the queue", len(sh.queue), queued)
		}
	}

	begin := time.Now()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("past the queue: HTTP %d, Retry-After %q; want 503 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if waited := time.Since(begin); waited > QueueWait/2 {
		t.Errorf("the shed request waited %s: it must be refused at once", waited)
	}
	close(release)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Errorf("a running or queued request got HTTP %d, want 200", c)
		}
	}
}

// TestWritesDoNotHoldReadSlots fills the write lane with writes that wait (as for a row lock)
// and checks that reads still run at once in every read slot, and that one more write, with
// the lane full, is shed rather than taking a read's slot.
func TestWritesDoNotHoldReadSlots(t *testing.T) {
	const inFlight = 2
	release := make(chan struct{})
	writing := make(chan struct{}, inFlight)
	sh := newShedder(inFlight, 0, nil)
	srv := httptest.NewServer(sh.handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("op") != "write" {
			return // a read answers at once
		}
		if !toWriteLane(r.Context()) {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		writing <- struct{}{}
		<-release
	})))
	defer srv.Close()
	get := func(op string) int {
		res, err := http.Get(srv.URL + "?op=" + op)
		if err != nil {
			t.Error(err)
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}

	var wg sync.WaitGroup
	for range inFlight {
		wg.Go(func() {
			if code := get("write"); code != http.StatusOK {
				t.Errorf("a write in the lane: %d", code)
			}
		})
	}
	for range inFlight {
		<-writing
	}
	for i := range 2 * inFlight {
		if code := get("read"); code != http.StatusOK {
			t.Errorf("read %d, with the write lane full: %d, want 200", i, code)
		}
	}
	if code := get("write"); code != http.StatusServiceUnavailable {
		t.Errorf("a write past the full lane: %d, want 503", code)
	}
	close(release)
	wg.Wait()
}

// TestWritesGiveWayToRunningReads: the queries in read slots are the reads that writes' steps
// wait for; a mutation in its read slot, before it moves to its lane, is none (writes would
// wait for each other), nor is it once in its lane (it would wait for itself).
func TestWritesGiveWayToRunningReads(t *testing.T) {
	gate := priority.New(time.Hour)
	reading, release := make(chan struct{}), make(chan struct{})
	sh := newShedder(4, 0, gate)
	srv := httptest.NewServer(sh.handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("op") {
		case "read":
			countAsRead(r.Context()) // as operationChecks does for a query
			close(reading)
			<-release
			return
		case "parsing": // a mutation not yet known as one
			<-release
			return
		}
		if !toWriteLane(r.Context()) {
			t.Error("the write was shed")
		}
		gate.Wait(gate.Writing(r.Context())) // as a write does before it begins
	})))
	defer srv.Close()
	get := func(op string, done chan<- struct{}) {
		res, err := http.Get(srv.URL + "?op=" + op)
		if err != nil {
			t.Error(err)
		} else {
			res.Body.Close()
		}
		close(done)
	}

	parsed, parsing := make(chan struct{}), make(chan struct{})
	go get("parsing", parsed)
	for deadline := time.Now().Add(10 * time.Second); len(sh.slots) == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the request being parsed never took a read slot")
		}
	}
	go get("write", parsing)
	select {
	case <-parsing:
	case <-time.After(10 * time.Second):
		t.Fatal("a write waited for a request that is not known to be a query")
	}

	readDone, writeDone := make(chan struct{}), make(chan struct{})
	go get("read", readDone)
	<-reading
	go get("write", writeDone)
	select {
	case <-writeDone:
		t.Fatal("a write's statement ran while a read did")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	<-readDone
	<-parsed
	select {
	case <-writeDone:
	case <-time.After(10 * time.Second):
		t.Fatal("the write never ran once the read ended")
	}

	// With no read running, a write passes at once.
	again := make(chan struct{})
	go get("write", again)
	select {
	case <-again:
	case <-time.After(10 * time.Second):
		t.Fatal("a write waited with no read running")
	}
}
