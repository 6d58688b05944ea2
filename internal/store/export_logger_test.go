package store

import (
	"testing"
	"time"
)

// LogEveryStatementAsSlow makes every statement a slow one until the test ends.
func LogEveryStatementAsSlow(t testing.TB) {
	old := slowStatement
	slowStatement = -time.Nanosecond
	t.Cleanup(func() { slowStatement = old })
}
