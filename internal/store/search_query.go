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

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/textfold"
	"github.com/aidgraph/aidgraph/model"
)

// fewCandidates is the most rows holding a text's rarest gram that a search reads whole, checks
// and sorts; past it, it reads them in the order of their rank and stops once the page is full.
var fewCandidates = 500

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
}

// gramCount is a gram with the number of rows of the kinds asked that hold it.
type gramCount struct {
	gram string
	n    int
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
		q := sq.s.session(ctx).Table("search_gram_counts").Select("gram, SUM(n) AS n").Where("gram IN ?", grams)
		if !sq.all {
			q = q.Where("t IN ?", sq.ts())
		}
		var rows []struct {
			Gram string
			N    int
		}
		if err := q.Group("gram").Scan(&rows).Error; err != nil {
			sq.err = fmt.Errorf("search: count grams: %w", err)
			return
		}
		counts := map[string]int{}
		for _, r := range rows {
			counts[r.Gram] = r.N
		}
		for _, g := range grams {
			sq.grams = append(sq.grams, gramCount{g, counts[g]})
		}
		slices.SortStableFunc(sq.grams, func(a, b gramCount) int { return a.n - b.n })
	})
	return sq.grams, sq.err
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
	all := w.Backward || grams[0].n <= fewCandidates
	if all {
		hits, err = sq.allHits(ctx, grams, 0)
	} else {
		hits, all, err = sq.narrowed(ctx, grams)
	}
	if err != nil {
		return nil, false, err
	}
	if all {
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
	if hits, ok, err := sq.narrowed(ctx, grams); ok || err != nil {
		return len(hits), err
	}
	hits, err := sq.allHits(ctx, grams, countCandidates)
	return len(hits), err
}

// narrowCandidates is the most rows holding all of a text's two or three rarest grams that a
// search checks whole, and narrowPostings the most rows holding each that it reads to find them
// (see narrowed): reading more postings costs more than the ranked streams do.
var narrowCandidates, narrowPostings = 2000, 6000

// narrowed returns every hit, best first, when the text's two or three rarest grams are each
// held by at most narrowPostings rows and by at most narrowCandidates together: their postings
// are read without the texts (index ranges) and intersected, and only the rows left are
// checked. A number whose every triple is common but whose triples together are rare ("31174833")
// is answered so. It reports false, having read nothing else, when the grams are commoner.
func (sq *searchQuery) narrowed(ctx context.Context, grams []gramCount) ([]hit, bool, error) {
	if len(grams) < 2 || grams[1].n > narrowPostings {
		return nil, false, nil
	}
	var refs []rowRef
	for i := 0; i < min(3, len(grams)) && grams[i].n <= narrowPostings; i++ {
		q := sq.s.session(ctx).Table("search_grams").Select("t, id").Where("gram = ?", grams[i].gram)
		if !sq.all {
			q = q.Where("t IN ?", sq.ts())
		}
		var got []rowRef
		rows, err := q.Rows()
		if err != nil {
			return nil, false, fmt.Errorf("search: read postings: %w", err)
		}
		for rows.Next() {
			var r rowRef
			if err := rows.Scan(&r.t, &r.id); err != nil {
				rows.Close()
				return nil, false, fmt.Errorf("search: read postings: %w", err)
			}
			got = append(got, r)
		}
		rows.Close()
		if i == 0 {
			refs = got
			continue
		}
		has := make(map[rowRef]bool, len(got))
		for _, r := range got {
			has[r] = true
		}
		refs = slices.DeleteFunc(refs, func(r rowRef) bool { return !has[r] })
	}
	if len(refs) > narrowCandidates {
		return nil, false, nil
	}
	var hits []hit
	for chunk := range slices.Chunk(refs, 300) {
		byKind := map[int][]int64{}
		for _, r := range chunk {
			byKind[r.t] = append(byKind[r.t], r.id)
		}
		var sub []string
		var args []any
		for t, ids := range byKind {
			sub = append(sub, "SELECT DISTINCT 0 AS cls, 0 AS len, t, id FROM search_texts WHERE t = ? AND id IN ?")
			args = append(args, t, ids)
		}
		cands, err := sq.read(ctx, strings.Join(sub, " UNION ALL "), args)
		if err != nil {
			return nil, false, err
		}
		for _, c := range cands {
			if h, ok := sq.rank(searchKinds[c.ref.t], c.ref.id, c.texts); ok {
				hits = append(hits, h)
			}
		}
	}
	sortHits(hits)
	return hits, true, nil
}

// sortHits sorts hits best first.
func sortHits(hits []hit) {
	slices.SortFunc(hits, func(a, b hit) int {
		if a.key.before(b.key) {
			return -1
		}
		return 1
	})
}

// allHits checks the rows holding the text's rarest gram (the first max of them in the
// index's order, if max > 0) and returns those that match, best first.
func (sq *searchQuery) allHits(ctx context.Context, grams []gramCount, max int) ([]hit, error) {
	sub, args := "SELECT cls, len, t, id FROM search_grams WHERE gram = ?", []any{grams[0].gram}
	if !sq.all {
		sub, args = sub+" AND t IN ?", append(args, sq.ts())
	}
	if max > 0 {
		sub, args = sub+" ORDER BY cls, len, t, id LIMIT ?", append(args, max)
	}
	cands, err := sq.read(ctx, sub, args)
	if err != nil {
		return nil, err
	}
	var hits []hit
	for _, c := range cands {
		if h, ok := sq.rank(searchKinds[c.ref.t], c.ref.id, c.texts); ok {
			hits = append(hits, h)
		}
	}
	sortHits(hits)
	return hits, nil
}

// candidate is a row an entry of the index names, with the entry's class and length and the
// row's texts.
type candidate struct {
	cls, len int
	ref      rowRef
	texts    []rowText
}

// read runs sub, a SELECT of the entries (cls, len, t, id) of an index table, joined with the
// texts of the rows they name, and returns the entries in key order: one statement, however
// many rows.
func (sq *searchQuery) read(ctx context.Context, sub string, args []any) ([]candidate, error) {
	rows, err := sq.s.session(ctx).Raw("SELECT c.cls, c.len, c.t, c.id, x.col, x.cls, x.len, x.folded FROM ("+sub+
		") c JOIN search_texts x ON x.t = c.t AND x.id = c.id ORDER BY c.cls, c.len, c.t, c.id, x.col", args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("search: read the index: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		var x rowText
		if err := rows.Scan(&c.cls, &c.len, &c.ref.t, &c.ref.id, &x.col, &x.cls, &x.len, &x.folded); err != nil {
			return nil, fmt.Errorf("search: read the index: %w", err)
		}
		if n := len(out); n > 0 && out[n-1].cls == c.cls && out[n-1].len == c.len && out[n-1].ref == c.ref {
			out[n-1].texts = append(out[n-1].texts, x)
			continue
		}
		c.texts = []rowText{x}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: read the index: %w", err)
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
	pre := &searchStream{sq: sq, prefix: true, key: string([]rune(sq.text)[:min(sq.n, maxPrefix)])}
	ins := &searchStream{sq: sq, key: streamGram(grams)}
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
	add := func(cands []candidate) {
		for _, c := range cands {
			if seen[c.ref] {
				continue
			}
			seen[c.ref] = true
			if h, ok := sq.rank(searchKinds[c.ref.t], c.ref.id, c.texts); ok && (sq.after == nil || sq.after.before(h.key)) {
				heap.Push(&hs, h)
			}
		}
	}
	// A region whose code the text names ranks first, though its code is longer than the text.
	if region := searchKindOf[model.SearchTypeRegion]; sq.code != "" && slices.Contains(sq.kinds, region) {
		cands, err := sq.read(ctx, "SELECT 0 AS cls, 0 AS len, ? AS t, id FROM regions WHERE code = ?", []any{region.t, sq.code})
		if err != nil {
			return nil, err
		}
		add(cands)
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
		cands, err := next.read(ctx, chunk)
		if err != nil {
			return nil, err
		}
		add(cands)
		chunk = min(maxChunk, 4*chunk)
	}
}

// streamGram chooses the gram whose postings the inside stream reads: the rarest, unless a gram
// with a character other than an ASCII digit is held by at most 16 times as many rows. Digits
// are in every code, whose 12 characters rank before most names, and a code never holds a text
// with another character: the postings of "001" start with 69,000 codes, none of them a hit
// for 村001, where those of 村0 are village names (1.5 s against 6 ms at national scale).
func streamGram(grams []gramCount) string {
	for _, g := range grams {
		if g.n > 16*grams[0].n {
			break
		}
		if strings.Trim(g.gram, "0123456789") != "" {
			return g.gram
		}
	}
	return grams[0].gram
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
}

// bound is the rank before which no row the stream has yet to name can rank.
func (st *searchStream) bound() hitKey {
	switch {
	case st.done:
		return last
	case !st.started && st.prefix:
		return first
	case !st.started:
		// Whole and start matches are the prefix stream's: the postings name a row that ranks
		// before its rank only by a match inside a name, at best.
		return hitKey{60, 0, -1, 0}
	case st.prefix:
		// A whole match's entry has the text's length: past it, only start matches remain.
		if st.len <= st.sq.n {
			return hitKey{100, st.len, st.t, st.id}
		}
		return hitKey{80, st.len, st.t, st.id}
	}
	return hitKey{tierOf(st.cls), st.len, st.t, st.id}
}

// read reads the next n entries and returns the rows they name, with their texts.
func (st *searchStream) read(ctx context.Context, n int) ([]candidate, error) {
	var sub string
	var args []any
	if st.prefix {
		sub, args = "SELECT 0 AS cls, len, t, id FROM search_prefixes WHERE p = ?", []any{st.key}
		if st.started {
			sub += " AND (len > ? OR len = ? AND (t > ? OR t = ? AND id > ?))"
			args = append(args, st.len, st.len, st.t, st.t, st.id)
		}
	} else {
		sub, args = "SELECT cls, len, t, id FROM search_grams WHERE gram = ?", []any{st.key}
		if st.started {
			sub += " AND (cls > ? OR cls = ? AND (len > ? OR len = ? AND (t > ? OR t = ? AND id > ?)))"
			args = append(args, st.cls, st.cls, st.len, st.len, st.t, st.t, st.id)
		}
	}
	if !st.sq.all {
		sub, args = sub+" AND t IN ?", append(args, st.sq.ts())
	}
	sub, args = sub+" ORDER BY cls, len, t, id LIMIT ?", append(args, n)
	cands, err := st.sq.read(ctx, sub, args)
	if err != nil {
		return nil, err
	}
	if len(cands) > 0 {
		c := cands[len(cands)-1]
		st.started, st.cls, st.len, st.t, st.id = true, c.cls, c.len, c.ref.t, c.ref.id
	}
	st.done = len(cands) < n
	return cands, nil
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
