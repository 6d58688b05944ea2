// Package loader batches the lookups of one request: every row fetched by primary key during a
// request goes through a loader, so that N resolvers asking for N parents cost one query.
// Loaders live for one request only, so no instance serves data another has changed.
//
// They use package batch rather than a fixed-wait dataloader: a batch goes out as soon as keys
// stop arriving, so siblings share one query without every level waiting a fixed time.
package loader

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/aidgraph/aidgraph/internal/batch"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// ErrNotFound is returned for a key that names no row.
var ErrNotFound = errors.New("no row with this id")

// A batch goes out once no key has joined it for idle, or max after its first key.
const (
	idle = time.Millisecond
	max  = 10 * time.Millisecond
)

// Loader loads rows of one table by primary key.
type Loader[T any] struct {
	b *batch.Batcher[int64, *T]
}

// Load returns the row with primary key id, or ErrNotFound.
func (l *Loader[T]) Load(ctx context.Context, id int64) (*T, error) {
	return found(l.b.Load(ctx, id))
}

// LoadWith returns the row with primary key id, or ErrNotFound, fetching at once with it the
// rows with the sibling ids (those that the parent row's siblings point at), which siblings
// lists if id is not being fetched yet.
func (l *Loader[T]) LoadWith(ctx context.Context, id int64, siblings func() []int64) (*T, error) {
	return found(l.b.LoadWith(ctx, id, siblings))
}

// found turns a missing row into ErrNotFound.
func found[T any](v *T, err error) (*T, error) {
	if err == nil && v == nil {
		err = ErrNotFound
	}
	return v, err
}

// LoadAll returns the rows with the given primary keys, in order, or ErrNotFound.
func (l *Loader[T]) LoadAll(ctx context.Context, ids []int64) ([]*T, error) {
	vs, err := l.b.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v == nil {
			return nil, ErrNotFound
		}
	}
	return vs, nil
}

// Loaders holds one loader per table.
type Loaders struct {
	Regions     *Loader[model.Division]
	Sources     *Loader[model.Source]
	Programs    *Loader[model.Program]
	Schools     *Loader[model.School]
	Hospitals   *Loader[model.Hospital]
	Collectives *Loader[model.Collective]
	Projects    *Loader[model.Project]
	Funds       *Loader[model.Fund]
	Pairings    *Loader[model.Pairing]
	Figures     *Loader[model.Figure]
}

// New returns fresh loaders over s, for one request.
func New(s *store.Store) *Loaders {
	return &Loaders{
		Regions:     byID[model.Division](s),
		Sources:     byID[model.Source](s),
		Programs:    byID[model.Program](s),
		Schools:     byID[model.School](s),
		Hospitals:   byID[model.Hospital](s),
		Collectives: byID[model.Collective](s),
		Projects:    byID[model.Project](s),
		Funds:       byID[model.Fund](s),
		Pairings:    byID[model.Pairing](s),
		Figures:     byID[model.Figure](s),
	}
}

func byID[T any, P store.Keyed[T]](s *store.Store) *Loader[T] {
	return &Loader[T]{batch.New(func(ctx context.Context, ids []int64) (map[int64]*T, error) {
		rows, err := store.ByIDs[T, P](ctx, s, ids)
		if err != nil {
			return nil, err
		}
		m := make(map[int64]*T, len(rows))
		for _, r := range rows {
			m[P(r).PK()] = r
		}
		return m, nil
	}, idle, max)}
}

type ctxKey struct{}

// Middleware gives every request its own loaders, and its own batches for the store's nested
// connections.
func Middleware(s *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := store.WithBatches(With(r.Context(), New(s)))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// With returns a context that carries l.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the loaders of the request in ctx.
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		panic("loader: no loaders in context: wrap the handler with loader.Middleware")
	}
	return l
}

// Load fetches the row with id through l, or nil when id is nil.
func Load[T any](ctx context.Context, l *Loader[T], id *int64) (*T, error) {
	if id == nil {
		return nil, nil
	}
	return l.Load(ctx, *id)
}
