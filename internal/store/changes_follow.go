package store

import (
	"context"
	"fmt"
	"sync"
)

// ChangePos is a place in the change log: the last change read, by (seq, id). Every row of one
// seq commits at once and seqs commit in their order, so "every change after (seq, id)" misses
// nothing that commits later.
type ChangePos struct{ Seq, ID int64 }

// Before tells whether p comes before q in the log.
func (p ChangePos) Before(q ChangePos) bool { return p.Seq < q.Seq || (p.Seq == q.Seq && p.ID < q.ID) }

// Pos is the change's place in the log.
func (c *Change) Pos() ChangePos { return ChangePos{c.Seq, c.ID} }

// Cursor is the change's opaque cursor, the one the feed's edges carry.
func (c *Change) Cursor() string { return encodeChangeCursor(c.Seq, c.ID) }

// ParseChangeCursor reads a change cursor given as argument arg, with INVALID_CURSOR naming arg
// when it is not one.
func ParseChangeCursor(arg, cursor string) (ChangePos, error) {
	p, err := decodeChangeCursor(arg, cursor)
	if err != nil {
		return ChangePos{}, err
	}
	return ChangePos{p.Keys[0].(int64), p.ID}, nil
}

// ChangesAfter reads at most limit changes after p, in log order: what a follower of the log
// reads at each poll, an index range on (seq, id).
func (s *Store) ChangesAfter(ctx context.Context, p ChangePos, limit int) ([]*Change, error) {
	var rows []*Change
	err := s.db.WithContext(ctx).Model(&Change{}).
		Where("seq > ? OR (seq = ? AND id > ?)", p.Seq, p.Seq, p.ID).
		Order("seq, id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read changes after %d/%d: %w", p.Seq, p.ID, err)
	}
	return rows, nil
}

// LastChange returns the place of the log's last change (zero when the log is empty).
func (s *Store) LastChange(ctx context.Context) (ChangePos, error) {
	var rows []*Change
	err := s.db.WithContext(ctx).Model(&Change{}).Select("seq, id").Order("seq DESC, id DESC").Limit(1).Find(&rows).Error
	if err != nil {
		return ChangePos{}, fmt.Errorf("read the last change: %w", err)
	}
	if len(rows) == 0 {
		return ChangePos{}, nil
	}
	return rows[0].Pos(), nil
}

// commitHooks are called after each committed write, with its seq: the log's followers are
// woken by them (and, through Redis, those of other instances).
type commitHooks struct {
	mu    sync.Mutex
	hooks []func(seq int64)
}

// OnCommit calls fn after every write this store commits, with the write's seq. fn must not
// block: it runs on the writer's goroutine.
func (s *Store) OnCommit(fn func(seq int64)) {
	s.commits.mu.Lock()
	defer s.commits.mu.Unlock()
	s.commits.hooks = append(s.commits.hooks, fn)
}

func (s *Store) committed(seq int64) {
	s.seen.raise(seq) // this instance's next request sees its own write at once
	s.commits.mu.Lock()
	hooks := s.commits.hooks
	s.commits.mu.Unlock()
	for _, fn := range hooks {
		fn(seq)
	}
}
