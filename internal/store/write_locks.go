package store

import (
	"context"
	cryptorand "crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/gorm/clause"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// rowLock is the lock a write's read of a row takes on MySQL, MariaDB and TiDB, written after
// the statement's LIMIT. MariaDB knows no FOR SHARE; LOCK IN SHARE MODE is understood by MySQL
// and MariaDB. TiDB takes no shared locks (it refuses them, or with
// tidb_enable_shared_lock_promotion makes them exclusive): there a share lock is written as
// FOR UPDATE (lockFor), which TiDB's pessimistic transactions take as InnoDB does.
type rowLock string

const (
	lockShare  rowLock = "LOCK IN SHARE MODE"
	lockUpdate rowLock = "FOR UPDATE"
)

// lockFor is the lock l as the store's server takes it: a share lock is exclusive on TiDB.
func (s *Store) lockFor(l rowLock) rowLock {
	if l == lockShare && s.flavor == flavorTiDB {
		return lockUpdate
	}
	return l
}

// AsTiDBReceives returns a statement the store wrote for MySQL or MariaDB as it writes it for
// TiDB (lockFor): for the test that holds the SQL to what TiDB runs (internal/sqlrules), which
// watches the statements of a MariaDB.
func AsTiDBReceives(sql string) string {
	if strings.HasSuffix(sql, " "+string(lockShare)) {
		return strings.TrimSuffix(sql, string(lockShare)) + string(lockUpdate)
	}
	return sql
}

// Name puts the lock in GORM's FOR clause, the last of a SELECT.
func (rowLock) Name() string { return "FOR" }

// Build writes the lock.
func (l rowLock) Build(b clause.Builder) { b.WriteString(string(l)) }

// MergeClause keeps the one lock, written without the clause's name.
func (l rowLock) MergeClause(c *clause.Clause) { c.Name, c.Expression = "", l }

// writeAttempts is how many times Write runs a transaction that the database ended for a
// deadlock or a lock wait timeout before it answers CONFLICT.
const writeAttempts = 4

// retryable tells whether a write's transaction failed only for how it met other writes, and
// would pass if run again: a deadlock, a lock wait timeout, two writes that took the same new id
// (nextID reads the largest committed one), TiDB's write conflict (an optimistic transaction's),
// or SQLite's busy database (another process holding the write lock past busy_timeout).
func retryable(err error) bool {
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1213, // ER_LOCK_DEADLOCK
			1205, // ER_LOCK_WAIT_TIMEOUT
			1062, // ER_DUP_ENTRY: the same new id (a natural key is checked again on the next run)
			9007: // TiDB's ErrWriteConflict
			return true
		}
		return false
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff {
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
			return true
		}
	}
	return false
}

// writeError is what Write returns for err: the database's statement time limit reached reads as
// the request's deadline, which it stands for.
func writeError(ctx context.Context, err error) error {
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) && (me.Number == 1969 || me.Number == 3024) { // MariaDB's max_statement_time, MySQL's max_execution_time
		return apperr.New(apperr.Timeout, "", "the write ran past the database's time limit and was rolled back")
	}
	return err
}

// backoff waits a little before the next attempt, more after each, at random so that writes
// that met do not meet again.
func backoff(ctx context.Context, attempt int) error {
	d := time.Duration(rand.Int64N(int64(2*time.Millisecond) << attempt))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// placeholderSeq is a write's seq until it takes its own: negative, so that no feed reader's
// `seq > n` ever matches it, and random, so that no two writes at once share one.
func placeholderSeq() int64 {
	var b [8]byte
	_, _ = cryptorand.Read(b[:])
	return -int64(binary.LittleEndian.Uint64(b[:])>>2) - 1
}

// takeID takes a new id for a row of table, past taken (the largest its table and the change
// log hold), from the table's counter (id_counters), in a statement of its own on a connection
// of its own: committed at once, it holds the counter's row for microseconds, not for the
// write's transaction, and no two writes get the same id, committed or not.
func (s *Store) takeID(ctx context.Context, table string, taken int64) (int64, error) {
	return s.takeIDs(ctx, table, taken, 1)
}

// takeIDs is takeID for n new rows at once (a bulk write's): it returns the first of n ids in a
// row that no other write takes.
func (s *Store) takeIDs(ctx context.Context, table string, taken int64, n int) (int64, error) {
	const q = "UPDATE id_counters SET next_id = LAST_INSERT_ID(GREATEST(next_id, ?) + ?) WHERE tbl = ?"
	res, err := s.ids.ExecContext(ctx, q, taken, n, table)
	if err != nil {
		return 0, fmt.Errorf("take a new %s id: %w", table, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, fmt.Errorf("take a new %s id: id_counters has no row for it", table)
	}
	last, err := res.LastInsertId()
	return last - int64(n) + 1, err
}

// lockKey locks a natural key of table (its columns' values) for this write until its commit,
// on MySQL: it inserts the key's hash into write_keys, where a second write of the same key
// waits for this one's commit (which deletes it again), and then finds the row this one wrote.
// The insert is an upsert so that a waiting write asks for the row's exclusive lock: a plain
// INSERT waits with a shared lock, and two writes waiting so on one key both got it at the
// commit and then deadlocked, each needing the other's to insert. SQLite has one writer at a
// time and needs no lock.
func (w *Tx) lockKey(table string, key map[string]any) error {
	if w.store.dialect != MySQL {
		return nil
	}
	cols := slices.Sorted(maps.Keys(key))
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", table)
	for _, c := range cols {
		v := reflect.ValueOf(key[c])
		if key[c] == nil || (v.Kind() == reflect.Pointer && v.IsNil()) {
			fmt.Fprintf(h, "%s\x00null\x00", c)
			continue
		}
		fmt.Fprintf(h, "%s\x00%v\x00", c, reflect.Indirect(v).Interface())
	}
	k := hex.EncodeToString(h.Sum(nil))
	if slices.Contains(w.keys, k) {
		return nil
	}
	if err := w.db.Exec("INSERT INTO write_keys (k) VALUES (?) ON DUPLICATE KEY UPDATE k = k", k).Error; err != nil {
		return fmt.Errorf("lock a natural key of %s: %w", table, err)
	}
	w.keys = append(w.keys, k)
	return nil
}
