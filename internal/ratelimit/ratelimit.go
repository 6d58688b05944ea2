// Package ratelimit gives each client a budget of points per window, charged by what each
// request costs (its estimated cost, not one per request). The budget lives in this process by
// default, or in Redis, where every instance behind a balancer shares it.
package ratelimit

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"
)

// Policy is a budget: Points per Window, all of which a client may spend at once.
type Policy struct {
	Points int
	Window time.Duration
}

// Result is what a charge left.
type Result struct {
	Allowed    bool
	Remaining  int           // points left now
	Reset      time.Duration // until the whole budget is back
	RetryAfter time.Duration // when refused: until the charge would pass
}

// Limiter charges clients' budgets.
type Limiter interface {
	// Charge takes cost points from client's budget, or refuses and takes none. A cost of 0
	// spends nothing and reports what the client has left.
	Charge(ctx context.Context, client string, cost int) (Result, error)
	Policy() Policy
}

// maxClients bounds the budgets kept in memory; the least recently seen client is forgotten
// first (and starts again with a full budget).
const maxClients = 100000

// Memory keeps the budgets in this process: a token bucket per client that refills Points
// every Window.
type Memory struct {
	policy  Policy
	now     func() time.Time // time.Now; tests set their own clock
	mu      sync.Mutex
	buckets *lru.Cache[string, *rate.Limiter]
}

// NewMemory returns budgets of policy kept in memory.
func NewMemory(p Policy) *Memory {
	buckets, _ := lru.New[string, *rate.Limiter](maxClients)
	return &Memory{policy: p, now: time.Now, buckets: buckets}
}

func (m *Memory) Policy() Policy { return m.policy }

// Charge takes cost from client's bucket if it holds that much, and otherwise takes nothing:
// a refusal must not spend the budget (a reservation cancelled while others are made does not
// give its tokens back, so a flood of refusals would lock a client out for good).
func (m *Memory) Charge(_ context.Context, client string, cost int) (Result, error) {
	per := float64(m.policy.Points) / m.policy.Window.Seconds() // tokens a second
	cost = min(cost, m.policy.Points)                           // past the whole budget, it waits for all of it
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.buckets.Get(client)
	if !ok {
		b = rate.NewLimiter(rate.Limit(per), m.policy.Points)
		m.buckets.Add(client, b)
	}
	now := m.now()
	res := Result{Allowed: b.AllowN(now, cost)}
	left := b.TokensAt(now)
	if !res.Allowed {
		res.RetryAfter = seconds((float64(cost) - left) / per)
	}
	res.Remaining = max(0, int(left))
	res.Reset = seconds((float64(m.policy.Points) - left) / per)
	return res, nil
}

func seconds(s float64) time.Duration { return time.Duration(max(0, s) * float64(time.Second)) }

// Redis keeps the budgets in Redis (GCRA, as redis_rate does it), under keys that start with
// prefix, so that every instance charges the same budget.
type Redis struct {
	policy  Policy
	prefix  string
	limiter *redis_rate.Limiter
}

// NewRedis returns budgets of policy kept in the Redis server at url (redis://host:port/db).
func NewRedis(url, prefix string, p Policy) (*Redis, *redis.Client, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, nil, fmt.Errorf("rate limit redis: %w", err)
	}
	rdb := redis.NewClient(opt)
	return &Redis{policy: p, prefix: prefix, limiter: redis_rate.NewLimiter(rdb)}, rdb, nil
}

func (r *Redis) Policy() Policy { return r.policy }

func (r *Redis) Charge(ctx context.Context, client string, cost int) (Result, error) {
	limit := redis_rate.Limit{Rate: r.policy.Points, Burst: r.policy.Points, Period: r.policy.Window}
	res, err := r.limiter.AllowN(ctx, r.prefix+client, limit, min(cost, r.policy.Points))
	if err != nil {
		return Result{}, fmt.Errorf("rate limit redis: %w", err)
	}
	// redis_rate reports as allowed the points it took: none, for a charge of nothing.
	out := Result{Allowed: res.Allowed > 0 || cost == 0, Remaining: res.Remaining, Reset: max(0, res.ResetAfter)}
	if !out.Allowed {
		out.RetryAfter = max(res.RetryAfter, time.Millisecond)
	}
	return out, nil
}
