// Package store is aidgraph's data access: it opens the database, runs migrations, and holds
// every SQL statement the server issues. Callers name a scope (ProjectScope, ...) with the
// client's filter, order and page, and get back a lazy Connection of model rows; within a
// request's session (WithSession) the loads by id and the pages under many parents are batched.
// It knows no HTTP and no GraphQL executor (ARCHITECTURE.md).
package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/paging"
)

// Store reads and writes aidgraph's database. It is safe for concurrent use: every query starts
// from a fresh session bound to the caller's context.
type Store struct {
	db          *gorm.DB
	dialect     Dialect
	maxPageSize int
}

// Options tune a Store.
type Options struct {
	// MaxPageSize caps first/last on every connection (paging.DefaultMaxPageSize if zero).
	MaxPageSize int
	// MaxOpenConns caps the MySQL connection pool (25 if zero).
	MaxOpenConns int
}

// Open connects to the database that target names. It does not migrate: call Migrate.
func Open(ctx context.Context, target Target, opt Options) (*Store, error) {
	var dialector gorm.Dialector
	switch target.Dialect {
	case SQLite:
		dialector = sqlite.Open(target.DSN)
	case MySQL:
		dialector = mysql.Open(target.DSN)
	default:
		return nil, fmt.Errorf("open store: unknown dialect %q", target.Dialect)
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:                 statementLogger{},
		SkipDefaultTransaction: true, // reads need none; writes open their own
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open %s store: %w", target.Dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s store: %w", target.Dialect, err)
	}
	configurePool(sqlDB, target.Dialect, opt)
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("open %s store: ping: %w", target.Dialect, err)
	}
	if opt.MaxPageSize <= 0 {
		opt.MaxPageSize = paging.DefaultMaxPageSize
	}
	return &Store{db: db, dialect: target.Dialect, maxPageSize: opt.MaxPageSize}, nil
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

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the connection pool.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// session starts a query bound to ctx. A chained *gorm.DB must not be shared between
// goroutines, and gqlgen resolves fields concurrently, so every query starts here.
func (s *Store) session(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx)
}
