package ratelimit

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestRefusalsSpendNothing floods one client's budget from many goroutines at one instant: one
// charge passes, the refusals take nothing, and the budget is whole again one window later.
// (A reservation cancelled while others were made lost its tokens: a flood locked a client out.)
func TestRefusalsSpendNothing(t *testing.T) {
	m := NewMemory(Policy{Points: 100, Window: time.Minute})
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	m.now = func() time.Time { return start }
	var wg sync.WaitGroup
	var mu sync.Mutex
	passed := 0
	for range 50 {
		wg.Go(func() {
			for range 100 {
				r, _ := m.Charge(context.Background(), "203.0.113.7", 60)
				if r.Allowed {
					mu.Lock()
					passed++
					mu.Unlock()
				} else if r.RetryAfter <= 0 {
					t.Error("a refusal without a time to retry after")
				}
			}
		})
	}
	wg.Wait()
	if passed != 1 {
		t.Errorf("%d charges of 60 passed from a budget of 100, want 1", passed)
	}
	r, _ := m.Charge(context.Background(), "203.0.113.7", 0)
	if r.Remaining != 40 {
		t.Errorf("after 5,000 refusals %d points remain, want the 40 the one charge left", r.Remaining)
	}
	m.now = func() time.Time { return start.Add(time.Minute) }
	if r, _ := m.Charge(context.Background(), "203.0.113.7", 100); !r.Allowed {
		t.Errorf("a window later the whole budget is not back: %+v", r)
	}
}
