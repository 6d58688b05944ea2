package priority_test

import (
	"context"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/priority"
)

// long is a delay no test waits out: a wait that returns before it did not wait for it.
const long = time.Hour

// async runs f in a goroutine and returns a channel closed when it has returned.
func async(f func()) <-chan struct{} {
	ch := make(chan struct{})
	go func() { defer close(ch); f() }()
	return ch
}

// pending fails the test if ch is closed within a moment.
func pending(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
		t.Fatalf("%s did not wait while a read ran", what)
	case <-time.After(50 * time.Millisecond):
	}
}

// ended waits for ch to be closed.
func ended(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s never ended", what)
	}
}

func TestNothingWaitsWithoutReadsOrOutsideWrites(t *testing.T) {
	g := priority.New(long)
	w := g.Writing(context.Background())
	ended(t, async(func() { g.Wait(w) }), "a write's wait with no read running")
	if done := g.Step(w); done != nil {
		t.Error("a write's statement with no read running took a turn")
	}
	g.StartRead()
	defer g.EndRead()
	ended(t, async(func() { g.Wait(context.Background()) }), "a wait outside any write")
	if done := g.Step(context.Background()); done != nil {
		t.Error("a statement outside any write took a turn")
	}
	var none *priority.Gate
	ended(t, async(func() { none.Wait(none.Writing(context.Background())) }), "a nil gate's wait")
	if priority.New(0) != nil {
		t.Error("a gate with no delay was made: writes would wait for reads without end")
	}
}

func TestWaitLastsUntilTheReadsEnd(t *testing.T) {
	g := priority.New(long)
	g.StartRead()
	g.StartRead()
	ch := async(func() { g.Wait(g.Writing(context.Background())) })
	pending(t, ch, "the write")
	g.EndRead() // one of the two reads ends; the other still runs
	pending(t, ch, "the write")
	g.EndRead()
	ended(t, ch, "the write's wait")
	if g.Waited() <= 0 {
		t.Error("the gate did not count the write's wait")
	}
}

func TestWaitLastsNoLongerThanTheWritesDelay(t *testing.T) {
	g := priority.New(30 * time.Millisecond)
	g.StartRead()
	defer g.EndRead()
	w := g.Writing(context.Background())
	ended(t, async(func() { g.Wait(w) }), "a wait beside a read that never ends")
	ended(t, async(func() { g.Wait(w) }), "a second wait with the delay spent")
	if done := g.Step(w); done == nil {
		t.Error("a write's statement beside a read ran without the turn")
	} else {
		done()
	}
}

func TestAStatementWaitsForTheReadsToo(t *testing.T) {
	g := priority.New(long)
	g.StartRead()
	w := g.Writing(context.Background())
	var done func()
	ch := async(func() { done = g.Step(w) })
	pending(t, ch, "the write's statement")
	g.EndRead()
	ended(t, ch, "the write's statement")
	if done != nil {
		t.Error("a statement that started with no read running holds a turn")
	}
}

func TestWaitEndsWithItsContext(t *testing.T) {
	g := priority.New(long)
	g.StartRead()
	defer g.EndRead()
	ctx, cancel := context.WithCancel(g.Writing(context.Background()))
	ch := async(func() { g.Wait(ctx) })
	pending(t, ch, "the write")
	cancel()
	ended(t, ch, "the cancelled write's wait")
}

func TestOneStatementAtATimeBesideReads(t *testing.T) {
	g := priority.New(time.Nanosecond) // the writes' delays are spent at once
	g.StartRead()
	defer g.EndRead()
	if g.TurnTaken() {
		t.Fatal("the turn is taken before any statement ran")
	}
	a := g.Step(g.Writing(context.Background()))
	if a == nil || !g.TurnTaken() {
		t.Fatal("a write's statement beside a read took no turn")
	}
	var b func()
	ch := async(func() { b = g.Step(g.Writing(context.Background())) })
	select {
	case <-ch:
		t.Fatal("two writes' statements ran beside a read at once")
	case <-time.After(priority.MaxTurn / 2):
	}
	a()
	ended(t, ch, "write B's step")
	if b == nil {
		t.Fatal("write B's statement beside a read took no turn")
	}
	b()
	if g.TurnTaken() {
		t.Error("the turn is still taken once both statements gave it back")
	}
}

func TestTheTurnIsGivenBackAfterMaxTurn(t *testing.T) {
	// A statement that waits for a row lock keeps the turn no longer than MaxTurn, so the write
	// that holds the lock can still run its statements and let it go.
	g := priority.New(time.Nanosecond)
	g.StartRead()
	defer g.EndRead()
	holder := g.Step(g.Writing(context.Background()))
	defer holder()
	var done func()
	ended(t, async(func() { done = g.Step(g.Writing(context.Background())) }), "the lock holder's step")
	if done != nil {
		done()
	}
}

func TestAFinishingWriteWaitsNoMore(t *testing.T) {
	// From the moment a write takes its seq it holds the row every write needs.
	g := priority.New(long)
	g.StartRead()
	defer g.EndRead()
	w := g.Writing(context.Background())
	priority.Finishing(w)
	var done func()
	ended(t, async(func() { done = g.Step(w) }), "a finishing write's statement")
	if done != nil {
		t.Error("a finishing write's statement took a turn")
	}
	// Its next attempt starts over: it waits again.
	pending(t, async(func() { g.Wait(w) }), "a new attempt of the write")
}
