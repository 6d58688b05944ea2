package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/aidgraph/aidgraph/internal/sqlstats"
	"github.com/aidgraph/aidgraph/internal/tracing"
)

// slowStatement is the duration past which a statement is logged as slow (a variable for the
// tests, which log every statement so).
var slowStatement = 200 * time.Millisecond

// loggedSQL is how much of a statement a log line shows: a bulk insert runs to megabytes.
const loggedSQL = 300

func clip(sql string) string {
	if len(sql) <= loggedSQL {
		return sql
	}
	return sql[:loggedSQL] + "…"
}

// statementLogger is GORM's logger for aidgraph: it counts every executed statement against
// the request in its context (GORM calls Trace once per statement), logs failures and slow
// statements through slog, and prints nothing else.
type statementLogger struct{}

func (statementLogger) LogMode(logger.LogLevel) logger.Interface { return statementLogger{} }

func (statementLogger) Info(ctx context.Context, msg string, args ...any) {
	slog.DebugContext(ctx, msg, "args", args)
}

func (statementLogger) Warn(ctx context.Context, msg string, args ...any) {
	slog.WarnContext(ctx, msg, "args", args)
}

func (statementLogger) Error(ctx context.Context, msg string, args ...any) {
	slog.ErrorContext(ctx, msg, "args", args)
}

// ParamsFilter keeps every bound value out of what is logged (GORM asks it before it writes the
// values into a statement's text): the statement shows its placeholders, never an API key's
// hash (which only the database keeps), nor what an editor wrote.
func (statementLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

func (statementLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	elapsed := time.Since(begin)
	sqlstats.Record(ctx, elapsed)
	if tracing.On() {
		sql, rows := fc()
		statementSpan(ctx, begin, sql, rows, err)
	}
	if w := statementWatch.Load(); w != nil {
		sql, _ := fc()
		(*w)(sql)
	}
	switch {
	case err != nil && retryable(err):
		// Two writes met on a lock: Write runs the loser again, and says so if it gives up.
		sql, _ := fc()
		slog.InfoContext(ctx, "statement met another write", "err", withheld(err), "sql", clip(sql), "duration", elapsed)
	case err != nil && !errors.Is(err, gorm.ErrRecordNotFound) && ctx.Err() == nil:
		sql, _ := fc()
		slog.ErrorContext(ctx, "statement failed", "err", withheld(err), "sql", clip(sql), "duration", elapsed)
	case elapsed > slowStatement:
		sql, rows := fc()
		slog.WarnContext(ctx, "slow statement", "sql", clip(sql), "rows", rows, "duration", elapsed)
	case slog.Default().Enabled(ctx, slog.LevelDebug-4):
		sql, rows := fc()
		slog.Log(ctx, slog.LevelDebug-4, "statement", "sql", clip(sql), "rows", rows, "duration", elapsed)
	}
}

// quoted is a value a MySQL error message quotes: Duplicate entry 'VALUE' for key 'NAME'.
var quoted = regexp.MustCompile(`'(?:[^'\\]|\\.|'')*'`)

// withheld is what the log says of err: a MySQL error's message without the values it quotes (a
// duplicate key's hash, a row's text), but with the names of keys and columns.
func withheld(err error) string {
	var my *mysqldriver.MySQLError
	if !errors.As(err, &my) {
		return err.Error()
	}
	var b strings.Builder
	last := 0
	for _, m := range quoted.FindAllStringIndex(my.Message, -1) {
		before := strings.ToLower(my.Message[:m[0]])
		b.WriteString(my.Message[last:m[0]])
		if strings.HasSuffix(before, "key ") || strings.HasSuffix(before, "column ") || strings.HasSuffix(before, "table ") {
			b.WriteString(my.Message[m[0]:m[1]])
		} else {
			b.WriteString("'…'")
		}
		last = m[1]
	}
	b.WriteString(my.Message[last:])
	return fmt.Sprintf("Error %d (%s): %s", my.Number, string(my.SQLState[:]), b.String())
}

// statementWatch, when set, is shown every statement GORM runs (WatchStatements).
var statementWatch atomic.Pointer[func(sql string)]

// WatchStatements shows f every statement the store runs through GORM, in this process, until
// stop is called: for the test that holds the SQL to what TiDB runs (internal/sqlrules).
func WatchStatements(f func(sql string)) (stop func()) {
	statementWatch.Store(&f)
	return func() { statementWatch.Store(nil) }
}

// driverLogger sends what the MySQL driver prints (a connection dropped, an unexpected EOF)
// through slog, where a flood of it during an outage is summarised, instead of to stderr.
type driverLogger struct{}

func (driverLogger) Print(v ...any) {
	slog.Warn("mysql driver", "said", fmt.Sprint(v...))
}

func init() {
	_ = mysqldriver.SetLogger(driverLogger{})
}
