package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// withDeadline gives the whole request one deadline: its wait for a slot, the result cache's
// read of the data version, parsing, and every statement, which the drivers stop when it
// passes. What it had read is answered, and each field it cut short gets TIMEOUT.
func withDeadline(limit time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), limit)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// inTime answers with TIMEOUT a request whose deadline passed before gqlgen took it up (while
// it waited, or read the data version): gqlgen would answer it with nothing at all.
func inTime(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if pastDeadline(r.Context()) {
			timedOut(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func pastDeadline(ctx context.Context) bool {
	return errors.Is(ctx.Err(), context.DeadlineExceeded)
}

// timedOut answers as a field cut short by the deadline is: 200, with a TIMEOUT error.
func timedOut(w http.ResponseWriter) {
	refuse(w, http.StatusOK, apperr.Timeout, "the request ran past the server's time limit and was stopped")
}
