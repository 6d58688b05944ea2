// Package priority gives reads the first claim on the machine while writes run beside them.
//
// A write is a score of short statements, each a round trip that costs the server and the
// database CPU, and a writer that sends the next as soon as one is answered keeps both busy; a
// reader waits for its answer. On two cores, eight such writers made a nested read's p99 four
// times as long (BENCHMARKS.md, "Reads beside a write burst"). A Gate lets writes run side by
// side while no read runs. While one does, a write waits for the reads to end, up to a delay
// for the whole write: before it begins, holding nothing (Wait), and before each statement
// (Step), so that writes make their way in the gaps between reads; once the delay is spent,
// its statements wait for the turn, so that one write statement at a time runs beside them.
package priority

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultMaxDelay is how long, in all, one write waits for reads unless configured: a few times
// a nested read's own latency, so that a read rarely meets a write, and small beside what a
// person waits for a write.
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
	waited   atomic.Int64 // nanoseconds writes have waited, in all

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

// Waited is how long writes have waited for reads and for the turn, in all.
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

// delay is what is left of one write's time to wait for reads, in nanoseconds, and whether it
// has come to the statements that must not wait (Finishing).
type delay struct {
	left      atomic.Int64
	finishing atomic.Bool
}

type delayKey struct{}

// delayOf returns the delay of the write in ctx, or nil outside a write.
func delayOf(ctx context.Context) *delay {
	d, _ := ctx.Value(delayKey{}).(*delay)
	return d
}

// Writing returns ctx for one write: its Waits together wait for reads at most the gate's delay,
// and the statements run in it take their turns (Step).
func (g *Gate) Writing(ctx context.Context) context.Context {
	if g == nil {
		return ctx
	}
	d := &delay{}
	d.left.Store(int64(g.maxDelay))
	return context.WithValue(ctx, delayKey{}, d)
}

// Finishing marks the write in ctx as past the point where it may wait: from then on its
// statements run at once. A write that holds a lock every other write needs (the data version's
// row, from the moment it takes its seq) must not wait for reads while it holds it.
func Finishing(ctx context.Context) {
	if d := delayOf(ctx); d != nil {
		d.finishing.Store(true)
	}
}

// IsWriting tells whether ctx is a write's (Writing).
func IsWriting(ctx context.Context) bool { return delayOf(ctx) != nil }

// TurnTaken tells whether a write's statement holds the turn now: when none does, a statement
// that ends has none to give back, which it can learn without looking at its context.
func (g *Gate) TurnTaken() bool { return g != nil && len(g.turn) > 0 }

// Wait waits, while reads run, for them to end, up to what is left of the delay of the write in
// ctx; it returns at once outside a write. A write calls it before each attempt, holding
// nothing, and ends a former attempt's Finishing; on MySQL its statements then wait again (Step).
func (g *Gate) Wait(ctx context.Context) {
	d := delayOf(ctx)
	if g == nil || d == nil {
		return
	}
	d.finishing.Store(false)
	if g.reading.Load() > 0 {
		g.waitForReads(ctx, d)
	}
}

// waitForReads waits for the reads running to end, up to what is left of d.
func (g *Gate) waitForReads(ctx context.Context, d *delay) {
	left := time.Duration(d.left.Load())
	if left <= 0 {
		return
	}
	start := time.Now()
	t := time.NewTimer(left)
	select {
	case <-g.idleCh():
	case <-t.C:
	case <-ctx.Done():
	}
	t.Stop()
	waited := time.Since(start)
	d.left.Add(-int64(waited))
	g.waited.Add(int64(waited))
}

// Step waits, while reads run, until a statement of the write in ctx may start: for the reads
// to end, up to what is left of the write's delay (writes make their way in the gaps between
// reads), then for the turn, so that one write statement at a time runs beside them. It returns
// the function that gives the turn back, to call once the statement has run (it is given back
// after MaxTurn anyway), or nil if the statement took none: outside a write, once it is
// Finishing, or with no read running.
func (g *Gate) Step(ctx context.Context) (done func()) {
	if g == nil || g.reading.Load() == 0 {
		return nil
	}
	d := delayOf(ctx)
	if d == nil || d.finishing.Load() {
		return nil
	}
	g.waitForReads(ctx, d)
	if ctx.Err() != nil {
		return nil // the statement fails at once
	}
	idle := g.idleCh()
	select {
	case <-idle:
		return nil
	default:
	}
	start := time.Now()
	defer func() { g.waited.Add(int64(time.Since(start))) }()
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
