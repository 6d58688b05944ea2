package live_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/edit"
	"github.com/aidgraph/aidgraph/internal/follow"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/live"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestSlowConsumer: a subscriber that stops reading while the log moves past what its instance
// keeps is sent a last SLOW_CONSUMER error with its cursor, after every change it was sent;
// resuming from the cursor, it receives the rest, so that it loses nothing.
func TestSlowConsumer(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		f := follow.New(s, follow.Options{Interval: 50 * time.Millisecond, Window: 8})
		s.OnCommit(func(int64) { f.Wake() })
		go f.Run(ctx)
		hub := live.NewHub(s, f, live.Limits{})
		all, _ := live.NewFilter(ctx, s, nil)
		start, err := f.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		events, err := hub.Open(ctx, "slow", nil, all)
		if err != nil {
			t.Fatal(err)
		}
		const writes = 150 // more than the stream buffers and the window together
		ed := &edit.Editor{Store: s}
		stage := model.SchoolStagePrimary
		for n := range writes {
			_, err := ed.School(ctx, "test", edit.Target{}, model.SchoolInput{Name: fmt.Sprintf("慢速订阅学校 %d", n), Stage: &stage,
				RegionID: gid.Encode(model.TypeTownship, 39), SourceID: gid.Encode(model.TypeSource, 1)})
			if err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		var cursor string
		for ev := range events { // it reads only now
			if ev.Err != nil {
				e, ok := apperr.As(ev.Err)
				ended, isEnded := ev.Err.(*live.Ended)
				if !ok || e.Code != live.SlowConsumer || !isEnded {
					t.Fatalf("last event %v, want %s", ev.Err, live.SlowConsumer)
				}
				cursor = ended.Cursor
				continue
			}
			got = append(got, ev.Change.Cursor())
		}
		if cursor == "" {
			t.Fatalf("the stream ended without SLOW_CONSUMER after %d events", len(got))
		}
		// The cursor is the last change sent, or where the stream began when it was cut off
		// before it sent any (on a loaded machine the buffers may fill before the first send).
		last := (&store.Change{Seq: start.Seq, ID: start.ID}).Cursor()
		if len(got) > 0 {
			last = got[len(got)-1]
		}
		if cursor != last {
			t.Fatalf("the cursor %s is not the last change sent, %s (%d sent)", cursor, last, len(got))
		}
		rest, err := hub.Open(ctx, "slow", &cursor, all)
		if err != nil {
			t.Fatal(err)
		}
		for len(got) < writes {
			select {
			case ev := <-rest:
				if ev.Err != nil {
					t.Fatalf("resumed stream: %v", ev.Err)
				}
				got = append(got, ev.Change.Cursor())
			case <-time.After(10 * time.Second):
				t.Fatalf("%d changes after resuming, want %d", len(got), writes)
			}
		}
		want, err := s.ChangesAfter(ctx, start, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) != writes {
			t.Fatalf("the log has %d changes, want %d", len(want), writes)
		}
		for i, c := range want {
			if got[i] != c.Cursor() {
				t.Fatalf("change %d: got %s, want %s", i, got[i], c.Cursor())
			}
		}
		if st := hub.Stats(); st.Disconnects[live.ReasonSlow] != 1 {
			t.Errorf("disconnects %v, want one slow", st.Disconnects)
		}
	})
}

// TestAnswers: an answer is made once per group and change, whoever asks first; groups and
// changes do not share answers; past its bound the oldest is dropped and made again.
func TestAnswers(t *testing.T) {
	a := live.NewAnswers[int](2)
	made := 0
	get := func(group string, seq int64) int {
		return a.Get(group, store.ChangePos{Seq: seq, ID: seq}, func() int { made++; return made })
	}
	tests := []struct {
		group string
		seq   int64
		want  int // the answer
		made  int // answers made so far
	}{
		{"g", 1, 1, 1},
		{"g", 1, 1, 1}, // the same group and change: not made again
		{"h", 1, 2, 2}, // another group
		{"g", 2, 3, 3}, // another change; (g, 1) dropped
		{"h", 1, 2, 3},
		{"g", 1, 4, 4}, // made again
	}
	for i, tc := range tests {
		if got := get(tc.group, tc.seq); got != tc.want || made != tc.made {
			t.Errorf("%d: answer %d after %d made, want %d after %d", i, got, made, tc.want, tc.made)
		}
	}
}

// TestAnswersAfterAPanic: when the member computing an answer panics, a member waiting for it
// computes its own instead of waiting for ever.
func TestAnswersAfterAPanic(t *testing.T) {
	a := live.NewAnswers[int](4)
	pos := store.ChangePos{Seq: 1, ID: 1}
	started, release := make(chan struct{}), make(chan struct{})
	go func() {
		defer func() { _ = recover() }()
		a.Get("g", pos, func() int { close(started); <-release; panic("the executor failed") })
	}()
	<-started
	got := make(chan int)
	go func() { got <- a.Get("g", pos, func() int { return 7 }) }()
	close(release)
	select {
	case v := <-got:
		if v != 7 {
			t.Errorf("the waiting member got %d, want its own answer 7", v)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiting member still waits for the answer whose maker panicked")
	}
}
