// Package testdb gives tests a migrated, seeded store on each database aidgraph supports:
// SQLite always, MySQL when the variable named by MySQLEnv holds a server URL. Each store is a
// database of its own, removed when the test ends.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/glebarez/go-sqlite"  // database/sql driver "sqlite"
	_ "github.com/go-sql-driver/mysql" // database/sql driver "mysql"

	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/store"
)

// MySQLEnv names the variable holding the MySQL server tests may use, as
// mysql://user:pass@host:port or mysql://root@localhost?socket=/run/mysqld/mysqld.sock
// (no database: each test creates its own).
const MySQLEnv = "AIDGRAPH_TEST_MYSQL"

// Dialects lists the databases to run a suite on. MySQL is skipped, with a message saying how
// to enable it, when MySQLEnv is unset.
func Dialects(t *testing.T) []store.Dialect {
	t.Helper()
	if os.Getenv(MySQLEnv) == "" {
		t.Logf("%s is not set: MySQL cases skipped (set it to mysql://root@127.0.0.1:3306 to run them; .ci/run does)", MySQLEnv)
		return []store.Dialect{store.SQLite}
	}
	return []store.Dialect{store.SQLite, store.MySQL}
}

// Open returns a fresh, migrated store on dialect d holding the article's dataset.
func Open(t testing.TB, d store.Dialect) *store.Store {
	t.Helper()
	s := OpenEmpty(t, d)
	if _, err := seed.Load(context.Background(), s); err != nil {
		t.Fatalf("load the article's dataset: %v", err)
	}
	return s
}

// OpenEmpty returns a fresh, migrated store on dialect d with no data.
func OpenEmpty(t testing.TB, d store.Dialect) *store.Store {
	t.Helper()
	ctx := context.Background()
	var target store.Target
	var err error
	switch d {
	case store.SQLite:
		target, err = store.ParseTarget("sqlite:" + filepath.Join(t.TempDir(), "test.db"))
	case store.MySQL:
		target, err = store.ParseTarget(mysqlDatabase(t))
	}
	if err != nil {
		t.Fatalf("test database: %v", err)
	}
	// The server's bounds on a connection (lock waits, quiet connections), as it serves.
	s, err := store.Open(ctx, target, store.Options{Session: store.DefaultSession})
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	targets.Store(s, target)
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx, nil); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return s
}

// targets remembers which database each store of a test was opened on.
var targets sync.Map // *store.Store -> store.Target

// TargetOf returns the database s was opened on, so that a test can open more stores on it.
func TargetOf(t testing.TB, s *store.Store) store.Target {
	t.Helper()
	target, ok := targets.Load(s)
	if !ok {
		t.Fatal("testdb: store not opened by testdb")
	}
	return target.(store.Target)
}

// mysqlDatabase creates a database of the test's own and returns its URL; it is dropped when
// the test ends. Names start with aidgraph_test_ so that no other database is ever touched.
func mysqlDatabase(t testing.TB) string {
	t.Helper()
	server, err := url.Parse(os.Getenv(MySQLEnv))
	if os.Getenv(MySQLEnv) == "" || err != nil {
		t.Skipf("%s is not set to a mysql:// URL: MySQL test skipped", MySQLEnv)
	}
	withDB := func(name string) string {
		u := *server
		u.Path = "/" + name
		return u.String()
	}
	admin, err := store.ParseTarget(withDB("mysql"))
	if err != nil {
		t.Fatalf("%s: %v", MySQLEnv, err)
	}
	db, err := sql.Open("mysql", admin.DSN)
	if err != nil {
		t.Fatalf("connect to MySQL: %v", err)
	}
	defer db.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "aidgraph_test_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("mysql", admin.DSN)
		if err == nil {
			_, err = db.Exec("DROP DATABASE " + name)
			db.Close()
		}
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return withDB(name)
}

// SQL opens a plain database/sql handle on the database s uses, for tests that check aidgraph's
// answers against SQL written by hand.
func SQL(t testing.TB, s *store.Store) *sql.DB {
	t.Helper()
	target := TargetOf(t, s)
	driver := "mysql"
	if target.Dialect == store.SQLite {
		driver = "sqlite"
	}
	db, err := sql.Open(driver, target.DSN)
	if err != nil {
		t.Fatalf("open %s for SQL: %v", target.Dialect, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// ForEach runs test as a subtest on each of Dialects, named after it.
func ForEach(t *testing.T, test func(t *testing.T, d store.Dialect)) {
	t.Helper()
	for _, d := range Dialects(t) {
		t.Run(string(d), func(t *testing.T) { test(t, d) })
	}
}
