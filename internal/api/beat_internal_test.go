package api

import (
	"testing"
	"time"
)

// TestBeat: every stream that waits on the shared keep-alive beat hears each beat, and the
// beat's timer stops once no stream has joined it.
func TestBeat(t *testing.T) {
	b := newBeat(20 * time.Millisecond)
	b.join()
	b.join()
	first, second := b.C(), b.C() // two streams waiting
	for _, c := range []<-chan struct{}{first, second} {
		select {
		case <-c:
		case <-time.After(5 * time.Second):
			t.Fatal("no beat within 5 s")
		}
	}
	select {
	case <-b.C(): // the next beat is a new channel, not the one already closed
	case <-time.After(5 * time.Second):
		t.Fatal("no second beat within 5 s")
	}
	b.leave()
	b.leave()
	deadline := time.Now().Add(5 * time.Second)
	for {
		b.mu.Lock()
		stopped := b.timer == nil
		b.mu.Unlock()
		if stopped {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the beat's timer still runs 5 s after the last stream left")
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.join() // and starts again for the next stream
	select {
	case <-b.C():
	case <-time.After(5 * time.Second):
		t.Fatal("no beat after joining again")
	}
	b.leave()
}
