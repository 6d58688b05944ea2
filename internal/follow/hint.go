package follow

import (
	"context"
	"log/slog"
	"strconv"

	"github.com/redis/go-redis/v9"
)

// HintChannel is the Redis channel on which instances announce their committed writes.
const HintChannel = "aidgraph:changes"

// Hints carries wake-up hints between instances through Redis pub/sub: a committed write
// publishes its seq, and every instance's follower polls at once. A hint carries no change, so
// one lost (Redis down, a subscriber reconnecting) only delays the changes until the next poll.
type Hints struct {
	rdb     *redis.Client
	channel string
}

// NewHints returns the hints sent and heard on channel (HintChannel if empty) of rdb.
func NewHints(rdb *redis.Client, channel string) *Hints {
	if channel == "" {
		channel = HintChannel
	}
	return &Hints{rdb: rdb, channel: channel}
}

// Publish announces a committed write's seq, without waiting for Redis: the writer's answer
// must not wait on a hint.
func (h *Hints) Publish(seq int64) {
	go func() {
		if err := h.rdb.Publish(context.Background(), h.channel, strconv.FormatInt(seq, 10)).Err(); err != nil {
			slog.Debug("change hint not published", "err", err)
		}
	}()
}

// Wake wakes f at each hint heard, until ctx ends. go-redis resubscribes after a lost
// connection by itself.
func (h *Hints) Wake(ctx context.Context, f *Follower) {
	ps := h.rdb.Subscribe(ctx, h.channel)
	defer ps.Close()
	ch := ps.Channel()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-ch:
			if !ok {
				return
			}
			f.Wake()
		}
	}
}
