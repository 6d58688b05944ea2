package store

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Dialect names a supported database.
type Dialect string

// The supported databases.
const (
	SQLite Dialect = "sqlite"
	MySQL  Dialect = "mysql"
)

// Target is a parsed --db setting.
type Target struct {
	Dialect Dialect
	// DSN is what the driver opens: a file path with pragmas for SQLite, a go-sql-driver DSN for MySQL.
	DSN string
	// Database is the MySQL database name (empty for SQLite).
	Database string
	// File is the SQLite database's file (empty for MySQL).
	File string
}

// ParseTarget reads "sqlite:PATH" or "mysql://user:pass@host:port/dbname[?socket=PATH]".
func ParseTarget(s string) (Target, error) {
	switch {
	case strings.HasPrefix(s, "sqlite:"):
		path := strings.TrimPrefix(s, "sqlite:")
		if path == "" {
			return Target{}, fmt.Errorf("db %q: sqlite needs a file path (sqlite:aidgraph.db)", s)
		}
		file, _, _ := strings.Cut(path, "?")
		return Target{Dialect: SQLite, DSN: sqliteDSN(path), File: file}, nil
	case strings.HasPrefix(s, "mysql://"):
		cfg, err := mysqlConfig(s)
		if err != nil {
			return Target{}, fmt.Errorf("db %q: %w", redact(s), err)
		}
		return Target{Dialect: MySQL, DSN: cfg.FormatDSN(), Database: cfg.DBName}, nil
	default:
		return Target{}, fmt.Errorf("db %q: want sqlite:PATH or mysql://user:pass@host:port/dbname", redact(s))
	}
}

// sqliteDSN adds the pragmas every connection needs: a busy timeout instead of SQLITE_BUSY,
// WAL so readers never wait for the writer, and foreign keys (off by default in SQLite). A
// transaction (a write's) takes the write lock at BEGIN (immediate): SQLite has one writer at a
// time, and one that read first and wrote after another committed could only fail.
func sqliteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
}

// mysqlConfig turns the URL form into the driver's config: utf8mb4, UTC times, parsed DATETIMEs.
func mysqlConfig(s string) (*mysql.Config, error) {
	u, err := url.Parse(s)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // without the URL it quotes, which may hold a password
		}
		return nil, fmt.Errorf("not a valid URL: %w", err)
	}
	cfg := mysql.NewConfig()
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if cfg.DBName == "" || strings.Contains(cfg.DBName, "/") {
		return nil, fmt.Errorf("want one database name after the host")
	}
	if sock := u.Query().Get("socket"); sock != "" {
		cfg.Net, cfg.Addr = "unix", sock
	} else {
		cfg.Net, cfg.Addr = "tcp", u.Host
		if u.Port() == "" {
			cfg.Addr = u.Hostname() + ":3306"
		}
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.Collation = "utf8mb4_unicode_ci"
	cfg.Params = map[string]string{"time_zone": "'+00:00'"}
	// Arguments are interpolated by the driver, so a statement is one round trip instead of
	// three (prepare, execute, close). Safe with utf8mb4, which has no multibyte encoding of a
	// quote or backslash.
	cfg.InterpolateParams = true
	cfg.Timeout = 10 * time.Second
	return cfg, nil
}

// userinfoPassword matches the password of a URL's user info ("//user:PASSWORD@").
var userinfoPassword = regexp.MustCompile(`(//[^/:@]*:)[^@]*@`)

// redact hides a password in a DSN so that it can be logged, even when the DSN is malformed.
func redact(s string) string {
	return userinfoPassword.ReplaceAllString(s, "${1}xxx@")
}

// Session is what every MySQL connection sets when it opens, so that no transaction outlives its
// request on the database's side: a lock waited for, a statement, and a connection that went
// quiet (its client gone, the network cut without a close) each end within seconds, and an
// orphaned transaction's locks go with them.
type Session struct {
	// LockWait bounds a statement's wait for a row lock (innodb_lock_wait_timeout, whole
	// seconds); Write runs the transaction again when it passes (writeAttempts).
	LockWait time.Duration
	// Statement bounds one statement (MariaDB's max_statement_time, every statement; MySQL's
	// and TiDB's max_execution_time, SELECTs only); zero: no bound, for the commands that load
	// data.
	Statement time.Duration
	// Idle is how long the server keeps a connection that sends nothing (wait_timeout): a
	// transaction whose client vanished is rolled back then. The pool closes its idle
	// connections before that.
	Idle time.Duration
}

// DefaultSession is what the server sets: a lock is waited for 2 s (a write holds its rows for
// milliseconds), and a silent connection is closed after 5 s, so that the locks of a write cut
// off from its server are free again within seconds. Its statement bound is the request's
// deadline, which the server gives.
var DefaultSession = Session{LockWait: 2 * time.Second, Idle: 5 * time.Second}

// keepAlive probes a quiet TCP connection to the database after 5 s, every 2 s, 3 times: a
// database that vanished without closing is noticed in about 11 s, not in the system's 2 hours.
var keepAlive = net.KeepAliveConfig{Enable: true, Idle: 5 * time.Second, Interval: 2 * time.Second, Count: 3}

// flavor names the MySQL server: its session variables differ.
type flavor int

const (
	flavorMySQL flavor = iota
	flavorMariaDB
	flavorTiDB
)

// flavorOf reads the flavor from the server's VERSION().
func flavorOf(version string) flavor {
	switch {
	case strings.Contains(version, "MariaDB"):
		return flavorMariaDB
	case strings.Contains(version, "TiDB"):
		return flavorTiDB
	}
	return flavorMySQL
}

// params are the session variables a connection sets (in the one SET the driver sends as it
// connects): the bounds above, and READ COMMITTED, under which a write that waited for a lock
// then reads what the write before it committed, and no search of a write takes gap locks that
// would hold up another's inserts (the changes' placeholder seqs among them). Reads are single
// statements, which the level does not change.
func (ss Session) params(f flavor) map[string]string {
	p := map[string]string{}
	iso := "transaction_isolation"
	if f == flavorMariaDB {
		iso = "tx_isolation" // MariaDB before 11.1 knows only this name
	}
	p[iso] = "'READ-COMMITTED'"
	if ss.LockWait > 0 {
		p["innodb_lock_wait_timeout"] = strconv.Itoa(max(1, int(ss.LockWait.Round(time.Second)/time.Second)))
	}
	if ss.Idle > 0 {
		p["wait_timeout"] = strconv.Itoa(max(1, int(ss.Idle.Round(time.Second)/time.Second)))
	}
	if ss.Statement > 0 {
		if f == flavorMariaDB {
			p["max_statement_time"] = strconv.FormatFloat(ss.Statement.Seconds(), 'f', 3, 64)
		} else {
			p["max_execution_time"] = strconv.FormatInt(ss.Statement.Milliseconds(), 10)
		}
	}
	return p
}

// WithStatement is ss with each statement bounded by d (a request's deadline; zero for none).
func (ss Session) WithStatement(d time.Duration) Session {
	ss.Statement = d
	return ss
}
