package api

import (
	"sync"
	"sync/atomic"

	"github.com/aidgraph/aidgraph/internal/follow"
	"github.com/aidgraph/aidgraph/internal/live"
)

// pumpWorkers is how many goroutines give the parked streams their turns.
const pumpWorkers = 4

// pump serves the detached SSE streams that have caught up with the log without a goroutine of
// their own. A stream with nothing to send is parked; at each new head of the log, each
// keep-alive beat and the shutdown, the pump gives every parked stream a turn on one of a few
// workers: take what is ready and write it without waiting (sseStream.step), then park again. A
// stream that must wait (it fell behind the follower's window and reads the log, it ends, or
// its client's socket is full) is handed to a goroutine of its own (sseStream.own) until it
// can be parked again. So the garbage collector scans the workers' stacks, not one per
// subscriber, at every cycle. A parked stream's context ends only when its client goes away
// (hangups), which wakes it (detached.hangUp); its other ends come through Poll.
type pump struct {
	heads   *follow.Sub
	closing <-chan struct{}
	beat    *beat
	work    chan pumpTurn
	start   sync.Once

	gen    atomic.Uint64 // waves begun; moved under mu
	mu     sync.Mutex
	parked map[*sseStream]struct{}
}

// pumpTurn is a parked stream's turn; beat: its keep-alive is due.
type pumpTurn struct {
	s    *sseStream
	beat bool
}

// newPump returns the pump of hub's detached streams, nil where a stream's client cannot be
// watched without a goroutine (canPoll) or there are no subscriptions.
func newPump(hub *live.Hub, b *beat) *pump {
	if hub == nil || !canPoll {
		return nil
	}
	return &pump{closing: hub.Closing(), beat: b, work: make(chan pumpTurn, 256),
		parked: map[*sseStream]struct{}{}, heads: hub.Heads()}
}

// park leaves s to the pump, and reports whether it did: not if a wave began since s last
// looked for changes (its caller looks again), nor if s has ended (its caller finishes it).
func (p *pump) park(s *sseStream) bool {
	p.start.Do(p.run)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gen.Load() != s.seen || s.ctx.Err() != nil {
		return false
	}
	p.parked[s] = struct{}{}
	return true
}

// wake gives s a turn now if it is parked: its client went away.
func (p *pump) wake(s *sseStream) {
	p.mu.Lock()
	_, ok := p.parked[s]
	delete(p.parked, s)
	p.mu.Unlock()
	if ok {
		p.work <- pumpTurn{s: s}
	}
}

// run starts the workers and the goroutine that begins a wave at each head, beat and the
// shutdown. They serve for the life of the server.
func (p *pump) run() {
	for range pumpWorkers {
		go func() {
			for t := range p.work {
				p.turn(t)
			}
		}()
	}
	p.beat.join()
	go func() {
		closing := p.closing
		beats := p.beat.C() // kept until it fires: a beat while a wave is sent is not lost
		var batch []*sseStream
		for {
			beat := false
			select {
			case <-p.heads.C:
			case <-beats:
				beat, beats = true, p.beat.C()
			case <-closing:
				closing = nil
			}
			batch = p.wave(batch[:0])
			for _, s := range batch {
				p.work <- pumpTurn{s: s, beat: beat}
			}
			clear(batch) // hold no stream past its turn
		}
	}()
}

// wave begins a wave: it takes every parked stream into batch.
func (p *pump) wave(batch []*sseStream) []*sseStream {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gen.Add(1)
	for s := range p.parked {
		batch = append(batch, s)
	}
	clear(p.parked)
	return batch
}

// turn gives s its turn on a worker.
func (p *pump) turn(t pumpTurn) {
	s := t.s
	defer func() {
		if r := recover(); r != nil {
			logStreamPanic(r)
			s.finish()
		}
	}()
	beat := t.beat
	for {
		next, rest := s.step(false, beat)
		switch next {
		case finishIt:
			go s.finish() // its last words may wait for its client: not on a worker
			return
		case handIt:
			go s.own(rest)
			return
		}
		if p.park(s) {
			return
		}
		beat = false
	}
}
