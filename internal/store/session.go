package store

import (
	"go.opentelemetry.io/otel/trace"

	"context"
	"errors"
	"github.com/aidgraph/aidgraph/internal/tracing"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aidgraph/aidgraph/internal/batch"
	"github.com/aidgraph/aidgraph/model"
)

// A session is everything the store keeps for one request: the batches that read rows by id,
// one per table; the batches that read a connection's page for many parents at once, one per
// shape of query; the regions that filters named by code; and which rows were read together
// (families). It lives and dies with the request, so no instance serves another's changes.
type session struct {
	s        *Store
	mu       sync.Mutex
	rows     map[string]*batch.Batcher[int64, any] // by table: *T rows of its kind
	pages    map[pageShape]any                     // *batch.Batcher[int64, *partPage[T]]
	codes    map[string]*model.Division
	families map[string]map[int64]*family // by table, then by id: a row's family
	expected map[rowKey][]int64           // see expect
	// treePages are the pages of regions served from the division tree, by shape and parent.
	treePages map[treePageKey]*partPage[model.Division]
	// version is the data version plus one, read once per request (see Store.DataVersion):
	// 0 until read, under versionMu; then every resolver reads it without a lock.
	version   atomic.Int64
	versionMu sync.Mutex
	// route is where the request's reads go (replicas.go), chosen at its first read; minSeq is
	// the client's token, the seq its reads must include; committed the seq of its last write.
	route     atomic.Pointer[route]
	minSeq    atomic.Int64
	committed atomic.Int64
}

type sessionKey struct{}

// WithSession returns a context that carries a new session of s. Call it once per request:
// the loads and pages of that request are batched through it.
func (s *Store) WithSession(ctx context.Context) context.Context {
	return context.WithValue(ctx, sessionKey{}, &session{s: s, rows: map[string]*batch.Batcher[int64, any]{},
		pages: map[pageShape]any{}, codes: map[string]*model.Division{}, families: map[string]map[int64]*family{},
		expected: map[rowKey][]int64{}})
}

// sessionOf returns the request's session, or nil outside one.
func sessionOf(ctx context.Context) *session {
	ss, _ := ctx.Value(sessionKey{}).(*session)
	return ss
}

// A batch goes out once no key has joined it for batchIdle, or batchMax after its first key:
// siblings resolved a little apart still share a statement, and nothing waits long.
const (
	batchIdle = time.Millisecond
	batchMax  = 10 * time.Millisecond
)

// ErrNotFound is returned for an id that names no row.
var ErrNotFound = errors.New("no row with this id")

var errNoSession = errors.New("store: no session in the context: wrap the request with Store.WithSession")

// rowsOf returns the session's batch of rows of k's table, by id.
func (ss *session) rowsOf(k *model.Kind) *batch.Batcher[int64, any] {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	b, ok := ss.rows[k.Table]
	if !ok {
		b = batch.New(func(ctx context.Context, ids []int64) (map[int64]any, error) {
			if tracing.On() {
				var span trace.Span
				ctx, span = batchSpan(ctx, k.Table, ids)
				defer span.End()
			}
			return ss.s.byIDs(ctx, k, ids)
		}, batchIdle, batchMax)
		ss.rows[k.Table] = b
	}
	return b
}

// rowsFor returns the batch of k's rows of the request in ctx.
func rowsFor(ctx context.Context, k *model.Kind) (*batch.Batcher[int64, any], error) {
	ss := sessionOf(ctx)
	if ss == nil {
		return nil, errNoSession
	}
	return ss.rowsOf(k), nil
}

// kindOf returns the kind of R's rows.
func kindOf[R any]() (*model.Kind, error) {
	k := model.KindOfRow[R]()
	if k == nil {
		return nil, errors.New("store: " + reflect.TypeFor[R]().String() + " is no kind's row type")
	}
	return k, nil
}

// Load returns the row of R with this id, or ErrNotFound, read with the other rows of its
// table that the request asks for meanwhile.
func Load[R any](ctx context.Context, id int64) (*R, error) {
	return load[R](ctx, id, nil)
}

// load is Load that, if it must read, reads with id the rows that siblings lists (nil: none known).
func load[R any](ctx context.Context, id int64, siblings func() []int64) (*R, error) {
	k, err := kindOf[R]()
	if err != nil {
		return nil, err
	}
	v, err := loadRow(ctx, k, id, siblings)
	if err != nil {
		return nil, err
	}
	return v.(*R), nil
}

// loadRow reads the row of kind k with this id through the session, with its siblings: those
// given, or else those expected with it (see expect).
//
// It looks the session up once and hands it on: a nested page asks this for every row's link
// (a project's funder), and each look-up walks the request's context, a dozen values deep.
func loadRow(ctx context.Context, k *model.Kind, id int64, siblings func() []int64) (any, error) {
	ss := sessionOf(ctx)
	if ss == nil {
		return nil, errNoSession
	}
	if siblings == nil {
		siblings = ss.expectedWith(k.Table, id)
	}
	if k.IsRegion() {
		if d, err := ss.treeRow(ctx, id, siblings); d != nil || err != nil {
			return d, err
		}
	}
	b := ss.rowsOf(k)
	var (
		v   any
		err error
	)
	if siblings == nil {
		v, err = b.Load(ctx, id)
	} else {
		v, err = b.LoadWith(ctx, id, siblings)
	}
	if err == nil && v == nil {
		err = ErrNotFound
	}
	return v, err
}

// treeRow returns the region with this id from the division tree, or nil when the tree does not
// hold it (a village). A row not yet of a family joins one with the rows that siblings lists, as
// a batch would have read them: what is asked of one is read for all in one statement.
func (ss *session) treeRow(ctx context.Context, id int64, siblings func() []int64) (*model.Division, error) {
	t, err := ss.tree(ctx)
	if err != nil {
		return nil, err
	}
	d := t.region(id)
	if d == nil {
		return nil, nil
	}
	if ss.familyOf(tableOf[model.Division](), id) == nil {
		ids := []int64{id}
		if siblings != nil {
			ids = append(ids, siblings()...)
		}
		remember[model.Division](ctx, t.regions(ids))
	}
	return d, nil
}

// sessionTree returns the division tree of the request in ctx.
func sessionTree(ctx context.Context) (*tree, error) {
	ss := sessionOf(ctx)
	if ss == nil {
		return nil, errNoSession
	}
	return ss.tree(ctx)
}

// tree is Store.treeOf for the request of ss: once the request has its data version, the
// current tree, if it is of that version, without a walk of the context for the version.
func (ss *session) tree(ctx context.Context) (*tree, error) {
	if v := ss.version.Load(); v != 0 && !ss.s.trees.off.Load() {
		if t := ss.s.trees.cur.Load(); t != nil && t.version == v-1 {
			return t, nil
		}
	}
	return ss.s.treeOf(ctx)
}

// treeRows returns the regions with these ids, in their order, from the division tree, or nil
// when it does not hold them all. They are one family, as one batch would have read them.
func treeRows(ctx context.Context, ids []int64) ([]*model.Division, error) {
	t, err := sessionTree(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([]*model.Division, len(ids))
	for i, id := range ids {
		if rows[i] = t.region(id); rows[i] == nil {
			return nil, nil
		}
	}
	remember[model.Division](ctx, t.regions(ids))
	return rows, nil
}

// LoadAll returns the rows of R with these ids, in their order, in one round, or ErrNotFound.
func LoadAll[R any](ctx context.Context, ids []int64) ([]*R, error) {
	k, err := kindOf[R]()
	if err != nil {
		return nil, err
	}
	if k.IsRegion() {
		if rows, err := treeRows(ctx, ids); rows != nil || err != nil {
			return any(rows).([]*R), err
		}
	}
	b, err := rowsFor(ctx, k)
	if err != nil {
		return nil, err
	}
	vs, err := b.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*R, len(vs))
	for i, v := range vs {
		if v == nil {
			return nil, ErrNotFound
		}
		out[i] = v.(*R)
	}
	return out, nil
}

// Linked returns the row of R that key gives for obj (nil when key gives none) and reads, in
// the same statement, those that key gives for obj's siblings, the rows read with it: asked for
// one project's funder, it reads the funders of every project on the page, which the client
// asks for next.
func Linked[R any, T any, P Keyed[T]](ctx context.Context, obj *T, key func(*T) *int64) (*R, error) {
	id := key(obj)
	if id == nil {
		return nil, nil
	}
	return load[R](ctx, *id, siblingKeys[T, P](ctx, obj, func(s *T, ids []int64) []int64 {
		if k := key(s); k != nil {
			ids = append(ids, *k)
		}
		return ids
	}))
}

// LoadRef returns the object a polymorphic reference points at, as its GraphQL type.
func LoadRef(ctx context.Context, r model.Ref) (model.Node, error) {
	return loadRef(ctx, r, nil)
}

// LinkedRef returns r, a reference of obj's (a figure's subject, a pairing's party), reading in
// the same statement the rows of r's kind among the references that refs gives for obj's
// siblings (a pairing's helper and helped both, so that both sides share one statement).
func LinkedRef[T any, P Keyed[T]](ctx context.Context, obj *T, r model.Ref, refs func(*T) []model.Ref) (model.Node, error) {
	return loadRef(ctx, r, siblingKeys[T, P](ctx, obj, func(s *T, ids []int64) []int64 {
		for _, k := range refs(s) {
			if k.Kind == r.Kind {
				ids = append(ids, k.ID)
			}
		}
		return ids
	}))
}

func loadRef(ctx context.Context, r model.Ref, siblings func() []int64) (model.Node, error) {
	k, ok := model.KindOfRef(r.Kind)
	if !ok {
		return nil, errors.New("store: reference to unknown kind " + r.Kind)
	}
	v, err := loadRow(ctx, k, r.ID, siblings)
	if err != nil {
		return nil, err
	}
	return model.NodeOf(v), nil
}

// siblingKeys returns the function that lists the keys of the rows read with obj, which add
// appends for each of them, for a batch to read in one round with obj's own.
func siblingKeys[T any, P Keyed[T]](ctx context.Context, obj *T, add func(s *T, ids []int64) []int64) func() []int64 {
	return func() []int64 {
		var ids []int64
		for _, s := range siblings[T, P](ctx, obj) {
			ids = add(s, ids)
		}
		return ids
	}
}

// WithMinSeq asks that the reads of the request in ctx include every write up to seq (a token
// a write's response carried): they then go to a replica that has reached it, or to the
// primary. Call it before the request reads anything.
func WithMinSeq(ctx context.Context, seq int64) {
	if ss := sessionOf(ctx); ss != nil && seq > ss.minSeq.Load() {
		ss.minSeq.Store(seq)
	}
}

// CommittedSeq is the seq of the last write the request in ctx committed, or 0: the token its
// response carries.
func CommittedSeq(ctx context.Context) int64 {
	if ss := sessionOf(ctx); ss != nil {
		return ss.committed.Load()
	}
	return 0
}

// committed notes a write of the request in ctx committed at seq: its token, and the primary
// for the rest of its reads.
func (s *Store) sessionCommitted(ctx context.Context, seq int64) {
	ss := sessionOf(ctx)
	if ss == nil {
		return
	}
	if seq > ss.committed.Load() {
		ss.committed.Store(seq)
	}
	if s.replicas != nil {
		ss.route.Store(s.replicas.primaryRoute)
	}
}
