package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

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
