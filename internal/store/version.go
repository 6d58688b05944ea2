package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// DataVersion is the number of committed writes so far. A result computed at one version is
// valid for as long as the version stays the same.
//
// Within a request's session it is read once, at the first call, and the rest of the request
// works at that version: the result cache keys its answer by it, and the division tree is the
// one of that version. A write made in the request reads it again after its commit.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	if ss := sessionOf(ctx); ss != nil {
		if v := ss.version.Load(); v != 0 {
			return v - 1, nil
		}
	}
	return s.readDataVersion(ctx)
}

// readDataVersion is DataVersion's first read in a request, apart so that DataVersion, which
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
	v, err := readVersion(s.session(ctx))
	if err != nil {
		return 0, err
	}
	ss.version.Store(v + 1)
	return v, nil
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

// bumpVersion records a write; call it inside the write's transaction, so that the new version
// and the data it stands for commit together.
func bumpVersion(tx *gorm.DB) error {
	if err := tx.Exec("UPDATE data_version SET version = version + 1 WHERE id = 1").Error; err != nil {
		return fmt.Errorf("bump data version: %w", err)
	}
	return nil
}

// recordRowWrite is what a write of a few rows calls, inside its transaction, instead of
// recordWrite: it bumps the data version and returns the new one (read back in the same
// transaction, so that it is this write's: the row lock the UPDATE holds keeps others out until
// commit). It leaves SQLite's planner statistics, which a few rows do not move, and the
// summaries, whose touched groups the write refreshes itself (refreshProjectGroups): recomputing
// them whole takes seconds at national scale.
func recordRowWrite(tx *gorm.DB) (int64, error) {
	if err := bumpVersion(tx); err != nil {
		return 0, err
	}
	v, err := readVersion(tx)
	if err != nil {
		return 0, fmt.Errorf("record write: %w", err)
	}
	return v, nil
}
