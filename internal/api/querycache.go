package api

import (
	"context"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/vektah/gqlparser/v2/ast"
)

// The caches of parsed documents and of persisted queries (gqlgen's graphql.Cache) are bounded
// in bytes as well as in entries: by count alone, a thousand documents padded to a megabyte
// each would take a gigabyte. A document longer than maxCachedQuery is not kept (it is parsed
// again each time it comes, within maxTokens).
const (
	cachedQueries  = 1000
	maxCachedQuery = 64 << 10
	// queryCacheBytes bounds each cache's weight: the parsed documents', counted as
	// parsedWeight times their text (a parsed token outweighs its characters), and the
	// persisted queries' text.
	queryCacheBytes = 16 << 20
	parsedWeight    = 16
)

// newQueryCache returns the cache of parsed and validated documents, keyed by their text.
func newQueryCache() *sizedCache[*ast.QueryDocument] {
	return newSizedCache(func(query string, _ *ast.QueryDocument) int64 {
		if len(query) > maxCachedQuery {
			return -1
		}
		return int64(len(query)) * parsedWeight
	})
}

// newAPQCache returns the cache of persisted queries' text, keyed by its SHA-256.
func newAPQCache() *sizedCache[string] {
	return newSizedCache(func(hash, query string) int64 {
		if len(query) > maxCachedQuery {
			return -1
		}
		return int64(len(hash) + len(query))
	})
}

// sizedCache is a graphql.Cache that keeps at most cachedQueries entries weighing at most
// queryCacheBytes; the least recently used go first. weight says what an entry weighs, or -1
// for one never to keep.
type sizedCache[T any] struct {
	weight func(string, T) int64
	mu     sync.Mutex
	lru    *simplelru.LRU[string, T]
	bytes  int64
}

func newSizedCache[T any](weight func(string, T) int64) *sizedCache[T] {
	c := &sizedCache[T]{weight: weight}
	c.lru, _ = simplelru.NewLRU(cachedQueries, func(k string, v T) { c.bytes -= weight(k, v) }) // under mu
	return c
}

func (c *sizedCache[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Get(key)
}

func (c *sizedCache[T]) Add(_ context.Context, key string, value T) {
	w := c.weight(key, value)
	if w < 0 || w > queryCacheBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(key) // an entry it replaces: its eviction subtracts its weight
	c.lru.Add(key, value)
	c.bytes += w
	for c.bytes > queryCacheBytes {
		if _, _, ok := c.lru.RemoveOldest(); !ok {
			return
		}
	}
}

// size is what the entries weigh now.
func (c *sizedCache[T]) size() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}
