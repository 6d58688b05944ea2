package batch

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/sqlstats"
)

func double(calls *atomic.Int32) func(context.Context, []int) (map[int]int, error) {
	return func(_ context.Context, keys []int) (map[int]int, error) {
		calls.Add(1)
		m := map[int]int{}
		for _, k := range keys {
			m[k] = 2 * k
		}
		return m, nil
	}
}

// TestSiblingsShareOneFetch starts keys a little apart, as gqlgen's goroutines do: while each
// comes within the idle time of the last, all share one fetch.
func TestSiblingsShareOneFetch(t *testing.T) {
	var calls atomic.Int32
	b := New(double(&calls), 50*time.Millisecond, 5*time.Second)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * 200 * time.Microsecond) // 4 ms in all, far within the idle time
			if v, err := b.Load(context.Background(), i); err != nil || v != 2*i {
				t.Errorf("Load(%d) = %d, %v", i, v, err)
			}
		})
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("%d fetches, want 1", n)
	}
}

// TestMaxBoundsTheWait keeps keys coming; the first round must still go out by max.
func TestMaxBoundsTheWait(t *testing.T) {
	var calls atomic.Int32
	b := New(double(&calls), 10*time.Millisecond, 20*time.Millisecond)
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * 8 * time.Millisecond)
			b.Load(context.Background(), i) //nolint:errcheck
		})
	}
	wg.Wait()
	if n := calls.Load(); n < 2 {
		t.Errorf("%d fetches: keys arriving for 72 ms with max 20 ms need several", n)
	}
}

func TestKeysAreFetchedOnceAndErrorsShared(t *testing.T) {
	var calls atomic.Int32
	b := New(double(&calls), time.Millisecond, 10*time.Millisecond)
	for range 3 {
		if v, _ := b.Load(context.Background(), 7); v != 14 {
			t.Fatalf("Load(7) = %d", v)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("a key fetched %d times", n)
	}
	boom := errors.New("boom")
	failing := New(func(context.Context, []int) (map[int]int, error) { return nil, boom }, time.Millisecond, 10*time.Millisecond)
	if _, err := failing.Load(context.Background(), 1); !errors.Is(err, boom) {
		t.Errorf("error %v, want boom", err)
	}
}

func TestCancelledCallerReturns(t *testing.T) {
	block := make(chan struct{})
	b := New(func(context.Context, []int) (map[int]int, error) { <-block; return nil, nil }, time.Millisecond, time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Load(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	close(block)
}

// TestPanickingFetchFailsItsRound: the fetch runs on a timer's goroutine, where a panic would
// end the process; it must become the round's error instead.
func TestPanickingFetchFailsItsRound(t *testing.T) {
	b := New(func(context.Context, []int) (map[int]int, error) { panic("boom") }, time.Millisecond, 10*time.Millisecond)
	if _, err := b.Load(context.Background(), 1); err == nil {
		t.Error("a panicking fetch gave no error")
	}
}

// TestLoadWithFetchesSiblingsAtOnce asks for one key naming its siblings, with an idle time no
// test would wait out: the fetch goes at once, and the siblings, however late, share it.
func TestLoadWithFetchesSiblingsAtOnce(t *testing.T) {
	var calls atomic.Int32
	b := New(double(&calls), time.Hour, time.Hour)
	siblings := []int{1, 2, 3, 4}
	if v, err := b.LoadWith(context.Background(), 1, func() []int { return siblings }); err != nil || v != 2 {
		t.Fatalf("LoadWith(1) = %d, %v", v, err)
	}
	var wg sync.WaitGroup
	for _, k := range siblings {
		wg.Go(func() {
			time.Sleep(time.Duration(k) * time.Millisecond)
			if v, err := b.LoadWith(context.Background(), k, func() []int { t.Errorf("siblings listed again for %d", k); return siblings }); err != nil || v != 2*k {
				t.Errorf("LoadWith(%d) = %d, %v", k, v, err)
			}
		})
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("%d fetches, want 1", n)
	}
	// A key outside the family, asked with its own, goes in a round of its own.
	if v, err := b.LoadWith(context.Background(), 9, func() []int { return []int{1, 9, 10} }); err != nil || v != 18 {
		t.Fatalf("LoadWith(9) = %d, %v", v, err)
	}
	if v, _ := b.Load(context.Background(), 10); v != 20 || calls.Load() != 2 {
		t.Errorf("Load(10) = %d after %d fetches, want 20 after 2", v, calls.Load())
	}
}

// TestLoadWithRecoversAPanickingFetch: the fetch runs on the caller's goroutine, and a panic in
// it must reach every waiter as an error, not crash the server.
func TestLoadWithRecoversAPanickingFetch(t *testing.T) {
	b := New(func(context.Context, []int) (map[int]int, error) { panic("boom") }, time.Hour, time.Hour)
	if _, err := b.LoadWith(context.Background(), 1, func() []int { return []int{2} }); err == nil {
		t.Fatal("LoadWith: no error from a panicking fetch")
	}
	if _, err := b.LoadWith(context.Background(), 2, func() []int { return nil }); err == nil {
		t.Fatal("sibling: no error from the panicked round")
	}
}

// TestIdleWaitsAreCounted: a round that goes out because no more keys came counts one wait
// against the request; keys whose siblings are known, or already fetched, wait for nothing.
func TestIdleWaitsAreCounted(t *testing.T) {
	var calls atomic.Int32
	b := New(double(&calls), time.Millisecond, time.Second)
	ctx, stats := sqlstats.With(context.Background())
	steps := []struct {
		name  string
		load  func() error
		waits int64 // in all, after the step
	}{
		{"a key alone", func() error { _, err := b.Load(ctx, 1); return err }, 1},
		{"a key fetched already", func() error { _, err := b.Load(ctx, 1); return err }, 1},
		{"a key with its siblings", func() error { _, err := b.LoadWith(ctx, 2, func() []int { return []int{3, 4} }); return err }, 1},
		{"a sibling fetched with it", func() error { _, err := b.Load(ctx, 4); return err }, 1},
		{"keys asked for together", func() error { _, err := b.LoadAll(ctx, []int{5, 6}); return err }, 2},
		{"another key alone", func() error { _, err := b.Load(ctx, 7); return err }, 3},
	}
	for _, s := range steps {
		if err := s.load(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := stats.IdleWaits(); got != s.waits {
			t.Errorf("%s: %d idle waits in all, want %d", s.name, got, s.waits)
		}
	}
}
