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

// rateHeaders puts the IETF RateLimit-Policy and RateLimit fields on each response that the
// rate limit charged, and turns a refusal by it into 429 with Retry-After.
func rateHeaders(l ratelimit.Limiter, next http.Handler) http.Handler {
	if l == nil {
		return next
	}
	p := l.Policy()
	policy := fmt.Sprintf(`"cost";q=%d;w=%d`, p.Points, int(p.Window.Seconds()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&rateWriter{ResponseWriter: w, info: infoOf(r.Context()), policy: policy}, r)
	})
}

type rateWriter struct {
	http.ResponseWriter
	info    *requestInfo
	policy  string
	written bool
}

func (w *rateWriter) WriteHeader(code int) {
	if !w.written {
		w.written = true
		if res := w.charge(); res != nil {
			h := w.Header()
			h.Set("RateLimit-Policy", w.policy)
			h.Set("RateLimit", fmt.Sprintf(`"cost";r=%d;t=%d`, res.Remaining, int(math.Ceil(res.Reset.Seconds()))))
			if !res.Allowed {
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

func (w *rateWriter) charge() *ratelimit.Result {
	if w.info == nil {
		return nil
	}
	return w.info.charge()
}
