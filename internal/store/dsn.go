package store

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
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
// WAL so readers never wait for the writer, and foreign keys (off by default in SQLite).
func sqliteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"
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
