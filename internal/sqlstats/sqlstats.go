// Package sqlstats counts the SQL statements a request issues and the time they take, so that a
// request's cost in the database can be seen (in logs, and in the response when asked) and held
// to a budget by tests.
package sqlstats

import (
	"context"
	"sync/atomic"
	"time"
)

// Stats accumulates one request's statements. It is safe for concurrent use: gqlgen resolves
// fields concurrently.
type Stats struct {
	statements atomic.Int64
	nanos      atomic.Int64
	idleWaits  atomic.Int64
}

type ctxKey struct{}

// With returns a context that counts statements into a new Stats, and that Stats.
func With(ctx context.Context) (context.Context, *Stats) {
	s := &Stats{}
	return context.WithValue(ctx, ctxKey{}, s), s
}

// Record counts one statement of duration d against the request in ctx, if it is counted.
func Record(ctx context.Context, d time.Duration) {
	if s, ok := ctx.Value(ctxKey{}).(*Stats); ok {
		s.statements.Add(1)
		s.nanos.Add(int64(d))
	}
}

// RecordIdleWait counts, against the request in ctx, one batch that went out because no key
// had joined it for its idle time (internal/batch), not because its siblings were known: a
// wait, which a request that loads by id item after item pays once per item, in series.
func RecordIdleWait(ctx context.Context) {
	if s, ok := ctx.Value(ctxKey{}).(*Stats); ok {
		s.idleWaits.Add(1)
	}
}

// IdleWaits is the number of batches that went out after waiting for more keys.
func (s *Stats) IdleWaits() int64 { return s.idleWaits.Load() }

// Statements is the number of statements recorded.
func (s *Stats) Statements() int64 { return s.statements.Load() }

// Duration is the total time the statements took (overlapping ones counted in full).
func (s *Stats) Duration() time.Duration { return time.Duration(s.nanos.Load()) }

// From returns the Stats counting for the request in ctx, or nil.
func From(ctx context.Context) *Stats {
	s, _ := ctx.Value(ctxKey{}).(*Stats)
	return s
}
