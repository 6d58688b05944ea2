package api

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/ratelimit"
)

// clientOf names whose budget a request without a key spends: its address, or, when it comes
// through one of the trusted proxies, the last address before them in X-Forwarded-For. A
// request with an API key spends its key's ("key:NAME", requestInfo.keyed) instead.
func clientOf(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || !within(addr, trusted) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !within(hop, trusted) {
			return hop.String()
		}
	}
	return host
}

func within(a netip.Addr, nets []netip.Prefix) bool {
	for _, n := range nets {
		if n.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// charge spends the operation's cost from its client's budget, and refuses it when the budget
// cannot pay. A budget store that fails (Redis gone) lets the request through: the limit
// protects the service, and must not stop it.
func charge(ctx context.Context, l ratelimit.Limiter, cost int) *gqlerror.Error {
	ri := infoOf(ctx)
	if l == nil || ri == nil {
		return nil
	}
	res, err := l.Charge(ctx, ri.client, cost)
	if err != nil {
		slog.WarnContext(ctx, "rate limit not applied", "err", err)
		return nil
	}
	ri.setCharge(res)
	if res.Allowed {
		return nil
	}
	secs := retrySeconds(&res)
	window := strings.TrimSuffix(strings.TrimSuffix(l.Policy().Window.String(), "0s"), "0m") // "1m", not "1m0s"
	return refusal(apperr.RateLimited, fmt.Sprintf("the query costs %d points, more than this client has left (%d of %d per %s): retry after %d s",
		cost, res.Remaining, l.Policy().Points, window, secs), "cost", cost, l.Policy().Points)
}

func retrySeconds(r *ratelimit.Result) int {
	return max(1, int(math.Ceil(r.RetryAfter.Seconds())))
}

// rateHeaders puts the IETF RateLimit-Policy and RateLimit fields on every response, and turns
// a refusal by the rate limit into 429 with Retry-After. A response that was not charged (one
// from the result cache, an estimate, a request refused before it was priced) says what the
// client has left, which it reads without spending anything.
func rateHeaders(l ratelimit.Limiter, next http.Handler) http.Handler {
	if l == nil {
		return next
	}
	p := l.Policy()
	policy := fmt.Sprintf(`"cost";q=%d;w=%d`, p.Points, int(p.Window.Seconds()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&rateWriter{ResponseWriter: w, ctx: r.Context(), limiter: l, info: infoOf(r.Context()), policy: policy}, r)
	})
}

type rateWriter struct {
	http.ResponseWriter
	ctx     context.Context
	limiter ratelimit.Limiter
	info    *requestInfo
	policy  string
	written bool
}

// Unwrap lets http.ResponseController reach the connection (request.go sets read deadlines).
func (w *rateWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *rateWriter) WriteHeader(code int) {
	if !w.written {
		w.written = true
		if res, charged := w.charge(); res != nil {
			h := w.Header()
			h.Set("RateLimit-Policy", w.policy)
			h.Set("RateLimit", fmt.Sprintf(`"cost";r=%d;t=%d`, res.Remaining, int(math.Ceil(res.Reset.Seconds()))))
			if charged && !res.Allowed {
				h.Set("Retry-After", strconv.Itoa(retrySeconds(res)))
				code = http.StatusTooManyRequests
			}
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *rateWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// charge is what the request's charge left, or, if it was not charged, what its client has
// left: a charge of nothing, which spends nothing (ratelimit.Limiter).
func (w *rateWriter) charge() (res *ratelimit.Result, charged bool) {
	if w.info == nil {
		return nil, false
	}
	if res := w.info.charge(); res != nil {
		return res, true
	}
	left, err := w.limiter.Charge(w.ctx, w.info.client, 0)
	if err != nil {
		slog.WarnContext(w.ctx, "rate limit not read", "err", err)
		return nil, false
	}
	return &left, false
}
