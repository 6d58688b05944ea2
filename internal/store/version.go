package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// DataVersion is the number of committed writes so far. A result computed at one version is
// valid for as long as the version stays the same.
//
// Within a request's session it is taken once, at the first call, and the rest of the request
// works at that version: the result cache keys its answer by it, and the division tree is the
// one of that version. A write made in the request takes it again after its commit.
//
// A request takes it without a statement when the instance knows it (SawVersion: the follower
// of the change log vouches for it, and the instance's own commits raise it) and the request's
// token (WithMinSeq) is not newer; else it reads it, as a request outside a session always does.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	if ss := sessionOf(ctx); ss != nil {
		if v := ss.version.Load(); v != 0 {
			return v - 1, nil
		}
	}
	return s.readDataVersion(ctx)
}

// readDataVersion is DataVersion's first call in a request, apart so that DataVersion, which
// every region read from the division tree calls, is a few instructions and a small frame.
//
//go:noinline
func (s *Store) readDataVersion(ctx context.Context) (int64, error) {
	ss := sessionOf(ctx)
	if ss == nil {
		return readVersion(s.session(ctx))
	}
	ss.versionMu.Lock()
	defer ss.versionMu.Unlock()
	if v := ss.version.Load(); v != 0 {
		return v - 1, nil
	}
	v, ok := s.knownVersion(ctx, ss)
	if !ok {
		var err error
		if v, err = readVersion(s.session(ctx)); err != nil {
			return 0, err
		}
		if ss.route.Load() == nil || ss.route.Load().rep == nil {
			s.seen.raise(v)
		}
	}
	ss.version.Store(v + 1)
	return v, nil
}

// knownVersion is the version a request in ss works at without reading it, if there is one: on
// a replica, the replica's version at its latest check (its rows are at least that new, so an
// answer cached under it is never older than its key); on the primary, the latest version the
// instance has seen, while its follower vouches for it and the request's token is not newer.
func (s *Store) knownVersion(ctx context.Context, ss *session) (int64, bool) {
	min := ss.minSeq.Load()
	if s.replicas != nil {
		if r := s.replicas.routeOf(ctx); r != nil && r.rep != nil {
			v := r.rep.seq.Load()
			return v, v >= min && v > 0
		}
	}
	return s.seen.known(min)
}

// seenVersion is the latest data version an instance knows committed, and until when its
// follower vouches that no later one committed long ago: requests take their version from here,
// so a write on another instance is seen within the follower's interval (README, "Freshness").
type seenVersion struct {
	v     atomic.Int64
	until atomic.Int64 // unix nanoseconds; 0 before the follower's first word
}

// raise makes v the version seen, unless a later one was.
func (sv *seenVersion) raise(v int64) {
	for cur := sv.v.Load(); v > cur && !sv.v.CompareAndSwap(cur, v); cur = sv.v.Load() {
	}
}

// known returns the version seen if it is vouched for and at least min.
func (sv *seenVersion) known(min int64) (int64, bool) {
	v := sv.v.Load()
	if v < min || v <= 0 || time.Now().UnixNano() > sv.until.Load() {
		return 0, false
	}
	return v, true
}

// SawVersion tells the store that data version v has committed, and that the caller (the
// follower of the change log, internal/follow) will tell again within fresh: until then, a
// request whose token is not newer takes the latest version seen instead of reading it. Past
// fresh with no word (the follower stopped, or the database is slow), requests read it again.
func (s *Store) SawVersion(v int64, fresh time.Duration) {
	s.seen.raise(v)
	s.seen.until.Store(time.Now().Add(fresh).UnixNano())
}

// CommittedVersion reads the data version on the primary, outside any request: what the
// follower of the change log reads at each poll.
func (s *Store) CommittedVersion(ctx context.Context) (int64, error) {
	return readVersion(s.primary(ctx))
}

// forgetVersion makes the request's next DataVersion read the version again: call it after a
// committed write.
func forgetVersion(ctx context.Context) {
	if ss := sessionOf(ctx); ss != nil {
		ss.version.Store(0)
	}
}

// readVersion reads the data version through db: a session, or a write's own transaction.
func readVersion(db *gorm.DB) (int64, error) {
	var v int64
	if err := db.Raw(dataVersionSQL).Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("read data version: %w", err)
	}
	return v, nil
}

// takeSeq moves the data version on by one and returns the new value: a write's seq. It is the
// last statement of a write before its commit (Write), so the counter's row stays locked only
// for the commit: writes do their work side by side and queue only here, one commit long, in
// the order they commit (ARCHITECTURE.md, "The change feed's order"). On MySQL, MariaDB and
// TiDB the UPDATE hands the value back itself (LAST_INSERT_ID(expr) sets the id the server's
// OK packet carries): one round trip. SQLite's UPDATE … RETURNING does the same.
func takeSeq(tx *gorm.DB) (int64, error) {
	begin := time.Now()
	var seq int64
	var err error
	if dialectOf(tx) == MySQL {
		var res sql.Result
		res, err = tx.Statement.ConnPool.ExecContext(tx.Statement.Context, takeSeqMySQL)
		if err == nil {
			seq, err = res.LastInsertId()
		}
		tx.Logger.Trace(tx.Statement.Context, begin, func() (string, int64) { return takeSeqMySQL, 1 }, err)
	} else {
		err = tx.Raw("UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version").Scan(&seq).Error
	}
	if err == nil && seq <= 0 {
		err = errors.New("the data_version row is missing")
	}
	if err != nil {
		return 0, fmt.Errorf("take the write's seq: %w", err)
	}
	return seq, nil
}

const takeSeqMySQL = "UPDATE data_version SET version = LAST_INSERT_ID(version + 1) WHERE id = 1"
