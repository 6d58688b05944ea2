package logs

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestSummarize floods one message and checks that one line a second passes, the next says how
// many it stood for, another message is not held back by it, and long values are clipped.
func TestSummarize(t *testing.T) {
	var buf bytes.Buffer
	h := Summarize(slog.NewTextHandler(&buf, nil), time.Second)
	log := slog.New(h)
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	emit := func(at time.Duration, msg string, args ...any) {
		r := slog.NewRecord(start.Add(at), slog.LevelError, msg, 0)
		r.Add(args...)
		if err := h.Handle(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 1000 {
		emit(time.Duration(i)*time.Millisecond, "statement failed", "err", errors.New(strings.Repeat("e", 5000)))
	}
	emit(1500*time.Millisecond, "statement failed", "err", "again")
	emit(1600*time.Millisecond, "resolver failed", "path", "projects")
	log.Info("a line through the logger", "sql", strings.Repeat("县", 1000))

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4:\n%s", len(lines), buf.String())
	}
	if len(lines[0]) > 2*MaxValue || !strings.Contains(lines[0], "(5000 bytes)") {
		t.Errorf("the first line is %d bytes, and must say the length it dropped: %.400s", len(lines[0]), lines[0])
	}
	if !strings.Contains(lines[1], "repeated=999") {
		t.Errorf("the second line must count the 999 held back: %s", lines[1])
	}
	if !strings.Contains(lines[2], "resolver failed") {
		t.Errorf("another message was held back: %s", lines[2])
	}
	if !strings.Contains(lines[3], "(3000 bytes)") || !utf8.ValidString(lines[3]) {
		t.Errorf("a value through the logger was not clipped: %.400s", lines[3])
	}
}
