// Package priority gives reads the first claim on the machine while writes run beside them.
//
// A write is a score of short statements, each a round trip that costs the server and the
// database CPU, and a writer that sends the next as soon as one is answered keeps both busy; a
// reader waits for its answer. On two cores, eight such writers made a nested read's p99 three to
// four times as long (BENCHMARKS.md, "Reads beside a write burst"). A Gate lets writes' statements run
// side by side while no read runs. While one does, each statement of a write first waits for
// the reads to end, up to a delay the write is allowed in all, and then for its turn: one write
// statement at a time runs beside the reads.
package priority

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultMaxDelay is how long, in all, one write waits for reads unless configured: about five
// times a nested read's own latency, so that a read rarely meets a write's statement, and small
// beside what a person or an import waits for a write.
const DefaultMaxDelay = 20 * time.Millisecond

// MaxTurn is the longest one write's statement holds the turn while reads run. A statement
// that takes longer (it waits for another write's row lock, or for the disk) gives it back, so
// that a write that holds a lock which another waits for is never kept from finishing by it.
const MaxTurn = time.Millisecond

// Gate counts the reads running and hands writes' statements their turn. A nil *Gate lets every
// statement run at once.
type Gate struct {
	maxDelay time.Duration
	reading  atomic.Int64 // reads running, read without the lock by Step's first look
	waited   atomic.Int64 // nanoseconds writes' statements have waited, in all

	mu   sync.Mutex
	idle chan struct{} // closed while no read runs; a new one each time one starts
	turn chan struct{} // one slot: the write statement that runs while reads do
}

// New returns a Gate whose writes each wait for reads at most maxDelay in all; nil if maxDelay
// is not positive, which gives reads no priority.
func New(maxDelay time.Duration) *Gate {
	if maxDelay <= 0 {
		return nil
	}
	idle := make(chan struct{})
	close(idle)
	return &Gate{maxDelay: maxDelay, idle: idle, turn: make(chan struct{}, 1)}
}

// StartRead records a read that starts; EndRead, called once for each, its end.
func (g *Gate) StartRead() {
	if g == nil {
		return
	}
	g.mu.Lock()
	if g.reading.Add(1) == 1 {
		g.idle = make(chan struct{})
	}
	g.mu.Unlock()
}

// EndRead records the end of a read StartRead recorded.
func (g *Gate) EndRead() {
	if g == nil {
		return
	}
	g.mu.Lock()
	if g.reading.Add(-1) == 0 {
		close(g.idle)
	}
	g.mu.Unlock()
}

// Waited is how long writes' statements have waited for reads and for the turn, in all.
func (g *Gate) Waited() time.Duration {
	if g == nil {
		return 0
	}
	return time.Duration(g.waited.Load())
}

// idleCh returns the channel that is closed once no read runs.
func (g *Gate) idleCh() chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.idle
}

// delay is what is left of one write's time to wait for reads, in nanoseconds.
type delay struct{ left atomic.Int64 }

type delayKey struct{}

// Writing returns ctx for one write: each statement run in it takes its step (Step), and all
// of them together wait for reads at most the gate's delay.
func (g *Gate) Writing(ctx context.Context) context.Context {
	if g == nil {
		return ctx
	}
	d := &delay{}
	d.left.Store(int64(g.maxDelay))
	return context.WithValue(ctx, delayKey{}, d)
}

// IsWriting tells whether ctx is a write's (Writing).
func IsWriting(ctx context.Context) bool {
	_, ok := ctx.Value(delayKey{}).(*delay)
	return ok
}

// Step waits until a statement run in ctx may start. Outside a write (Writing), or while no
// read runs, that is at once. Else the statement waits for the reads to end, up to what is left
// of its write's delay, and then, while reads still run, for the turn. It returns the function
// that gives the turn back, to call when the statement has run (the turn is given back after
// MaxTurn anyway), or nil if it took none.
func (g *Gate) Step(ctx context.Context) (done func()) {
	if g == nil || g.reading.Load() == 0 {
		return nil
	}
	d, ok := ctx.Value(delayKey{}).(*delay)
	if !ok {
		return nil
	}
	idle := g.idleCh()
	start := time.Now()
	defer func() { g.waited.Add(int64(time.Since(start))) }()
	if left := time.Duration(d.left.Load()); left > 0 {
		t := time.NewTimer(left)
		select {
		case <-idle:
		case <-t.C:
		case <-ctx.Done():
		}
		t.Stop()
		d.left.Add(-int64(time.Since(start)))
	}
	if ctx.Err() != nil {
		return nil // the statement fails at once
	}
	select {
	case <-idle:
		return nil
	default:
	}
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return nil
	case g.turn <- struct{}{}:
	}
	var once sync.Once
	give := func() { once.Do(func() { <-g.turn }) }
	t := time.AfterFunc(MaxTurn, give)
	return func() {
		t.Stop()
		give()
	}
}
