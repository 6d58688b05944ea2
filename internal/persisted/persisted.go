// Package persisted keeps automatic persisted queries (a query's SHA-256 and its text) in Redis,
// so that every instance knows a hash that a client registered on any of them. It is gqlgen's
// APQ cache (graphql.Cache[string]); without Redis, the API keeps them in each process.
package persisted

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// The bounds of what the shared cache holds: at most MaxEntries queries of at most
// MaxQueryBytes each (a longer one is still answered, but its hash is not kept), each for TTL
// after it was last registered. The oldest registered go first past MaxEntries.
const (
	MaxEntries    = 10000
	MaxQueryBytes = 10 << 10
	TTL           = 24 * time.Hour
	opTimeout     = 200 * time.Millisecond
)

// Redis is the shared cache. A Redis that fails makes a miss (the client sends the query again)
// and a registration that is not kept: never an error.
type Redis struct {
	rdb    redis.UniversalClient
	prefix string // keys are prefix+hash; prefix+"index" orders them by registration
}

// NewRedis keeps the queries in rdb under keys that start with prefix.
func NewRedis(rdb redis.UniversalClient, prefix string) *Redis {
	return &Redis{rdb: rdb, prefix: prefix}
}

// Get returns the query registered under hash.
func (r *Redis) Get(ctx context.Context, hash string) (string, bool) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	q, err := r.rdb.Get(ctx, r.prefix+hash).Result()
	if err != nil {
		if err != redis.Nil {
			slog.WarnContext(ctx, "persisted queries: redis", "err", err)
		}
		return "", false
	}
	return q, true
}

// Add registers query under hash, and drops the oldest past MaxEntries.
func (r *Redis) Add(ctx context.Context, hash, query string) {
	if len(query) > MaxQueryBytes {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	index := r.prefix + "index"
	pipe := r.rdb.TxPipeline()
	pipe.Set(ctx, r.prefix+hash, query, TTL)
	pipe.ZAdd(ctx, index, redis.Z{Score: float64(time.Now().UnixMilli()), Member: hash})
	pipe.Expire(ctx, index, TTL)
	card := pipe.ZCard(ctx, index)
	if _, err := pipe.Exec(ctx); err != nil {
		slog.WarnContext(ctx, "persisted queries: redis", "err", err)
		return
	}
	if over := card.Val() - MaxEntries; over > 0 {
		old, err := r.rdb.ZPopMin(ctx, index, over).Result()
		if err != nil {
			return
		}
		keys := make([]string, len(old))
		for i, z := range old {
			keys[i] = r.prefix + z.Member.(string)
		}
		if err := r.rdb.Del(ctx, keys...).Err(); err != nil {
			slog.WarnContext(ctx, "persisted queries: redis", "err", err, "dropping", strconv.Itoa(len(keys)))
		}
	}
}
