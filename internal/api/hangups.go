package api

import (
	"sync"
	"time"
)

// hangupPoll is how often the detached SSE streams' connections are looked at for a client
// that went away.
const hangupPoll = time.Second

// hangups sees the clients of detached SSE streams go: one goroutine, every hangupPoll, reads
// what each connection holds without waiting (an SSE client sends nothing after its request:
// whatever comes is dropped) and ends the stream whose connection has ended. A goroutine
// blocked reading each connection would see it at once, but would cost every subscriber a
// stack that the garbage collector scans at each cycle; a second is soon enough to free a
// subscription's place. Where the system cannot read without waiting (hungUp's other build),
// each stream has that goroutine.
type hangups struct {
	mu      sync.Mutex
	streams map[*detached]struct{}
	running bool
}

// watch ends d's stream when its client goes away, until forget(d).
func (h *hangups) watch(d *detached) {
	if !canPoll {
		go d.watch()
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.streams == nil {
		h.streams = map[*detached]struct{}{}
	}
	h.streams[d] = struct{}{}
	if !h.running {
		h.running = true
		go h.run()
	}
}

// forget stops watching d (its stream has ended).
func (h *hangups) forget(d *detached) {
	h.mu.Lock()
	delete(h.streams, d)
	h.mu.Unlock()
}

// run polls the connections until none is left to watch.
func (h *hangups) run() {
	t := time.NewTicker(hangupPoll)
	defer t.Stop()
	var ds []*detached
	for range t.C {
		h.mu.Lock()
		if len(h.streams) == 0 {
			h.running = false
			h.mu.Unlock()
			return
		}
		ds = ds[:0]
		for d := range h.streams {
			ds = append(ds, d)
		}
		h.mu.Unlock()
		for _, d := range ds {
			if hungUp(d.raw) {
				h.forget(d)
				d.hangUp()
			}
		}
		clear(ds) // hold no stream past its turn
	}
}
