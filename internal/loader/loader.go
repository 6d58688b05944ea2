// Package loader batches the lookups of one request: every row fetched by primary key during a
// request goes through a dataloader, so that N resolvers asking for N parents cost one query.
// Loaders live for one request only, so no instance serves data another has changed.
package loader

import (
	"context"
	"net/http"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// ErrNotFound is returned for a key that names no row.
var ErrNotFound = dataloadgen.ErrNotFound

// wait is how long a loader collects keys before it queries: long enough for gqlgen to reach
// the sibling fields of a list, short enough not to be felt.
const wait = 2 * time.Millisecond

// Loaders holds one loader per table.
type Loaders struct {
	Regions     *dataloadgen.Loader[int64, *model.Division]
	Sources     *dataloadgen.Loader[int64, *model.Source]
	Programs    *dataloadgen.Loader[int64, *model.Program]
	Schools     *dataloadgen.Loader[int64, *model.School]
	Hospitals   *dataloadgen.Loader[int64, *model.Hospital]
	Collectives *dataloadgen.Loader[int64, *model.Collective]
	Projects    *dataloadgen.Loader[int64, *model.Project]
	Funds       *dataloadgen.Loader[int64, *model.Fund]
	Pairings    *dataloadgen.Loader[int64, *model.Pairing]
	Figures     *dataloadgen.Loader[int64, *model.Figure]
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

type row[T any] interface {
	*T
	PK() int64
}

func byID[T any, P row[T]](s *store.Store) *dataloadgen.Loader[int64, *T] {
	return dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int64) (map[int64]*T, error) {
		rows, err := store.ByIDs[T, P](ctx, s, ids)
		if err != nil {
			return nil, err
		}
		m := make(map[int64]*T, len(rows))
		for _, r := range rows {
			m[P(r).PK()] = r
		}
		return m, nil
	}, dataloadgen.WithWait(wait))
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
func Load[T any](ctx context.Context, l *dataloadgen.Loader[int64, *T], id *int64) (*T, error) {
	if id == nil {
		return nil, nil
	}
	return l.Load(ctx, *id)
}
