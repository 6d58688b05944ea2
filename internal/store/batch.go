package store

import (
	"go.opentelemetry.io/otel/trace"

	"context"
	"fmt"
	"github.com/aidgraph/aidgraph/internal/tracing"
	"reflect"
	"slices"
	"strings"

	"github.com/aidgraph/aidgraph/internal/batch"
	"github.com/aidgraph/aidgraph/internal/paging"
)

// partPage is one parent's page as a batched statement returns it.
type partPage[T any] struct {
	rows  []*T
	more  bool
	total int
}

// ranked is a row of a batched statement: the row, its parent, its rank and its parent's count.
type ranked[T any] struct {
	Row   T     `gorm:"embedded"`
	Part  int64 `gorm:"column:aidgraph_part"`
	Rank  int64 `gorm:"column:aidgraph_rn"`
	Total int64 `gorm:"column:aidgraph_total"`
}

// pageShape is what the pages of many parents must share to be read in one statement.
type pageShape struct {
	table, part, where, args, order string
	fields                          string // the fields its nodes ask for (List.Fields): fieldsKey
	limit                           int
	backward, uncounted             bool
}

// shapeOf returns the shape of sc's pages in order ord and window w.
func shapeOf(sc *scope, ord ordering, w paging.Window) pageShape {
	args := ""
	if len(sc.where.args) > 0 {
		// %#v keeps arguments apart that %v would run together (in: ["a", "b"] and in: ["a b"]).
		args = fmt.Sprintf("%#v", sc.where.args)
	}
	// Only per-parent pages leave counts out, so only they split by whether one was asked for.
	return pageShape{table: sc.spec.table, part: sc.part.key(), where: sc.where.sql, args: args,
		fields: fieldsKey(sc.fields), order: ord.name, limit: w.Limit, backward: w.Backward, uncounted: sc.uncounted && sc.part.perParent}
}

// batchedPage returns the connection of sc's parent through the request's batch for this shape
// of query, or nil outside a session.
func batchedPage[T any, P Keyed[T]](ctx context.Context, s *Store, sc *scope, ord ordering, w paging.Window) *Connection[*T] {
	ss := sessionOf(ctx)
	if ss == nil {
		return nil
	}
	shape := shapeOf(sc, ord, w)
	ss.mu.Lock()
	l, ok := ss.pages[shape].(*batch.Batcher[int64, *partPage[T]])
	if !ok {
		l = batch.New(func(ctx context.Context, parents []int64) (map[int64]*partPage[T], error) {
			if tracing.On() {
				var span trace.Span
				ctx, span = batchSpan(ctx, "pages", parents)
				defer span.End()
			}
			return fetchPartitions[T, P](ctx, s, sc, ord, w, parents)
		}, batchIdle, batchMax)
		ss.pages[shape] = l
	}
	ss.mu.Unlock()
	load := func(ctx context.Context) (*partPage[T], error) {
		if f := familyOf(ctx, sc.part.parent, sc.part.value); f != nil {
			return l.LoadWith(ctx, sc.part.value, func() []int64 { return f.ids })
		}
		return l.Load(ctx, sc.part.value)
	}
	fetch := func(ctx context.Context) (*Page[*T], error) {
		pp, err := load(ctx)
		if err != nil {
			return nil, err
		}
		return pageOf(pp.rows, pp.more, w, ord), nil
	}
	count := func(ctx context.Context) (int, error) {
		if sc.part.perParent && sc.uncounted { // not counted with the page after all
			return s.count(ctx, sc)
		}
		pp, err := load(ctx)
		if err != nil {
			return 0, err
		}
		return pp.total, nil
	}
	return newConnection(ctx, fetch, count, sc)
}

// fetchPartitions reads the first rows (by ord) of each parent's connection, and each parent's
// count, in one statement per chunk of parents.
func fetchPartitions[T any, P Keyed[T]](ctx context.Context, s *Store, sc *scope, ord ordering, w paging.Window, parents []int64) (map[int64]*partPage[T], error) {
	table := sc.spec.table
	out := make(map[int64]*partPage[T], len(parents))
	for _, p := range parents {
		out[p] = &partPage[T]{}
	}
	cols, err := pageColumns(reflect.TypeFor[T](), table, sc.fields, ord)
	if err != nil {
		return nil, err
	}
	// A window statement reads each parent's first w.Limit rows and its count, which says
	// whether more follow; a per-parent one reads one row more, whose presence says it.
	statement, chunkSize, perPart := windowStatement, byIDChunk, max(w.Limit, 1)
	if sc.part.perParent {
		statement, chunkSize, perPart = perParentStatement, perParentChunkFor(sc), w.Limit+1
	}
	for chunk := range slices.Chunk(parents, chunkSize) {
		sql, args := statement(sc, cols, ord, w, chunk)
		rows, err := scanRows[ranked[T]](s.session(ctx).Raw(sql, args...), len(chunk)*perPart)
		if err != nil {
			return nil, fmt.Errorf("batched page of %s by %s: %w", table, sc.part.key(), err)
		}
		if sc.part.perParent { // the rows come by parent, each parent's in order
			rank := map[int64]int64{}
			for i := range rows {
				rank[rows[i].Part]++
				rows[i].Rank = rank[rows[i].Part]
			}
		}
		for i := range rows {
			r := &rows[i]
			pp := out[r.Part]
			pp.total = int(r.Total)
			if !sc.part.perParent && pp.total > w.Limit {
				pp.more = true
			}
			if int(r.Rank) > w.Limit {
				pp.more = true
				continue
			}
			pp.rows = append(pp.rows, &r.Row)
		}
	}
	var family []*T
	for _, pp := range out {
		family = append(family, pp.rows...)
		if w.Backward {
			slices.Reverse(pp.rows)
		}
	}
	remember[T, P](ctx, family)
	return out, nil
}

// fieldsKey names a page's fields in its shape: "*" for every column (nil), else the fields.
// An empty list (nodes that ask for the id alone, or only cursors) is not nil: were both "", a
// page that reads every column would share the rows of one that read the ids.
func fieldsKey(fields []string) string {
	if fields == nil {
		return "*"
	}
	return "(" + strings.Join(fields, ",") + ")"
}
