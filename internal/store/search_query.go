package store

import (
	"container/heap"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"
	"gorm.io/gorm/clause"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/textfold"
	"github.com/aidgraph/aidgraph/model"
)

// fewCandidates is the most rows holding a text's rarest gram that a search reads whole, checks
// and sorts; past it, it reads them in the order of their rank and stops once the page is full.
var fewCandidates = 2000

// countCandidates is the most rows holding a text's rarest gram that totalCount checks: past
// it (a text of more than one gram whose every gram is common) totalCount counts the hits among
// the first countCandidates of them in the index's order, a lower bound (see the schema).
var countCandidates = 20000

// The streams of a common text are read in chunks of at least minChunk entries (twice the page,
// to begin with), four times bigger each time, up to maxChunk.
var minChunk, maxChunk = 16, 4096

// hitKey is where a hit ranks: higher score, then shorter matched text, then kind (t, numbered
// in the order of the kinds' reference names), then id.
type hitKey struct {
	score, len, t int
	id            int64
}

// before tells whether a ranks before b.
func (a hitKey) before(b hitKey) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.len != b.len {
		return a.len < b.len
	}
	if a.t != b.t {
		return a.t < b.t
	}
	return a.id < b.id
}

// first is a key that ranks before every hit.
var first = hitKey{score: 1 << 30}

// last is a key that ranks after every hit.
var last = hitKey{score: -1}

// hit is a row that matched, with its rank and the field that matched best.
type hit struct {
	key   hitKey
	field string
}

// rowRef names a row of the index.
type rowRef struct {
	t  int
	id int64
}

// searchQuery is one search: its folded text, the kinds asked and the page's bounds.
type searchQuery struct {
	s             *Store
	text          string // folded
	n             int    // its characters
	code          string // the whole division code the text names, if it names one
	kinds         []*searchKind
	all           bool // every kind is asked
	after, before *hitKey

	once  sync.Once
	grams []gramCount // the text's grams, rarest first
	err   error

	mu      sync.Mutex
	filters map[string]rowSet // by the gram they leave out (filter)
}

// gramCount is a gram with the number of rows of the kinds asked that hold it.
type gramCount struct {
	gram    string
	n       int
	bitmaps int // how many bitmaps hold its postings (read only for a text of several grams)
}

func newSearchQuery(s *Store, text string, types []model.SearchType) *searchQuery {
	sq := &searchQuery{s: s, text: textfold.Fold(text)}
	sq.n = utf8.RuneCountInString(sq.text)
	if full, err := model.NormalizeCode(sq.text); err == nil {
		sq.code = full // "411224" names 卢氏县 (411224000000) exactly, as region(code:) does
	}
	for _, st := range types {
		if k := searchKindOf[st]; !slices.Contains(sq.kinds, k) {
			sq.kinds = append(sq.kinds, k)
		}
	}
	slices.SortFunc(sq.kinds, func(a, b *searchKind) int { return a.t - b.t })
	sq.all = len(sq.kinds) == len(searchKinds)
	return sq
}

// cursorKey reads the rank a cursor given as argument arg points at.
func cursorKey(p *paging.Position, arg string) (*hitKey, error) {
	if p == nil {
		return nil, nil
	}
	if err := searchOrdering.check(p, arg); err != nil {
		return nil, err
	}
	bad := apperr.New(apperr.InvalidCursor, arg, "%s: the cursor is not a search hit's", arg)
	num := func(v any) (int, bool) {
		n, ok := v.(interface{ String() string })
		if !ok {
			return 0, false
		}
		i, err := strconv.Atoi(n.String())
		return i, err == nil
	}
	score, ok1 := num(p.Keys[0])
	length, ok2 := num(p.Keys[1])
	ref, ok3 := p.Keys[2].(string)
	if !ok1 || !ok2 || !ok3 {
		return nil, bad
	}
	for _, k := range searchKinds {
		if k.ref == ref {
			return &hitKey{score, length, k.t, p.ID}, nil
		}
	}
	return nil, bad
}

// inBounds tells whether a hit lies between the page's cursors.
func (sq *searchQuery) inBounds(k hitKey) bool {
	return (sq.after == nil || sq.after.before(k)) && (sq.before == nil || k.before(*sq.before))
}

// rank scores a row's texts as the ranking's CASE does: the first tier that matches, and in it
// the first column (in the order of cols) that matches.
func (sq *searchQuery) rank(k *searchKind, id int64, texts []rowText) (hit, bool) {
	byCol := make([]*rowText, len(k.cols))
	for i := range texts {
		byCol[texts[i].col] = &texts[i]
	}
	try := func(score int, ok func(c searchCol, x *rowText) bool) (hit, bool) {
		for i, c := range k.cols {
			if x := byCol[i]; x != nil && ok(c, x) {
				return hit{hitKey{score, x.len, k.t, id}, fieldNames[c.name]}, true
			}
		}
		return hit{}, false
	}
	named := func(c searchCol) bool { return c.cls != clsText }
	tiers := []struct {
		score int
		ok    func(c searchCol, x *rowText) bool
	}{
		{100, func(c searchCol, x *rowText) bool {
			if c.name == "code" && sq.code != "" {
				return x.folded == sq.code
			}
			return named(c) && x.folded == sq.text
		}},
		{80, func(c searchCol, x *rowText) bool { return named(c) && strings.HasPrefix(x.folded, sq.text) }},
		{60, func(c searchCol, x *rowText) bool { return c.cls == clsPrimary && strings.Contains(x.folded, sq.text) }},
		{50, func(c searchCol, x *rowText) bool { return c.cls == clsSecond && strings.Contains(x.folded, sq.text) }},
		{30, func(c searchCol, x *rowText) bool { return c.cls == clsText && strings.Contains(x.folded, sq.text) }},
	}
	for _, t := range tiers {
		if h, ok := try(t.score, t.ok); ok {
			return h, true
		}
	}
	return hit{}, false
}

// tierOf is the score of a match inside a text of class cls.
func tierOf(cls int) int {
	switch cls {
	case clsPrimary:
		return 60
	case clsSecond:
		return 50
	}
	return 30
}

// load reads how many rows hold each of the text's grams, once.
func (sq *searchQuery) load(ctx context.Context) ([]gramCount, error) {
	sq.once.Do(func() {
		grams := textfold.Grams(sq.text)
		if sq.n > 1 {
			// Every character is in a pair, and a pair is rarer than its characters.
			grams = slices.DeleteFunc(grams, func(g string) bool { return utf8.RuneCountInString(g) == 1 })
		}
		sql, args := "SELECT gram, SUM(n) AS n, 0 AS bitmaps FROM search_gram_counts WHERE gram IN ?", []any{grams}
		if !sq.all {
			sql, args = sql+" AND t IN ?", append(args, sq.ts())
		}
		sql += " GROUP BY gram"
		if len(grams) > 1 { // streamGram chooses by them, in the same round trip
			sql, args = sql+" UNION ALL SELECT gram, 0, COUNT(*) FROM search_grams WHERE gram IN ? GROUP BY gram", append(args, grams)
		}
		var rows []struct {
			Gram       string
			N, Bitmaps int
		}
		if err := sq.s.session(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
			sq.err = fmt.Errorf("search: count grams: %w", err)
			return
		}
		counts := map[string]gramCount{}
		for _, r := range rows {
			c := counts[r.Gram]
			c.n, c.bitmaps = c.n+r.N, c.bitmaps+r.Bitmaps
			counts[r.Gram] = c
		}
		for _, g := range grams {
			c := counts[g]
			c.gram = g
			sq.grams = append(sq.grams, c)
		}
		slices.SortStableFunc(sq.grams, func(a, b gramCount) int { return a.n - b.n })
	})
	return sq.grams, sq.err
}

// asks tells whether kind t is asked for. Streams and postings pass over the bitmaps of other
// kinds in Go: SQLite (modernc.org/sqlite v1.62.0) leaves rows out of a WITHOUT ROWID table's range
// when the range is an OR of key columns and t is also limited by IN (TestSearchMatchesLike
// found it).
func (sq *searchQuery) asks(t int) bool {
	return sq.all || slices.ContainsFunc(sq.kinds, func(k *searchKind) bool { return k.t == t })
}

func (sq *searchQuery) ts() []int {
	ts := make([]int, len(sq.kinds))
	for i, k := range sq.kinds {
		ts[i] = k.t
	}
	return ts
}

// none tells whether no row can match: a gram of the text that no row holds.
func none(grams []gramCount) bool {
	return len(grams) == 0 || grams[0].n == 0
}

// page reads the page of hits w asks for, and whether more lie beyond it.
func (sq *searchQuery) page(ctx context.Context, w paging.Window) ([]*searchRow, bool, error) {
	grams, err := sq.load(ctx)
	if err != nil || none(grams) {
		return nil, false, err
	}
	if w.Backward && grams[0].n > countCandidates {
		arg := "last"
		if w.Before != nil {
			arg = "before"
		}
		return nil, false, apperr.New(apperr.InvalidArgument, arg, "%s: a search pages backward only when its rarest character pair is held by at most %d objects, and %q's by %d: page forward with first and after", arg, countCandidates, sq.text, grams[0].n)
	}
	var hits []hit
	if w.Backward || grams[0].n <= fewCandidates {
		if hits, err = sq.allHits(ctx, grams, 0); err != nil {
			return nil, false, err
		}
		hits = slices.DeleteFunc(hits, func(h hit) bool { return !sq.inBounds(h.key) })
		if w.Backward {
			slices.Reverse(hits)
		}
		hits = hits[:min(len(hits), w.Limit+1)]
	} else if hits, err = sq.ranked(ctx, grams, w.Limit+1); err != nil {
		return nil, false, err
	}
	more := len(hits) > w.Limit
	hits = hits[:min(len(hits), w.Limit)]
	if w.Backward {
		slices.Reverse(hits) // read from the far end
	}
	rows := make([]*searchRow, len(hits))
	for i, h := range hits {
		rows[i] = &searchRow{T: searchKinds[h.key.t].ref, ID: h.key.id, Score: h.key.score, Len: h.key.len, Field: h.field}
	}
	return rows, more, nil
}

// count counts the hits of all pages (see countCandidates).
func (sq *searchQuery) count(ctx context.Context) (int, error) {
	grams, err := sq.load(ctx)
	if err != nil || none(grams) {
		return 0, err
	}
	for _, g := range grams {
		if g.gram == sq.text {
			return g.n, nil // the rows that hold the text as a gram are its hits
		}
	}
	if grams[0].n > countCandidates {
		// The rows holding the text's next rarest grams, if few enough, are all the candidates.
		f, err := sq.filter(ctx, "")
		if err != nil {
			return 0, err
		}
		if f != nil && f.size() <= countCandidates {
			hits, err := sq.check(ctx, f.refs())
			return len(hits), err
		}
	}
	hits, err := sq.allHits(ctx, grams, countCandidates)
	return len(hits), err
}

// allHits checks the rows holding the text's rarest gram (the first max of them in the
// index's order, if max > 0) and returns those that match, best first.
func (sq *searchQuery) allHits(ctx context.Context, grams []gramCount, max int) ([]hit, error) {
	refs, err := sq.postings(ctx, grams[0].gram, max)
	if err != nil {
		return nil, err
	}
	f, err := sq.filter(ctx, grams[0].gram)
	if err != nil {
		return nil, err
	}
	hits, err := sq.check(ctx, f.keep(refs))
	slices.SortFunc(hits, func(a, b hit) int {
		if a.key.before(b.key) {
			return -1
		}
		return 1
	})
	return hits, err
}

// postings reads the rows of the kinds asked that hold gram (the first max, if max > 0), in
// the index's order.
func (sq *searchQuery) postings(ctx context.Context, gram string, max int) ([]rowRef, error) {
	q := sq.s.session(ctx).Table(gramTable.name).Select(strings.Join(gramTable.columns(), ", ")+", bits").Where("gram = ?", gram)
	var refs []rowRef
	err := scanBits(q.Order(gramTable.order()), gramTable, func(k bitKey, b *roaring.Bitmap) bool {
		if !sq.asks(k.t) {
			return true
		}
		for it := b.Iterator(); it.HasNext(); {
			refs = append(refs, rowRef{k.t, k.chunk<<chunkBits | int64(it.Next())})
			if max > 0 && len(refs) == max {
				return false
			}
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("search: read postings: %w", err)
	}
	return refs, nil
}

// check reads the texts of rows and returns those that match, ranked.
func (sq *searchQuery) check(ctx context.Context, refs []rowRef) ([]hit, error) {
	texts, err := sq.texts(ctx, refs)
	if err != nil {
		return nil, err
	}
	var hits []hit
	for _, r := range refs {
		if h, ok := sq.rank(searchKinds[r.t], r.id, texts[r]); ok {
			hits = append(hits, h)
		}
	}
	return hits, nil
}

// texts reads the folded texts of rows from search_texts.
func (sq *searchQuery) texts(ctx context.Context, refs []rowRef) (map[rowRef][]rowText, error) {
	out := make(map[rowRef][]rowText, len(refs))
	for chunk := range slices.Chunk(refs, byIDChunk) {
		byKind := map[int][]int64{}
		for _, r := range chunk {
			byKind[r.t] = append(byKind[r.t], r.id)
		}
		var where []string
		var args []any
		for t, ids := range byKind {
			where = append(where, "(t = ? AND id IN ?)")
			args = append(args, t, ids)
		}
		rows, err := sq.s.session(ctx).Raw("SELECT t, id, col, cls, len, folded FROM search_texts WHERE "+strings.Join(where, " OR "), args...).Rows()
		if err != nil {
			return nil, fmt.Errorf("search: read texts: %w", err)
		}
		for rows.Next() {
			var r rowRef
			var x rowText
			if err := rows.Scan(&r.t, &r.id, &x.col, &x.cls, &x.len, &x.folded); err != nil {
				rows.Close()
				return nil, fmt.Errorf("search: read texts: %w", err)
			}
			out[r] = append(out[r], x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("search: read texts: %w", err)
		}
	}
	return out, nil
}

// ranked returns the first need hits within the page's bounds without reading every row that
// holds the text's grams. Two streams name candidates, each in the order of a lower bound of
// their rank: the prefixes (whole and start matches, shortest first) and the postings of the
// rarest gram (inside matches, by class and length). Each candidate is checked and ranked
// exactly, kept in a heap, and given out once neither stream can name a row that ranks before
// it.
func (sq *searchQuery) ranked(ctx context.Context, grams []gramCount, need int) ([]hit, error) {
	gram := streamGram(grams)
	f, err := sq.filter(ctx, gram)
	if err != nil {
		return nil, err
	}
	pre := &searchStream{sq: sq, prefix: true, key: string([]rune(sq.text)[:min(sq.n, maxPrefix)]), holders: f}
	ins := &searchStream{sq: sq, key: gram, holders: f}
	if a := sq.after; a != nil {
		switch {
		case a.score < 80:
			pre.done = true // every whole and start match ranks before the cursor
		case a.score == 80:
			pre.started, pre.len, pre.t, pre.id = true, a.len, a.t, a.id
		}
	}
	seen := map[rowRef]bool{}
	var hs hitHeap
	add := func(refs []rowRef) error {
		var fresh []rowRef
		for _, r := range refs {
			if !seen[r] {
				seen[r] = true
				fresh = append(fresh, r)
			}
		}
		hits, err := sq.check(ctx, fresh)
		for _, h := range hits {
			if sq.after == nil || sq.after.before(h.key) {
				heap.Push(&hs, h)
			}
		}
		return err
	}
	// A region whose code the text names ranks first, though its code is longer than the text.
	if sq.code != "" && slices.Contains(sq.kinds, searchKindOf[model.SearchTypeRegion]) {
		var ids []int64
		if err := sq.s.session(ctx).Table("regions").Where("code = ?", sq.code).Pluck("id", &ids).Error; err != nil {
			return nil, fmt.Errorf("search: read region by code: %w", err)
		}
		refs := make([]rowRef, len(ids))
		for i, id := range ids {
			refs[i] = rowRef{searchKindOf[model.SearchTypeRegion].t, id}
		}
		if err := add(refs); err != nil {
			return nil, err
		}
	}
	var out []hit
	chunk := min(maxChunk, max(minChunk, 2*need))
	for {
		bound, next := pre.bound(), pre
		if b := ins.bound(); b.before(bound) {
			bound, next = b, ins
		}
		for hs.Len() > 0 && hs[0].key.before(bound) {
			h := heap.Pop(&hs).(hit)
			if sq.before != nil && !h.key.before(*sq.before) {
				return out, nil
			}
			if out = append(out, h); len(out) == need {
				return out, nil
			}
		}
		if next.done {
			return out, nil // both streams are read out, and the heap with them
		}
		refs, err := next.read(ctx, chunk)
		if err != nil {
			return nil, err
		}
		if err := add(refs); err != nil {
			return nil, err
		}
		chunk = min(maxChunk, 4*chunk)
	}
}

// searchStream reads a prefix's entries (search_prefixes) or a gram's postings (search_grams)
// in key order, from after the last entry it read.
type searchStream struct {
	sq      *searchQuery
	prefix  bool
	key     string
	started bool // an entry was read: the position below is the last entry's
	done    bool // no entry is left
	cls     int
	len, t  int
	id      int64
	whole   bool   // the bitmap holding the last entry was read to its end
	holders rowSet // the rows that can match (filter): others are passed over, unnamed
	rows    int    // how many bitmaps the next statement reads
}

// bound is the rank before which no row the stream has yet to name can rank.
func (st *searchStream) bound() hitKey {
	switch {
	case st.done:
		return last
	case !st.started && st.prefix:
		return first
	case !st.started:
		// A row the postings name ranks at most 60 (inside a name), unless it is a whole or start
		// match, which the prefix stream names too: until it must, the stream is not read.
		return hitKey{score: tierOf(clsPrimary)}
	case st.prefix:
		// A whole match's entry has the text's length: past it, only start matches remain.
		if st.len <= st.sq.n {
			return hitKey{100, st.len, st.t, st.id}
		}
		return hitKey{80, st.len, st.t, st.id}
	}
	return hitKey{tierOf(st.cls), st.len, st.t, st.id}
}

// A stream's statements read minBitRows bitmaps, then twice as many each time, up to maxBitRows:
// a common gram's first bitmaps hold a page, a rare one's many bitmaps hold few rows each.
const minBitRows, maxBitRows = 4, 256

// read reads the next n entries (fewer at the end) and returns their rows.
func (st *searchStream) read(ctx context.Context, n int) ([]rowRef, error) {
	p := gramTable
	if st.prefix {
		p = prefixTable
	}
	var refs []rowRef
	for len(refs) < n && !st.done {
		q := st.sq.s.session(ctx).Table(p.name).Select(strings.Join(p.columns(), ", ")+", bits").Where(p.text+" = ?", st.key)
		if st.started {
			q = q.Where(st.after(p))
		}
		st.rows = min(maxBitRows, max(minBitRows, 2*st.rows))
		rows, full := 0, false
		err := scanBits(q.Order(p.order()).Limit(st.rows), p, func(k bitKey, b *roaring.Bitmap) bool {
			rows++
			if !st.sq.asks(k.t) { // a kind not asked for: passed over, not filtered in SQL (see asks)
				st.started, st.cls, st.len, st.t, st.id, st.whole = true, k.cls, k.len, k.t, k.chunk<<chunkBits, true
				return true
			}
			if st.holders != nil { // rows that lack another of the text's grams are passed over
				b = roaring.And(b, st.holders.chunk(k.t, k.chunk))
			}
			it := b.Iterator()
			if st.started && !st.whole && k.cls == st.cls && k.len == st.len && k.t == st.t && k.chunk == st.id>>chunkBits {
				it.AdvanceIfNeeded(uint32(st.id&(1<<chunkBits-1)) + 1) // the entries before were read
			}
			st.started, st.cls, st.len, st.t, st.whole = true, k.cls, k.len, k.t, false
			if !it.HasNext() {
				st.id, st.whole = k.chunk<<chunkBits, true
			}
			for it.HasNext() {
				st.id = k.chunk<<chunkBits | int64(it.Next())
				st.whole = !it.HasNext()
				refs = append(refs, rowRef{k.t, st.id})
				if len(refs) == n {
					full = true
					return false
				}
			}
			return true
		})
		if err != nil {
			return nil, fmt.Errorf("search: read the index: %w", err)
		}
		st.done = !full && rows < st.rows
	}
	return refs, nil
}

// after is the condition on a posting table's rows that holds from the stream's position on:
// its bitmap, unless read to its end, and those after it in key order.
func (st *searchStream) after(p postingTable) clause.Expr {
	cols := []string{"len", "t", "chunk"}
	vals := []any{st.len, st.t, st.id >> chunkBits}
	if p.hasCls {
		cols, vals = append([]string{"cls"}, cols...), append([]any{st.cls}, vals...)
	}
	last := ">="
	if st.whole {
		last = ">"
	}
	var sql string
	var args []any
	for i := len(cols) - 1; i >= 0; i-- {
		if i == len(cols)-1 {
			sql, args = cols[i]+" "+last+" ?", []any{vals[i]}
			continue
		}
		sql = cols[i] + " > ? OR " + cols[i] + " = ? AND (" + sql + ")"
		args = append([]any{vals[i], vals[i]}, args...)
	}
	return clause.Expr{SQL: "(" + sql + ")", Vars: args}
}

// hitHeap holds checked hits, the best on top.
type hitHeap []hit

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return h[i].key.before(h[j].key) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(hit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// filterMax is the most rows a gram may be held by for filter to read its bitmaps whole (its
// ids in order, so mostly runs and dense chunks: 300,000 village names are six bitmaps).
var filterMax = 400000

// filter returns the rows that hold up to three of the text's grams other than skip, the
// rarest held by at most filterMax rows each: a candidate outside them cannot match, so it is
// passed over without reading its texts. nil (every row passes) when no gram is rare enough.
func (sq *searchQuery) filter(ctx context.Context, skip string) (rowSet, error) {
	grams, err := sq.load(ctx)
	if err != nil {
		return nil, err
	}
	sq.mu.Lock()
	defer sq.mu.Unlock()
	if f, ok := sq.filters[skip]; ok {
		return f, nil
	}
	var chosen []string
	for _, g := range grams {
		if g.gram != skip && g.n <= filterMax && len(chosen) < 3 {
			chosen = append(chosen, g.gram)
		}
	}
	var set rowSet
	if len(chosen) > 0 {
		byGram, err := sq.holdersOf(ctx, chosen)
		if err != nil {
			return nil, err
		}
		for _, g := range chosen {
			set = set.and(byGram[g])
		}
	}
	if sq.filters == nil {
		sq.filters = map[string]rowSet{}
	}
	sq.filters[skip] = set
	return set, nil
}

// streamGram is the gram whose postings a common text's ranking reads: the one kept in the
// fewest bitmaps (rarest first among equals). A gram in few bitmaps sits in few texts' classes
// and lengths, so its order is close to its rows' rank: 村0 names only villages, while 001,
// rarer, names every code with 001 in it, which all rank before the villages' names.
func streamGram(grams []gramCount) string {
	best := grams[0]
	for _, g := range grams[1:] { // rarest first, so the first of equals wins
		if g.bitmaps < best.bitmaps {
			best = g
		}
	}
	return best.gram
}

// holdersOf reads the rows of the kinds asked that hold each of grams, from all their bitmaps.
func (sq *searchQuery) holdersOf(ctx context.Context, grams []string) (map[string]rowSet, error) {
	q := sq.s.session(ctx).Table(gramTable.name).Select(strings.Join(gramTable.columns(), ", ")+", bits").Where("gram IN ?", grams)
	out := map[string]rowSet{}
	for _, g := range grams {
		out[g] = rowSet{} // held by no row of the kinds asked: an empty set, not every row
	}
	err := scanBits(q, gramTable, func(k bitKey, b *roaring.Bitmap) bool {
		if sq.asks(k.t) {
			out[k.text].add(k, b)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("search: read postings: %w", err)
	}
	return out, nil
}

// rowSet is a set of rows: by kind, by chunk of ids, a bitmap of the ids' low bits; nil holds
// every row. Kept by chunk, as the index is, so that sets meet bitmap by bitmap, not id by id.
type rowSet map[int]map[int64]*roaring.Bitmap

// add adds the ids of a bitmap of key k.
func (s rowSet) add(k bitKey, b *roaring.Bitmap) {
	chunks := s[k.t]
	if chunks == nil {
		chunks = map[int64]*roaring.Bitmap{}
		s[k.t] = chunks
	}
	if have := chunks[k.chunk]; have != nil {
		have.Or(b)
	} else {
		chunks[k.chunk] = b
	}
}

// chunk is the bitmap of kind t's chunk in s (an empty one when s holds none of it).
func (s rowSet) chunk(t int, chunk int64) *roaring.Bitmap {
	if b := s[t][chunk]; b != nil {
		return b
	}
	return roaring.New()
}

// and returns the rows in both s and o (either nil: the other).
func (s rowSet) and(o rowSet) rowSet {
	if s == nil {
		return o
	}
	for t, chunks := range s {
		for c, b := range chunks {
			if other := o[t][c]; other != nil {
				b.And(other)
			}
			if other := o[t][c]; other == nil || b.IsEmpty() {
				delete(chunks, c)
			}
		}
	}
	return s
}

// keep returns the refs that are in s.
func (s rowSet) keep(refs []rowRef) []rowRef {
	if s == nil {
		return refs
	}
	return slices.DeleteFunc(refs, func(r rowRef) bool {
		b := s[r.t][r.id>>chunkBits]
		return b == nil || !b.Contains(uint32(r.id&(1<<chunkBits-1)))
	})
}

// size is how many rows s holds.
func (s rowSet) size() int {
	n := 0
	for _, chunks := range s {
		for _, b := range chunks {
			n += int(b.GetCardinality())
		}
	}
	return n
}

// refs lists the rows of s.
func (s rowSet) refs() []rowRef {
	var out []rowRef
	for t, chunks := range s {
		for c, b := range chunks {
			for it := b.Iterator(); it.HasNext(); {
				out = append(out, rowRef{t, c<<chunkBits | int64(it.Next())})
			}
		}
	}
	return out
}
