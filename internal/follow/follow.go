// Package follow follows the change log for one instance: one poller reads the data version
// (the seq of the last committed write) at a short interval, or at once when woken (by a write
// this instance committed, or by a hint from another instance through Redis), tells the store
// (which then serves requests at that version without reading it each time), and when it moved,
// reads the changes after the last one it has (`seq > ?`, in log order), keeps the latest of them
// in a bounded window, and tells each subscriber of every new head. A lost wake-up only delays:
// the next poll reads what it missed.
package follow

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/aidgraph/aidgraph/internal/store"
)

// Defaults of Options.
const (
	DefaultInterval = 250 * time.Millisecond
	DefaultWindow   = 10000
	pollBatch       = 1000
)

// Log is what a follower reads, and tells of the versions it sees: the store.
type Log interface {
	ChangesAfter(ctx context.Context, p store.ChangePos, limit int) ([]*store.Change, error)
	LastChange(ctx context.Context) (store.ChangePos, error)
	CommittedVersion(ctx context.Context) (int64, error)
	SawVersion(v int64, fresh time.Duration)
}

// vouchPolls is how many intervals a version the follower saw stays good for the store's
// requests: past that with no poll done (the database slow or away), they read it themselves.
const vouchPolls = 4

// Options tune a Follower.
type Options struct {
	// Interval is the time between two polls when nothing wakes the follower (DefaultInterval if zero).
	Interval time.Duration
	// Window is how many of the latest changes the follower keeps for its subscribers
	// (DefaultWindow if zero); a subscriber further behind reads the log itself.
	Window int
}

// Follower follows the log. Its zero value is not usable: call New, then Run.
type Follower struct {
	log      Log
	interval time.Duration
	window   int
	wake     chan struct{}
	ready    chan struct{} // closed after the first read of the log's end and the first poll

	version int64 // the data version at the last poll that read the log (the poller's own)

	mu     sync.Mutex
	head   store.ChangePos   // the last change read
	floor  store.ChangePos   // the change before recent[0]: recent holds every change after it
	recent []*store.Change   // the latest changes, in log order, at most window
	subs   map[*Sub]struct{} // who hears of each new head
}

// New returns a follower of log.
func New(log Log, opt Options) *Follower {
	f := &Follower{log: log, interval: opt.Interval, window: opt.Window, wake: make(chan struct{}, 1),
		ready: make(chan struct{}), subs: map[*Sub]struct{}{}}
	if f.interval <= 0 {
		f.interval = DefaultInterval
	}
	if f.window <= 0 {
		f.window = DefaultWindow
	}
	return f
}

// Interval is the time between two polls.
func (f *Follower) Interval() time.Duration { return f.interval }

// Run follows the log until ctx ends: it starts at the log's end, then polls.
func (f *Follower) Run(ctx context.Context) {
	for {
		head, err := f.log.LastChange(ctx)
		if err == nil {
			f.mu.Lock()
			f.head, f.floor = head, head
			f.mu.Unlock()
			break
		}
		slog.Warn("change log not read", "err", err)
		if !sleep(ctx, f.interval) {
			return
		}
	}
	t := time.NewTicker(f.interval)
	defer t.Stop()
	for first := true; ; first = false {
		f.poll(ctx)
		if first {
			close(f.ready) // the head is known, and the store has had the first word on the version
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-f.wake:
		}
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

// poll reads the data version and tells the store; when it moved since the last poll, it reads
// every change after the head, a batch at a time, and tells the subscribers. Every change up to
// a version has committed once the version is read (a write takes its seq last, from the
// version's row), so a version unchanged means no change to read.
func (f *Follower) poll(ctx context.Context) {
	v, err := f.log.CommittedVersion(ctx)
	if err != nil {
		if ctx.Err() == nil {
			slog.Warn("data version not read", "err", err)
		}
		return
	}
	f.log.SawVersion(v, vouchPolls*f.interval)
	if v == f.version {
		return
	}
	if f.readChanges(ctx, v) {
		f.version = v
	}
}

// readChanges reads every change after the head up to version v, a batch at a time, tells the
// subscribers, and reports whether it read to v. It takes none past v: a later seq may be
// visible before an earlier one is (the database frees the version's row at a commit a moment
// before the commit shows), and only the version read vouches that every seq up to it shows.
func (f *Follower) readChanges(ctx context.Context, v int64) bool {
	for {
		f.mu.Lock()
		head := f.head
		f.mu.Unlock()
		rows, err := f.log.ChangesAfter(ctx, head, pollBatch)
		if err != nil {
			if ctx.Err() == nil {
				slog.Warn("change log not read", "err", err)
			}
			return false
		}
		full := len(rows) == pollBatch
		if i := sort.Search(len(rows), func(i int) bool { return rows[i].Seq > v }); i < len(rows) {
			rows, full = rows[:i], false // the rest at the next poll
		}
		if len(rows) == 0 {
			return true
		}
		f.mu.Lock()
		f.recent = append(f.recent, rows...)
		if n := len(f.recent) - f.window; n > 0 {
			f.floor = f.recent[n-1].Pos()
			f.recent = append(f.recent[:0:0], f.recent[n:]...)
		}
		f.head = rows[len(rows)-1].Pos()
		for s := range f.subs {
			s.tell(f.head)
		}
		f.mu.Unlock()
		if !full {
			return true
		}
	}
}

// Wake makes the follower poll now. It never blocks: wake-ups that come while one is pending
// are one.
func (f *Follower) Wake() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// Head returns the last change the follower has read, once it has read the log's end (and
// polled once, so that the store has its first word on the data version).
func (f *Follower) Head(ctx context.Context) (store.ChangePos, error) {
	select {
	case <-f.ready:
	case <-ctx.Done():
		return store.ChangePos{}, ctx.Err()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.head, nil
}

// Last returns the last change the follower has read (zero before the first read), without
// waiting.
func (f *Follower) Last() store.ChangePos {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.head
}

// After returns at most limit changes after p from the follower's window, and whether the
// window holds every change after p (false when p is before it: read the log instead). An
// empty list with true means p is the head.
func (f *Follower) After(p store.ChangePos, limit int) ([]*store.Change, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if p.Before(f.floor) {
		return nil, false
	}
	i := sort.Search(len(f.recent), func(i int) bool { return p.Before(f.recent[i].Pos()) })
	return f.recent[i:min(len(f.recent), i+limit)], true
}

// Sub hears of each new head of the log: C holds the latest one not yet received (a new head
// replaces one not received, so a subscriber that is slow to look never blocks the follower).
type Sub struct {
	C chan store.ChangePos
	f *Follower
}

func (s *Sub) tell(head store.ChangePos) {
	for {
		select {
		case s.C <- head:
			return
		default:
		}
		select {
		case <-s.C: // drop the older head
		default:
		}
	}
}

// Subscribe returns a subscription to new heads; Close it when done.
func (f *Follower) Subscribe() *Sub {
	s := &Sub{C: make(chan store.ChangePos, 1), f: f}
	f.mu.Lock()
	f.subs[s] = struct{}{}
	f.mu.Unlock()
	return s
}

// Close ends the subscription.
func (s *Sub) Close() {
	s.f.mu.Lock()
	delete(s.f.subs, s)
	s.f.mu.Unlock()
}
