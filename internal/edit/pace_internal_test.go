package edit

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestPause: after a batch's write, an import with a pace waits that share of the write's time,
// and not at all without one; a cancelled import stops waiting.
func TestPause(t *testing.T) {
	const took = 20 * time.Millisecond
	for _, pace := range []float64{0, 2} {
		e := &Editor{ImportPace: pace}
		start := time.Now()
		if err := e.pause(context.Background(), took); err != nil {
			t.Fatal(err)
		}
		elapsed := time.Since(start)
		want := time.Duration(pace * float64(took))
		if elapsed < want || (pace == 0 && elapsed > time.Second) {
			t.Errorf("pace %v after a write of %v: waited %v, want %v", pace, took, elapsed, want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the import was cancelled while its batch was written
	e := &Editor{ImportPace: MaxImportPace}
	if err := e.pause(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled import's pause: %v, want context.Canceled", err)
	}
}
