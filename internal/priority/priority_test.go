package priority_test

import (
	"context"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/priority"
)

// long is a delay no test waits out: a step that returns before it did not wait for it.
const long = time.Hour

// stepped runs a step of a write in ctx in a goroutine and reports on the channel when it may
// start, passing on the function that ends it.
func stepped(g *priority.Gate, ctx context.Context) <-chan func() {
	ch := make(chan func(), 1)
	go func() { ch <- g.Step(ctx) }()
	return ch
}

// pending fails the test if the step has started.
func pending(t *testing.T, ch <-chan func(), what string) {
	t.Helper()
	select {
	case <-ch:
		t.Fatalf("%s started while a read ran", what)
	case <-time.After(50 * time.Millisecond):
	}
}

// started waits for the step and returns its end.
func started(t *testing.T, ch <-chan func(), what string) func() {
	t.Helper()
	select {
	case done := <-ch:
		return done
	case <-time.After(10 * time.Second):
		t.Fatalf("%s never started", what)
		return nil
	}
}

func TestStepRunsAtOnceWithoutReadsOrOutsideWrites(t *testing.T) {
	g := priority.New(long)
	w := g.Writing(context.Background())
	if done := g.Step(w); done != nil {
		t.Error("a write's statement with no read running took a turn")
	}
	g.StartRead()
	defer g.EndRead()
	if done := g.Step(context.Background()); done != nil {
		t.Error("a statement outside any write waited for the read")
	}
	var none *priority.Gate
	if done := none.Step(none.Writing(context.Background())); done != nil {
		t.Error("a nil gate took a turn")
	}
	if priority.New(0) != nil {
		t.Error("a gate with no delay was made: writes would wait for reads without end")
	}
}

func TestStepWaitsForTheReadsToEnd(t *testing.T) {
	g := priority.New(long)
	g.StartRead()
	g.StartRead()
	ch := stepped(g, g.Writing(context.Background()))
	pending(t, ch, "the write's statement")
	g.EndRead() // one of the two reads ends; the other still runs
	pending(t, ch, "the write's statement")
	g.EndRead()
	if done := started(t, ch, "the write's statement"); done != nil {
		t.Error("a statement that started with no read running holds a turn")
	}
	if g.Waited() <= 0 {
		t.Error("the gate did not count the statement's wait")
	}
}

func TestStepWaitsNoLongerThanItsWritesDelay(t *testing.T) {
	g := priority.New(30 * time.Millisecond)
	g.StartRead()
	defer g.EndRead()
	w := g.Writing(context.Background())
	first := started(t, stepped(g, w), "the first statement")
	if first == nil {
		t.Fatal("a statement that ran beside a read holds no turn")
	}
	first()
	// The write's delay is spent: its next statements wait for their turn only.
	for i := range 3 {
		done := g.Step(w)
		if done == nil {
			t.Fatalf("statement %d ran beside a read without the turn", i+2)
		}
		done()
	}
}

func TestOneStatementAtATimeBesideReads(t *testing.T) {
	g := priority.New(time.Nanosecond)
	g.StartRead()
	defer g.EndRead()
	a := started(t, stepped(g, g.Writing(context.Background())), "write A's statement")
	b := stepped(g, g.Writing(context.Background()))
	select {
	case <-b:
		t.Fatal("two writes' statements ran beside a read at once")
	case <-time.After(priority.MaxTurn / 2):
	}
	a()
	started(t, b, "write B's statement")()
}

func TestTheTurnIsGivenBackAfterMaxTurn(t *testing.T) {
	// A statement that waits for a row lock keeps the turn no longer than MaxTurn, so the write
	// that holds the lock can still run its statements and let it go.
	g := priority.New(time.Nanosecond)
	g.StartRead()
	defer g.EndRead()
	holder := started(t, stepped(g, g.Writing(context.Background())), "the waiting statement")
	defer holder()
	started(t, stepped(g, g.Writing(context.Background())), "the lock holder's statement")()
}

func TestAStepEndsWithItsContext(t *testing.T) {
	g := priority.New(long)
	g.StartRead()
	defer g.EndRead()
	ctx, cancel := context.WithCancel(g.Writing(context.Background()))
	ch := stepped(g, ctx)
	pending(t, ch, "the write's statement")
	cancel()
	if done := started(t, ch, "the cancelled write's statement"); done != nil {
		t.Error("a cancelled write's statement took the turn")
	}
}
