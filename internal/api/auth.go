package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/store"
)

// keyLookupTimeout bounds the key's lookup: one read by a unique index, which a database that
// cannot answer in this time will not answer the request's own statements either.
const keyLookupTimeout = 2 * time.Second

// keyTouchEvery is how stale a key's last use may be before it is written again: knowing the
// day a key was last used is worth a write an hour, not a write per request.
const keyTouchEvery = time.Hour

// authenticate decides whom each request to the endpoint acts for, before the body check, the
// result cache and the rate limit, which all depend on it. Without an Authorization header a
// request is anonymous (a reader), unless requireKey; a header that is not a Bearer aidgraph
// key, or a key unknown or revoked, is refused with 401: an integration must learn that its
// key is bad, not be served as anonymous. Every data path (/query, /csv) passes through here;
// the playground, health, readiness and metrics do not.
//
// The key is looked up in the database on every request, never cached between requests, so
// that a key revoked on one instance is refused at the next request on all of them.
func authenticate(s *store.Store, requireKey bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		values := r.Header.Values("Authorization")
		if len(values) == 0 {
			if requireKey {
				unauthenticated(w, "", "this server needs an API key for every request: send it as Authorization: Bearer <key> "+
					"(an administrator makes one with: aidgraph keys create --name NAME --role reader)")
				return
			}
			next.ServeHTTP(w, r) // auth.FromContext is Anonymous
			return
		}
		key, ok := bearer(values)
		if !ok {
			unauthenticated(w, "invalid_request", "the Authorization header must be one line: Bearer followed by an aidgraph API key ("+
				auth.KeyPrefix+" and 43 characters)")
			return
		}
		p, err := lookUp(r.Context(), s, key)
		switch {
		case errors.Is(err, store.ErrKeyNotFound):
			unauthenticated(w, "invalid_token", "this API key is unknown or was revoked: ask an administrator for a key (aidgraph keys create)")
		case errors.Is(err, errUnknownRole):
			refuse(w, http.StatusForbidden, apperr.Forbidden, "this API key's role is not one this server knows: an administrator should revoke it and make another")
		case err != nil && errors.Is(r.Context().Err(), context.Canceled):
			// the client went away: no one reads an answer
		case err != nil:
			slog.WarnContext(r.Context(), "API key not checked", "err", err)
			w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
			refuse(w, http.StatusServiceUnavailable, apperr.Unavailable, "the database did not answer the check of the API key: retry after "+strconv.Itoa(retryAfter)+" s")
		default:
			if ri := infoOf(r.Context()); ri != nil {
				ri.keyed(p.KeyName)
			}
			next.ServeHTTP(w, r.WithContext(auth.WithPrincipal(r.Context(), p)))
		}
	})
}

// bearer returns the key of a single `Authorization: Bearer <key>` header (the scheme in any
// case, RFC 9110), if it holds one that could be an aidgraph key.
func bearer(values []string) (string, bool) {
	if len(values) != 1 {
		return "", false
	}
	scheme, key, _ := strings.Cut(strings.TrimSpace(values[0]), " ")
	key = strings.TrimSpace(key)
	return key, strings.EqualFold(scheme, "Bearer") && auth.WellFormed(key)
}

var errUnknownRole = errors.New("the key's role is unknown")

// lookUp returns the principal of key: one read by the hash's unique index, and, at most once
// an hour per key, a write of when it was used.
func lookUp(ctx context.Context, s *store.Store, key string) (auth.Principal, error) {
	ctx, cancel := context.WithTimeout(ctx, keyLookupTimeout)
	defer cancel()
	k, err := s.KeyByHash(ctx, auth.Hash(key))
	if err != nil {
		return auth.Principal{}, err
	}
	if !auth.Verify(key, k.Hash) {
		return auth.Principal{}, store.ErrKeyNotFound
	}
	role, err := auth.ParseRole(k.Role)
	if err != nil {
		slog.ErrorContext(ctx, "API key with an unknown role", "key", k.Name, "err", err)
		return auth.Principal{}, errUnknownRole
	}
	if k.LastUsedAt == nil || time.Since(*k.LastUsedAt) > keyTouchEvery {
		if err := s.TouchKey(ctx, k.ID, time.Now()); err != nil {
			slog.WarnContext(ctx, "API key's last use not recorded", "key", k.Name, "err", err)
		}
	}
	return auth.Principal{KeyName: k.Name, Role: role}, nil
}

// unauthenticated refuses a request with 401 and UNAUTHENTICATED, and the WWW-Authenticate
// field that says a Bearer key is wanted (with RFC 6750's error when one was given but is bad).
func unauthenticated(w http.ResponseWriter, bearerError, message string) {
	w.Header().Set("WWW-Authenticate", challenge(bearerError))
	refuse(w, http.StatusUnauthorized, apperr.Unauthenticated, message)
}

// challenge is the WWW-Authenticate field of a 401: a Bearer key is wanted, and, when one was
// given but is bad, RFC 6750's error says so.
func challenge(bearerError string) string {
	c := `Bearer realm="aidgraph"`
	if bearerError != "" {
		c += `, error="` + bearerError + `"`
	}
	return c
}
