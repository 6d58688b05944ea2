package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
)

//go:embed migrations
var migrations embed.FS

// migrateLock names the MySQL advisory lock that serializes start-up across server instances,
// so that N copies starting at once migrate and seed once. Advisory locks are the server's, not
// a database's: the name holds the database's (hashed, to stay within MySQL's 64 characters),
// so that instances of other databases on the same server (tests, a second deployment, a long
// seed) never wait for each other.
const migrateLock = "CONCAT('aidgraph_migrate:', SHA1(DATABASE()))"

// Migrate brings the schema to the newest version with the embedded, versioned migrations, then
// runs then (the seed loader, say) while it still holds the start-up lock.
func (s *Store) Migrate(ctx context.Context, then func(context.Context) error) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if s.dialect == MySQL {
		// Migrations run on connections of their own, without the session's bounds: an ALTER
		// of a big table takes longer than a request may, and the lock's connection sits idle
		// meanwhile.
		if sqlDB, err = openPool(s.mysql, Session{}.params(s.flavor)); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer sqlDB.Close()
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			return fmt.Errorf("migrate: lock connection: %w", err)
		}
		defer conn.Close()
		var got int
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK("+migrateLock+", 120)").Scan(&got); err != nil {
			return fmt.Errorf("migrate: take the start-up lock: %w", err)
		}
		if got != 1 {
			return fmt.Errorf("migrate: another instance held the start-up lock of this database for 120 s")
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK("+migrateLock+")") //nolint:errcheck
	}
	if s.dialect == SQLite && onDisk(s.file) {
		// Two processes started at once on a new file would both create its tables.
		unlock, err := lockFile(ctx, s.file+".lock", 120*time.Second)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer unlock()
	}
	dir, err := fs.Sub(migrations, "migrations/"+string(s.dialect))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	dialect := goose.DialectSQLite3
	if s.dialect == MySQL {
		dialect = goose.DialectMySQL
	}
	p, err := goose.NewProvider(dialect, sqlDB, dir)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := s.ensureSearchIndex(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if then == nil {
		return nil
	}
	return then(ctx)
}
