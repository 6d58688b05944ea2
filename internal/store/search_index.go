package store

import (
	"cmp"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/textfold"
	"github.com/aidgraph/aidgraph/model"
)

// The search index (migration 00020) holds, for every row of a searched kind, its searched texts
// folded (search_texts), one posting per gram of them (search_grams), the first characters of
// its names and labels (search_prefixes) and how many rows hold each gram (search_gram_counts).
// A write keeps it by one indexChange for all the rows it wrote (Tx.followDerived), a dataset
// load by indexSearch for each table.

// Classes of searched texts, in the order a match in them ranks.
const (
	clsPrimary = 1 // names and codes: 100 whole, 80 start, 60 inside
	clsSecond  = 2 // English names and labels: 100 whole, 80 start, 50 inside
	clsText    = 3 // quotes and descriptions: 30 inside
)

// maxPrefix is the longest prefix search_prefixes holds; longer texts are checked on the rows.
const maxPrefix = 8

// gramShards is how many rows each gram's count of a kind is split over, by chunk of ids (as
// the bitmaps are): writes to one chunk already take turns on its bitmaps, and a batch of new
// rows then moves one count row a gram, not eight.
const gramShards = 8

// searchIndexBuild names what the index tables hold; a database whose search_index_state lacks
// it is (re)built at start-up. Raise it when what is indexed changes.
const searchIndexBuild = 1

// searchKind is one searched kind as the index numbers and reads it.
type searchKind struct {
	st    model.SearchType
	ref   string
	table string
	t     int         // the kind's number in the index: the order of ref
	cols  []searchCol // in the order of the ranking's CASE: primary, second, text
}

// searchCol is one searched column of a kind.
type searchCol struct {
	name string
	cls  int
}

var (
	searchKinds   []*searchKind // by t
	searchKindOf  = map[model.SearchType]*searchKind{}
	searchByTable = map[string]*searchKind{}
)

func init() {
	for st, sb := range searchables {
		k := &searchKind{st: st, ref: sb.ref, table: tableOfRef(sb.ref)}
		for _, c := range sb.primary {
			k.cols = append(k.cols, searchCol{c, clsPrimary})
		}
		for _, c := range sb.second {
			k.cols = append(k.cols, searchCol{c, clsSecond})
		}
		for _, c := range sb.text {
			k.cols = append(k.cols, searchCol{c, clsText})
		}
		searchKinds = append(searchKinds, k)
	}
	// Hits sort by reference name after score and length: so do the kinds' numbers.
	slices.SortFunc(searchKinds, func(a, b *searchKind) int { return strings.Compare(a.ref, b.ref) })
	for i, k := range searchKinds {
		k.t = i
		searchKindOf[k.st] = k
		searchByTable[k.table] = k
	}
}

// rowText is one searched text of a row, folded.
type rowText struct {
	col, cls, len int
	folded        string
}

// indexedRow is a row's searched texts, in column order.
type indexedRow struct {
	id    int64
	texts []rowText
}

// textsOf folds a row's searched values (by column name); empty ones are left out, since no
// search text is empty.
func (k *searchKind) textsOf(values func(col string) (string, bool)) []rowText {
	var out []rowText
	for i, c := range k.cols {
		v, ok := values(c.name)
		if !ok || v == "" {
			continue
		}
		f := textfold.Fold(v)
		out = append(out, rowText{col: i, cls: c.cls, len: utf8.RuneCountInString(f), folded: f})
	}
	return out
}

// posting is a gram's entry for a row: the best class and length of the row's texts holding it.
type posting struct {
	cls, len int
}

// postingsOf returns the grams of a row's texts with their postings.
func postingsOf(texts []rowText) map[string]posting {
	out := map[string]posting{}
	for _, x := range texts {
		for _, g := range textfold.Grams(x.folded) {
			p, ok := out[g]
			if !ok || x.cls < p.cls || x.cls == p.cls && x.len < p.len {
				out[g] = posting{x.cls, x.len}
			}
		}
	}
	return out
}

// prefix is an entry of search_prefixes for a row.
type prefix struct {
	p   string
	len int
}

// prefixesOf returns the first 1 to maxPrefix characters of a row's names and labels.
func prefixesOf(texts []rowText) map[prefix]bool {
	out := map[prefix]bool{}
	for _, x := range texts {
		if x.cls == clsText {
			continue
		}
		for i, end := 0, 0; i < maxPrefix && end < len(x.folded); i++ {
			_, size := utf8.DecodeRuneInString(x.folded[end:])
			end += size
			out[prefix{x.folded[:end], x.len}] = true
		}
	}
	return out
}

// indexChange is what a write does to the index: rows of search_texts, postings (as changes to
// the bitmaps of search_grams and search_prefixes) and counts, for rows of any kinds.
type indexChange struct {
	done               map[rowRef]bool // the rows diffed
	delTexts, addTexts [][]any         // (t, id, col) and (t, id, col, cls, len, folded)
	grams, prefixes    bitChanges
	counts             map[gramShard]int64
}

// gramShard is a row of search_gram_counts: a gram's count of kind t in one shard.
type gramShard struct {
	gram  string
	t     int
	shard int64
}

func newIndexChange() *indexChange {
	return &indexChange{done: map[rowRef]bool{}, grams: bitChanges{}, prefixes: bitChanges{}, counts: map[gramShard]int64{}}
}

// diff adds what turns row id of kind k's old texts into its new ones (either may be empty: a
// create, a delete). A row whose texts did not change adds nothing.
func (c *indexChange) diff(k *searchKind, id int64, old, new []rowText) {
	c.done[rowRef{k.t, id}] = true
	if slices.Equal(old, new) {
		return
	}
	t := k.t
	oldByCol := map[int]rowText{}
	for _, x := range old {
		oldByCol[x.col] = x
	}
	for _, x := range new {
		if o, ok := oldByCol[x.col]; ok {
			delete(oldByCol, x.col)
			if o == x {
				continue
			}
			c.delTexts = append(c.delTexts, []any{t, id, x.col})
		}
		c.addTexts = append(c.addTexts, []any{t, id, x.col, x.cls, x.len, x.folded})
	}
	for col := range oldByCol {
		c.delTexts = append(c.delTexts, []any{t, id, col})
	}
	shard := (id >> chunkBits) % gramShards
	og, ng := postingsOf(old), postingsOf(new)
	for g, p := range og {
		q, ok := ng[g]
		if ok && q == p {
			continue
		}
		c.grams.posting(g, p.cls, p.len, t, id, false)
		if !ok {
			c.counts[gramShard{g, t, shard}]--
		}
	}
	for g, p := range ng {
		q, ok := og[g]
		if ok && q == p {
			continue
		}
		c.grams.posting(g, p.cls, p.len, t, id, true)
		if !ok {
			c.counts[gramShard{g, t, shard}]++
		}
	}
	op, np := prefixesOf(old), prefixesOf(new)
	for p := range op {
		if !np[p] {
			c.prefixes.posting(p.p, 0, p.len, t, id, false)
		}
	}
	for p := range np {
		if !op[p] {
			c.prefixes.posting(p.p, 0, p.len, t, id, true)
		}
	}
}

// apply writes the change: its texts, then its postings (fresh: into tables that hold none of
// the rows yet).
func (c *indexChange) apply(db *gorm.DB, fresh bool) error {
	if err := c.applyTexts(db); err != nil {
		return err
	}
	return c.applyPostings(db, fresh)
}

// applyTexts writes the change's rows of search_texts: deleted by their key, inserted in key
// order. They are each row's own, which no other write shares.
func (c *indexChange) applyTexts(db *gorm.DB) error {
	if err := deleteKeys(db, "search_texts", []string{"t", "id", "col"}, c.delTexts); err != nil {
		return fmt.Errorf("index for search: %w", err)
	}
	slices.SortFunc(c.addTexts, compareIndexKeys)
	if err := insertRows(db, "search_texts", []string{"t", "id", "col", "cls", "len", "folded"}, c.addTexts); err != nil {
		return fmt.Errorf("index for search: %w", err)
	}
	c.delTexts, c.addTexts = nil, nil
	return nil
}

// applyPostings writes the change's postings by their bitmaps and its counts by net deltas:
// rows that writes of one chunk share (a common gram's), each locked in one order (key order,
// grams, then prefixes, then counts) so that two writes meet without a deadlock.
func (c *indexChange) applyPostings(db *gorm.DB, fresh bool) error {
	if err := applyBits(db, gramTable, c.grams, fresh); err != nil {
		return fmt.Errorf("index for search: %w", err)
	}
	if err := applyBits(db, prefixTable, c.prefixes, fresh); err != nil {
		return fmt.Errorf("index for search: %w", err)
	}
	return addCounts(db, c.counts)
}

// compareIndexKeys orders rows of index values (strings and ints) by their columns in turn.
func compareIndexKeys(a, b []any) int {
	for i := range a {
		var c int
		switch x := a[i].(type) {
		case string:
			c = strings.Compare(x, b[i].(string))
		case int:
			c = cmp.Compare(x, b[i].(int))
		case int64:
			c = cmp.Compare(x, b[i].(int64))
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// deleteKeys deletes the rows of table whose key columns hold the given values.
func deleteKeys(db *gorm.DB, table string, cols []string, keys [][]any) error {
	slices.SortFunc(keys, compareIndexKeys)
	term := "(" + strings.Join(cols, " = ? AND ") + " = ?)"
	for chunk := range slices.Chunk(keys, max(1, insertParams(db)/len(cols))) {
		var q strings.Builder
		args := make([]any, 0, len(chunk)*len(cols))
		q.WriteString("DELETE FROM " + table + " WHERE ")
		for i, k := range chunk {
			if i > 0 {
				q.WriteString(" OR ")
			}
			q.WriteString(term)
			args = append(args, k...)
		}
		if err := db.Exec(q.String(), args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// addCounts adds deltas to the gram counts, in key order (so that two writes lock shared count
// rows in one order), leaving out deltas that net to nothing.
func addCounts(db *gorm.DB, deltas map[gramShard]int64) error {
	rows := make([][]any, 0, len(deltas))
	for k, n := range deltas {
		if n != 0 {
			rows = append(rows, []any{k.gram, k.t, k.shard, n})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	slices.SortFunc(rows, compareIndexKeys)
	upsert := " ON DUPLICATE KEY UPDATE n = n + VALUES(n)"
	if db.Dialector.Name() == "sqlite" {
		upsert = " ON CONFLICT (gram, t, shard) DO UPDATE SET n = n + excluded.n"
	}
	for chunk := range slices.Chunk(rows, max(1, insertParams(db)/4)) {
		var q strings.Builder
		args := make([]any, 0, 4*len(chunk))
		q.WriteString("INSERT INTO search_gram_counts (gram, t, shard, n) VALUES ")
		for i, r := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?)")
			args = append(args, r...)
		}
		q.WriteString(upsert)
		if err := db.Exec(q.String(), args...).Error; err != nil {
			return fmt.Errorf("count grams for search: %w", err)
		}
	}
	return nil
}

// sameSearchedTexts tells whether two versions of a row of table (either nil: a create, a
// delete, a restore) hold the same searched values: then a write need not read the index at all,
// which is most updates (a budget, a status).
func sameSearchedTexts(table string, before, after any) bool {
	k := searchByTable[table]
	if k == nil {
		return true
	}
	if before == nil || after == nil {
		return false
	}
	b, a := columnValues(before), columnValues(after)
	if b == nil || a == nil {
		return false
	}
	for _, c := range k.cols {
		if b[c.name] != a[c.name] {
			return false
		}
	}
	return true
}

// indexSearch brings the index of the rows ids of table up to date with the rows as they are
// now (a row that is gone leaves it), in db's transaction: the call that bulk loads and dataset
// loads make. A write collects its rows of every table into one change (Tx.followDerived).
func indexSearch(db *gorm.DB, table string, ids []int64) error {
	c := newIndexChange()
	if err := c.addRows(db, table, ids, false); err != nil {
		return err
	}
	return c.apply(db, false)
}

// addRows adds the diffs of rows ids of table, read as the index holds them and as they are now,
// leaving out rows already diffed. Rows this write created (created) are new to the index: their
// old texts are not read.
func (c *indexChange) addRows(db *gorm.DB, table string, ids []int64, created bool) error {
	k := searchByTable[table]
	if k == nil {
		return nil
	}
	ids = slices.DeleteFunc(slices.Compact(slices.Sorted(slices.Values(ids))), func(id int64) bool { return c.done[rowRef{k.t, id}] })
	for chunk := range slices.Chunk(ids, byIDChunk) {
		var old map[int64][]rowText
		var err error
		if !created {
			if old, err = indexedTexts(db, k, chunk); err != nil {
				return err
			}
		}
		now, err := currentTexts(db, k, chunk)
		if err != nil {
			return err
		}
		for _, id := range chunk {
			c.diff(k, id, old[id], now[id])
		}
	}
	return nil
}

// indexedTexts reads the texts the index holds for rows ids of kind k.
func indexedTexts(db *gorm.DB, k *searchKind, ids []int64) (map[int64][]rowText, error) {
	rows, err := db.Raw("SELECT id, col, cls, len, folded FROM search_texts WHERE t = ? AND id IN ? ORDER BY id, col", k.t, ids).Rows()
	if err != nil {
		return nil, fmt.Errorf("read the search index of %s: %w", k.table, err)
	}
	defer rows.Close()
	out := map[int64][]rowText{}
	for rows.Next() {
		var id int64
		var x rowText
		if err := rows.Scan(&id, &x.col, &x.cls, &x.len, &x.folded); err != nil {
			return nil, fmt.Errorf("read the search index of %s: %w", k.table, err)
		}
		out[id] = append(out[id], x)
	}
	return out, rows.Err()
}

// currentTexts reads the searched texts of rows ids of kind k from its table, folded.
func currentTexts(db *gorm.DB, k *searchKind, ids []int64) (map[int64][]rowText, error) {
	cols := make([]string, len(k.cols))
	for i, c := range k.cols {
		cols[i] = c.name
	}
	return scanTexts(db.Raw("SELECT id, "+strings.Join(cols, ", ")+" FROM "+k.table+" WHERE id IN ?", ids), k, cols)
}

// scanTexts reads the id and the columns cols of kind k that q selects, folded.
func scanTexts(q *gorm.DB, k *searchKind, cols []string) (map[int64][]rowText, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, fmt.Errorf("read %s to index for search: %w", k.table, err)
	}
	defer rows.Close()
	out := map[int64][]rowText{}
	values := make([]sql.NullString, len(cols))
	dest := make([]any, len(cols)+1)
	var id int64
	dest[0] = &id
	for i := range values {
		dest[i+1] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("read %s to index for search: %w", k.table, err)
		}
		out[id] = k.textsOf(func(col string) (string, bool) {
			i := slices.Index(cols, col)
			return values[i].String, values[i].Valid
		})
	}
	return out, rows.Err()
}
