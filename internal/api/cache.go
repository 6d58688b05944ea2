package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/store"
)

// CacheHeader tells whether a response came from the result cache ("hit") or not ("miss").
const CacheHeader = "X-Aidgraph-Cache"

// maxCachedBody keeps one huge response from filling the cache.
const maxCachedBody = 1 << 20

// resultCache serves a repeated request from memory for as long as the data has not changed.
// Each entry remembers the data version (store.DataVersion) it was computed at, and every
// committed write, through any instance, bumps that version: so N instances behind a balancer
// never serve what the database no longer says for longer than the staleness bound (README,
// "Freshness"). A hit costs no statement: the instance's follower of the change log keeps the
// version, and a request reads it only when its token is newer.
type resultCache struct {
	store   *store.Store
	entries *lru.Cache[string, cachedResult]
	// maxBytes bounds the bodies the cache holds, and size what it holds now: entries alone
	// would let a thousand large answers take a gigabyte.
	maxBytes int64
	mu       sync.Mutex
	size     int64
}

type cachedResult struct {
	version     int64
	body        []byte
	contentType string
}

func newResultCache(s *store.Store, entries int, maxBytes int64) *resultCache {
	c := &resultCache{store: s, maxBytes: maxBytes}
	var err error
	c.entries, err = lru.NewWithEvict(entries, func(_ string, r cachedResult) { c.resize(-int64(len(r.body))) })
	if err != nil {
		panic(err) // entries is checked positive by the caller
	}
	return c
}

func (c *resultCache) resize(delta int64) {
	c.mu.Lock()
	c.size += delta
	c.mu.Unlock()
}

// add keeps r, then drops the least recently used entries until the bodies fit maxBytes.
func (c *resultCache) add(key string, r cachedResult) {
	if int64(len(r.body)) > c.maxBytes {
		return
	}
	c.entries.Remove(key) // an entry it replaces: its eviction subtracts its size
	c.entries.Add(key, r)
	c.resize(int64(len(r.body)))
	for {
		c.mu.Lock()
		over := c.size > c.maxBytes
		c.mu.Unlock()
		if !over {
			return
		}
		if _, _, ok := c.entries.RemoveOldest(); !ok {
			return
		}
	}
}

// bytes is the size of the bodies the cache holds.
func (c *resultCache) bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// handler wraps the GraphQL endpoint. Requests that ask for debug output bypass the cache, so
// that what they report is the real cost.
func (c *resultCache) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodPost && r.Method != http.MethodGet) || r.Header.Get(DebugHeader) != "" || r.URL.Query().Has("debug") {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil {
			next.ServeHTTP(w, r) // let the endpoint report the unreadable body
			return
		}
		version, err := c.store.DataVersion(r.Context())
		if err != nil && pastDeadline(r.Context()) {
			timedOut(w)
			return
		}
		if err != nil {
			slog.WarnContext(r.Context(), "result cache bypassed", "err", err)
			next.ServeHTTP(w, r)
			return
		}
		key := cacheKey(r, body)
		if hit, ok := c.entries.Get(key); ok && hit.version == version {
			w.Header().Set("Content-Type", hit.contentType)
			w.Header().Set(CacheHeader, "hit")
			_, _ = w.Write(hit.body)
			return
		}
		w.Header().Set(CacheHeader, "miss")
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if rec.status == http.StatusOK && rec.body.Len() <= maxCachedBody && !bytes.Contains(rec.body.Bytes(), []byte(`"errors"`)) &&
			ranQuery(r) {
			c.add(key, cachedResult{version: version, body: rec.body.Bytes(), contentType: rec.Header().Get("Content-Type")})
		}
	})
}

// ranQuery tells whether the operation that answered r was a query, as gqlgen parsed it (the
// operation operationName selects, whatever comments or fragments come first): a mutation's
// answer is never kept, so no request is ever answered with one from the cache.
func ranQuery(r *http.Request) bool {
	ri := infoOf(r.Context())
	return ri != nil && ri.isQuery()
}

// cacheKey covers everything a response depends on: method, URL query, the body's type, what
// the client accepts, the body, and the role of who asks (authenticate), so that no role is
// ever served what another may see. Anonymous requests share the reader role's answers: reads
// are public. Within a role, answers do not depend on which key asks: a field that answered
// per key (who am I) would have to add the key's name here.
func cacheKey(r *http.Request, body []byte) string {
	h := sha256.New()
	role := string(auth.FromContext(r.Context()).Role)
	for _, part := range []string{r.Method, r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("Accept"), role} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// recorder passes a response through and keeps a copy of it.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
