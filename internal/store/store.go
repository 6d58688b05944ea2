// Package store is aidgraph's data access: it opens the database, runs migrations, and holds
// every SQL statement the server issues. Callers name a scope (ProjectScope, ...) with the
// client's filter, order and page, and get back a lazy Connection of model rows; within a
// request's session (WithSession) the loads by id and the pages under many parents are batched.
// It knows no HTTP and no GraphQL executor (ARCHITECTURE.md).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/glebarez/sqlite"
	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/priority"
)

// Store reads and writes aidgraph's database. It is safe for concurrent use: every query starts
// from a fresh session bound to the caller's context.
type Store struct {
	db          *gorm.DB
	dialect     Dialect
	maxPageSize int
	file        string        // the SQLite file, whose migrations other processes may run at once
	trees       trees         // the division tree of the latest data version a request asked for
	closed      chan struct{} // closed by Close, for work that lives as long as the store
	closeOnce   sync.Once
	commits     commitHooks
	seen        seenVersion         // the latest data version this instance knows committed (version.go)
	replicas    *replicaSet         // nil without replicas: everything reads the primary
	mysql       *mysqldriver.Config // what the pool's connections are opened with, on MySQL
	ids         *sql.DB             // the connections that take new rows' ids (takeID), on MySQL
	flavor      flavor
	writeTurn   chan struct{}  // on SQLite, the one writer's turn: held by a write's attempt (Write)
	priority    *priority.Gate // to which writes' statements give way while reads run; nil for none
}

// Options tune a Store.
type Options struct {
	// MaxPageSize caps first/last on every connection (paging.DefaultMaxPageSize if zero).
	MaxPageSize int
	// MaxOpenConns caps the MySQL connection pool (25 if zero).
	MaxOpenConns int
	// Wait is how long Open waits for a MySQL server that does not answer yet (one that is
	// starting, or refuses connections), trying again with backoff; zero tries once.
	Wait time.Duration
	// Replicas are MySQL read replicas of the primary (replicas.go); none reads the primary only.
	Replicas []Target
	// ReplicaMaxLag is how far behind the primary a replica may fall and still serve reads
	// (DefaultReplicaMaxLag if zero).
	ReplicaMaxLag time.Duration
	// Session bounds what one MySQL connection may hold the database for (DefaultSession, with
	// the request's deadline, for the server); the zero Session sets no bound, for the commands
	// that load data. Migrations run without them, on connections of their own.
	Session Session
	// Priority has each write's statements give way to the reads it counts (package priority);
	// nil lets them run as they come, as in the commands that load data.
	Priority *priority.Gate
}

// pingTimeout bounds one attempt to reach the database, so that a frozen server is tried again
// (or given up on) rather than waited for without end.
const pingTimeout = 5 * time.Second

// Open connects to the database that target names. It does not migrate: call Migrate. It
// gives up when ctx ends (SIGINT or SIGTERM at start-up) or after opt.Wait.
func Open(ctx context.Context, target Target, opt Options) (*Store, error) {
	var dialector gorm.Dialector
	var sqlDB *sql.DB
	var mysqlCfg *mysqldriver.Config
	var fl flavor
	switch target.Dialect {
	case SQLite:
		if onDisk(target.File) {
			if fi, err := os.Stat(filepath.Dir(target.File)); err != nil || !fi.IsDir() {
				return nil, fmt.Errorf("open sqlite store: the folder %s for %s does not exist: create it, or give another path",
					filepath.Dir(target.File), target.File)
			}
			// A new file's first connection switches it to WAL, which another process opening
			// it at once would find locked (SQLITE_BUSY): processes open it one at a time.
			unlock, err := lockFile(ctx, target.File+".lock", 120*time.Second)
			if err != nil {
				return nil, fmt.Errorf("open sqlite store: %w", err)
			}
			defer unlock()
		}
		dialector = sqlite.Open(target.DSN)
	case MySQL:
		var err error
		if sqlDB, err = sql.Open("mysql", target.DSN); err != nil {
			return nil, fmt.Errorf("open mysql store: %w", err)
		}
		if err := waitFor(ctx, sqlDB, opt.Wait); err != nil {
			_ = sqlDB.Close()
			return nil, err
		}
		// The database answers now, so GORM's own first query (the server's version) does too.
		// Its flavor says how to name the session's bounds, which every connection of the pool
		// then sets as it opens.
		var version string
		if err := sqlDB.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
			_ = sqlDB.Close()
			return nil, fmt.Errorf("open mysql store: read the server's version: %w", err)
		}
		_ = sqlDB.Close()
		dsn, err := mysqldriver.ParseDSN(target.DSN)
		if err != nil {
			return nil, fmt.Errorf("open mysql store: %w", err)
		}
		mysqlCfg, fl = dsn, flavorOf(version)
		if sqlDB, err = openPool(dsn, opt.Session.params(fl)); err != nil {
			return nil, fmt.Errorf("open mysql store: %w", err)
		}
		dialector = mysql.New(mysql.Config{Conn: sqlDB, DSN: target.DSN, DSNConfig: dsn})
	default:
		return nil, fmt.Errorf("open store: unknown dialect %q", target.Dialect)
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:                 statementLogger{},
		SkipDefaultTransaction: true, // reads need none; writes open their own
		NowFunc:                func() time.Time { return time.Now().UTC() },
		DisableAutomaticPing:   true, // GORM's ping has no deadline; ours below has one
	})
	if err != nil {
		return nil, openError(target, err)
	}
	if sqlDB, err = db.DB(); err != nil {
		return nil, fmt.Errorf("open %s store: %w", target.Dialect, err)
	}
	configurePool(sqlDB, target.Dialect, opt)
	if opt.Priority != nil && target.Dialect == MySQL { // SQLite's writes give way in Write
		if err := giveReadsPriority(db, opt.Priority); err != nil {
			_ = sqlDB.Close()
			return nil, fmt.Errorf("open %s store: %w", target.Dialect, err)
		}
	}
	if opt.Session.Idle > 0 && target.Dialect == MySQL {
		// Closed here before the server closes it (wait_timeout), so that none is found dead.
		// (Never SQLite's: a new connection reads the schema and its statistics again, which
		// cost a read of the article's data a third more.)
		sqlDB.SetConnMaxIdleTime(opt.Session.Idle * 4 / 5)
	}
	pingCtx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, openError(target, err)
	}
	if opt.MaxPageSize <= 0 {
		opt.MaxPageSize = paging.DefaultMaxPageSize
	}
	st := &Store{db: db, dialect: target.Dialect, maxPageSize: opt.MaxPageSize, file: target.File, mysql: mysqlCfg, flavor: fl, closed: make(chan struct{}), priority: opt.Priority}
	if target.Dialect == SQLite {
		st.writeTurn = make(chan struct{}, 1)
	}
	if target.Dialect == MySQL {
		if st.ids, err = openPool(mysqlCfg, opt.Session.params(fl)); err != nil {
			_ = sqlDB.Close()
			return nil, fmt.Errorf("open mysql store: %w", err)
		}
		// Each id is one statement of microseconds; two connections serve any number of writes,
		// and never take one from the pool that the writes' transactions hold.
		st.ids.SetMaxOpenConns(2)
		st.ids.SetMaxIdleConns(2)
		st.ids.SetConnMaxLifetime(5 * time.Minute)
		if opt.Session.Idle > 0 {
			st.ids.SetConnMaxIdleTime(opt.Session.Idle * 4 / 5)
		}
	}
	if len(opt.Replicas) > 0 {
		if target.Dialect != MySQL {
			_ = sqlDB.Close()
			return nil, fmt.Errorf("open store: read replicas need a MySQL primary, not %s", target.Dialect)
		}
		if st.replicas, err = openReplicas(db, sqlDB, opt.Replicas, opt); err != nil {
			_ = sqlDB.Close()
			return nil, err
		}
	}
	return st, nil
}

// openPool opens a MySQL connection pool whose connections set params as they open and probe
// their TCP connection when it goes quiet (keepAlive).
func openPool(cfg *mysqldriver.Config, params map[string]string) (*sql.DB, error) {
	c := cfg.Clone()
	if c.Params == nil {
		c.Params = map[string]string{}
	}
	for k, v := range params {
		c.Params[k] = v
	}
	d := net.Dialer{KeepAliveConfig: keepAlive}
	c.DialFunc = d.DialContext
	conn, err := mysqldriver.NewConnector(c)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(conn), nil
}

// onDisk tells whether an SQLite file is one on disk, which other processes may open too.
func onDisk(file string) bool { return file != "" && file != ":memory:" }

// openError says why target could not be opened: SQLite words a file it cannot open as
// "out of memory (14)" (SQLITE_CANTOPEN).
func openError(target Target, err error) error {
	if target.Dialect == SQLite && strings.Contains(err.Error(), "(14)") {
		return fmt.Errorf("open sqlite store: cannot open %s: is its folder writable, and is it a database file? (%w)", target.File, err)
	}
	return fmt.Errorf("open %s store: %w", target.Dialect, err)
}

// explain turns the MySQL server's refusal into what to do about it.
func explain(e *mysqldriver.MySQLError) error {
	switch e.Number {
	case 1049: // ER_BAD_DB_ERROR
		return fmt.Errorf("open mysql store: %s: create it first, with CREATE DATABASE name CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci (README: Running on MySQL)", e.Message)
	case 1045, 1698: // access denied
		return fmt.Errorf("open mysql store: the server refused the user (%s): check the user and password in --db", e.Message)
	}
	return fmt.Errorf("open mysql store: %w", e)
}

// waitFor pings db until it answers, with backoff from 100 ms to 2 s between attempts, for at
// most wait; it stops at once when ctx ends.
func waitFor(ctx context.Context, db *sql.DB, wait time.Duration) error {
	start, backoff := time.Now(), 100*time.Millisecond
	for attempt := 1; ; attempt++ {
		pingCtx, cancel := context.WithTimeout(ctx, min(pingTimeout, max(wait, time.Second)))
		err := db.PingContext(pingCtx)
		cancel()
		if err == nil {
			return nil
		}
		var refused *mysqldriver.MySQLError
		if errors.As(err, &refused) { // the server answered: waiting will not change its mind
			return explain(refused)
		}
		if ctx.Err() != nil {
			return fmt.Errorf("open mysql store: stopped while waiting for the database: %w", ctx.Err())
		}
		if time.Since(start)+backoff > wait {
			return fmt.Errorf("open mysql store: the database did not answer within %s (%d attempts; is it running, and is the address right?): %w",
				wait, attempt, err)
		}
		slog.WarnContext(ctx, "waiting for the database", "attempt", attempt, "err", err)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return fmt.Errorf("open mysql store: stopped while waiting for the database: %w", ctx.Err())
		}
		backoff = min(2*backoff, 2*time.Second)
	}
}

func configurePool(db *sql.DB, d Dialect, opt Options) {
	if d == SQLite {
		// SQLite runs in this process: each connection keeps its own page cache and sort
		// space, and more connections than cores only queue. WAL lets these few read at once.
		n := max(4, 2*runtime.NumCPU())
		db.SetMaxOpenConns(n)
		db.SetMaxIdleConns(n)
		return
	}
	if opt.MaxOpenConns <= 0 {
		opt.MaxOpenConns = 25
	}
	db.SetMaxOpenConns(opt.MaxOpenConns)
	db.SetMaxIdleConns(opt.MaxOpenConns)
	db.SetConnMaxLifetime(5 * time.Minute) // below MySQL's wait_timeout, and lets a balancer rebalance
}

// Dialect tells which database the store is on.
func (s *Store) Dialect() Dialect { return s.dialect }

// MaxPageSize is the largest page a connection returns.
func (s *Store) MaxPageSize() int { return s.maxPageSize }

// SQLDB is the connection pool, for its statistics (connections in use, idle, waits).
func (s *Store) SQLDB() *sql.DB {
	db, _ := s.db.DB()
	return db
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the connection pool, and the replicas', after Closed's channel.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	if s.replicas != nil {
		s.replicas.close()
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	if s.ids != nil {
		_ = s.ids.Close()
	}
	return sqlDB.Close()
}

// Closed is closed when the store is: background work on it (the readiness check) stops then.
func (s *Store) Closed() <-chan struct{} { return s.closed }

// session starts a query bound to ctx. A chained *gorm.DB must not be shared between
// goroutines, and gqlgen resolves fields concurrently, so every query starts here.
//
// Within a request (WithSession), with replicas, reads go where the request's route says
// (replicas.go); writes go to the primary whatever the route.
func (s *Store) session(ctx context.Context) *gorm.DB {
	db := s.db.WithContext(ctx)
	if s.replicas != nil {
		if r := s.replicas.routeOf(ctx); r != nil {
			db = db.Clauses(r.use)
		}
	}
	return db
}

// primary starts a statement or a transaction on the primary, whatever the request's route.
func (s *Store) primary(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx)
}

// Replicas reports what the latest checks found of the replicas, and how many read statements
// of requests the primary served (none without replicas).
func (s *Store) Replicas() (primaryReads int64, replicas []ReplicaStatus) {
	if s.replicas == nil {
		return 0, nil
	}
	return s.replicas.primaryReads.Load(), s.replicas.status()
}

// HasReplicas tells whether reads may go to replicas.
func (s *Store) HasReplicas() bool { return s.replicas != nil }
