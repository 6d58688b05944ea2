package edit

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestPaced: after a batch, an import with a pace waits that share of the batch's time before
// the next, and not at all without one; a cancelled import stops waiting.
func TestPaced(t *testing.T) {
	const took = 20 * time.Millisecond
	batch := func([]Record) error { time.Sleep(took); return nil }
	for _, pace := range []float64{0, 2} {
		e := &Editor{ImportPace: pace}
		start := time.Now()
		if err := e.paced(context.Background(), batch)(nil); err != nil {
			t.Fatal(err)
		}
		elapsed := time.Since(start)
		want := took + time.Duration(pace*float64(took))
		if elapsed < want || (pace == 0 && elapsed > want+time.Second) {
			t.Errorf("pace %v: a batch of %v and its pause took %v, want %v", pace, took, elapsed, want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the import was cancelled while its batch ran
	e := &Editor{ImportPace: MaxImportPace}
	if err := e.paced(ctx, batch)(nil); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled import's pause: %v, want context.Canceled", err)
	}
	failed := errors.New("the database")
	if err := e.paced(ctx, func([]Record) error { return failed })(nil); !errors.Is(err, failed) {
		t.Errorf("a failed batch: %v, want its error", err)
	}
}
