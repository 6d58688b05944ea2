package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/aidgraph/aidgraph/internal/sqlstats"
)

// slowStatement is the duration past which a statement is logged as slow.
const slowStatement = 200 * time.Millisecond

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

func (statementLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	elapsed := time.Since(begin)
	sqlstats.Record(ctx, elapsed)
	switch {
	case err != nil && retryable(err):
		// Two writes met on a lock: Write runs the loser again, and says so if it gives up.
		sql, _ := fc()
		slog.InfoContext(ctx, "statement met another write", "err", err, "sql", clip(sql), "duration", elapsed)
	case err != nil && !errors.Is(err, gorm.ErrRecordNotFound) && ctx.Err() == nil:
		sql, _ := fc()
		slog.ErrorContext(ctx, "statement failed", "err", err, "sql", clip(sql), "duration", elapsed)
	case elapsed > slowStatement:
		sql, rows := fc()
		slog.WarnContext(ctx, "slow statement", "sql", clip(sql), "rows", rows, "duration", elapsed)
	case slog.Default().Enabled(ctx, slog.LevelDebug-4):
		sql, rows := fc()
		slog.Log(ctx, slog.LevelDebug-4, "statement", "sql", clip(sql), "rows", rows, "duration", elapsed)
	}
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
