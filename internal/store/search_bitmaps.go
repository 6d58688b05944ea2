package store

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"gorm.io/gorm"
)

// The postings of search_grams and search_prefixes are held as bitmaps: one row per key (a gram
// with its class and length, or a prefix with its length, and the kind) and chunk of 65,536 ids,
// whose bits are a roaring bitmap of the ids' low 16 bits. At national scale that is 160 M
// postings in some 60,000 rows and 33 MB, where a row per posting was tens of millions of rows
// that could not be written in the seed's time; a key's ids still come in order, chunk by chunk,
// so a stream reads a common gram's rows best first and stops at the page.

// chunkBits is how many low bits of an id its chunk's bitmap holds.
const chunkBits = 16

// postingTable is search_grams or search_prefixes: the columns of its key, before chunk.
type postingTable struct {
	name   string
	text   string // the key's text column: gram or p
	hasCls bool   // search_prefixes has no class: whole and start matches rank alike
}

var (
	gramTable   = postingTable{"search_grams", "gram", true}
	prefixTable = postingTable{"search_prefixes", "p", false}
)

// order is the table's key order, after its text: how a stream reads it.
func (p postingTable) order() string {
	if p.hasCls {
		return "cls, len, t, chunk"
	}
	return "len, t, chunk"
}

// columns are the table's key columns and chunk, in key order.
func (p postingTable) columns() []string {
	if p.hasCls {
		return []string{"gram", "cls", "len", "t", "chunk"}
	}
	return []string{"p", "len", "t", "chunk"}
}

// bitKey is a row of a posting table: a key and a chunk of ids.
type bitKey struct {
	text     string
	cls, len int // cls is 0 in search_prefixes
	t        int
	chunk    int64
}

func (k bitKey) values(p postingTable) []any {
	if p.hasCls {
		return []any{k.text, k.cls, k.len, k.t, k.chunk}
	}
	return []any{k.text, k.len, k.t, k.chunk}
}

func compareBitKeys(a, b bitKey) int {
	return cmp.Or(strings.Compare(a.text, b.text), cmp.Compare(a.cls, b.cls), cmp.Compare(a.len, b.len),
		cmp.Compare(a.t, b.t), cmp.Compare(a.chunk, b.chunk))
}

// bitChange is what a write does to one row of a posting table: ids' low bits to take out and
// to put in.
type bitChange struct {
	del, add []uint32
}

// bitChanges collects a write's postings, by row of a posting table.
type bitChanges map[bitKey]*bitChange

// posting adds (add true) or removes the posting of id under key (text, cls, len, t).
func (c bitChanges) posting(text string, cls, length, t int, id int64, add bool) {
	k := bitKey{text, cls, length, t, id >> chunkBits}
	ch := c[k]
	if ch == nil {
		ch = &bitChange{}
		c[k] = ch
	}
	low := uint32(id & (1<<chunkBits - 1))
	if add {
		ch.add = append(ch.add, low)
	} else {
		ch.del = append(ch.del, low)
	}
}

// applyBits writes changes to table p. fresh says the table holds none of their rows (a build
// after clearing it), so they are inserted without reading. Otherwise each row is read, changed
// and written back; on MySQL the rows are locked in key order first (lockBits) so that two
// writes to one chunk take turns without losing either's postings.
func applyBits(db *gorm.DB, p postingTable, changes bitChanges, fresh bool) error {
	if len(changes) == 0 {
		return nil
	}
	keys := make([]bitKey, 0, len(changes))
	for k := range changes {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareBitKeys)
	stored := map[bitKey]*roaring.Bitmap{}
	if !fresh {
		var err error
		if stored, err = lockBits(db, p, keys); err != nil {
			return fmt.Errorf("read %s: %w", p.name, err)
		}
	}
	var put [][]any
	var gone []bitKey
	for _, k := range keys {
		b := stored[k]
		if b == nil {
			b = roaring.New()
		}
		ch := changes[k]
		b.AddMany(ch.add)
		for _, low := range ch.del {
			b.Remove(low)
		}
		if b.IsEmpty() {
			if stored[k] != nil {
				gone = append(gone, k)
			}
			continue
		}
		b.RunOptimize()
		bits, err := b.ToBytes()
		if err != nil {
			return fmt.Errorf("write %s: %w", p.name, err)
		}
		put = append(put, append(k.values(p), bits))
	}
	if err := deleteBits(db, p, gone); err != nil {
		return fmt.Errorf("write %s: %w", p.name, err)
	}
	if err := upsertBits(db, p, put, fresh); err != nil {
		return fmt.Errorf("write %s: %w", p.name, err)
	}
	return nil
}

// lockBits reads the stored bitmaps of keys (sorted). On MySQL it locks them first, in key order:
// an upsert (one statement unless the keys pass a statement's bound) that leaves a stored row as
// it is, makes an empty one for a key that has none, and takes each row's exclusive lock as it
// goes, so that two writes sharing keys meet on their first shared key and never hold one each
// of two. (Locking the stored rows and then making the missing ones with INSERT IGNORE took them
// out of order, and the insert's share lock on a row another write had just made deadlocked
// once both asked to lock it for update.) The rows are then read without a lock: under READ
// COMMITTED (dsn.go) the read sees every committed write, and no other write can hold a change
// to a locked row. A key whose bitmap reads empty was made by this write.
func lockBits(db *gorm.DB, p postingTable, keys []bitKey) (map[bitKey]*roaring.Bitmap, error) {
	if dialectOf(db) == MySQL {
		empty, _ := roaring.New().ToBytes()
		rows := make([][]any, len(keys))
		for i, k := range keys {
			rows[i] = append(k.values(p), empty)
		}
		if err := insertBitRows(db, p, rows, "INSERT INTO ", " ON DUPLICATE KEY UPDATE bits = bits"); err != nil {
			return nil, err
		}
	}
	return readBits(db, p, keys)
}

// readBits reads the bitmaps of keys that are stored: by kind and chunk, the texts in one IN
// list (a batch's keys share one or two chunks of one kind), keeping the rows asked for. An OR
// of whole keys took five parameters a key (SQLite's driver binds them in quadratic time).
func readBits(db *gorm.DB, p postingTable, keys []bitKey) (map[bitKey]*roaring.Bitmap, error) {
	type kindChunk struct {
		t     int
		chunk int64
	}
	wanted := make(map[bitKey]bool, len(keys))
	texts := map[kindChunk][]string{}
	for _, k := range keys {
		wanted[k] = true
		kc := kindChunk{k.t, k.chunk}
		texts[kc] = append(texts[kc], k.text)
	}
	groups := slices.SortedFunc(maps.Keys(texts), func(a, b kindChunk) int {
		return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.chunk, b.chunk))
	})
	out := map[bitKey]*roaring.Bitmap{}
	for _, kc := range groups {
		ts := slices.Compact(slices.Sorted(slices.Values(texts[kc])))
		for part := range slices.Chunk(ts, max(1, insertParams(db)-2)) {
			q := db.Raw("SELECT "+strings.Join(p.columns(), ", ")+", bits FROM "+p.name+" WHERE "+p.text+" IN ? AND t = ? AND chunk = ? ORDER BY "+p.text+", "+p.order(), part, kc.t, kc.chunk)
			err := scanBits(q, p, func(k bitKey, b *roaring.Bitmap) bool {
				if wanted[k] {
					out[k] = b
				}
				return true
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// scanBits reads the rows q selects (the table's columns, then bits) and calls each with its key
// and bitmap until each returns false.
func scanBits(q *gorm.DB, p postingTable, each func(bitKey, *roaring.Bitmap) bool) error {
	rows, err := q.Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k bitKey
		var bits []byte
		dest := []any{&k.text, &k.cls, &k.len, &k.t, &k.chunk, &bits}
		if !p.hasCls {
			dest = append(dest[:1], dest[2:]...)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		b := roaring.New()
		if err := b.UnmarshalBinary(bits); err != nil {
			return fmt.Errorf("%s: a bitmap that does not read: %w", p.name, err)
		}
		if !each(k, b) {
			return nil
		}
	}
	return rows.Err()
}

// deleteBits deletes the rows of keys.
func deleteBits(db *gorm.DB, p postingTable, keys []bitKey) error {
	rows := make([][]any, len(keys))
	for i, k := range keys {
		rows[i] = k.values(p)
	}
	return deleteKeys(db, p.name, p.columns(), rows)
}

// upsertBits writes rows (key columns, bits): inserted when fresh, else inserted or replaced.
func upsertBits(db *gorm.DB, p postingTable, rows [][]any, fresh bool) error {
	switch {
	case fresh:
		return insertBitRows(db, p, rows, "INSERT INTO ", "")
	case dialectOf(db) == MySQL:
		return insertBitRows(db, p, rows, "INSERT INTO ", " ON DUPLICATE KEY UPDATE bits = VALUES(bits)")
	}
	return insertBitRows(db, p, rows, "INSERT INTO ", " ON CONFLICT ("+strings.Join(p.columns(), ", ")+") DO UPDATE SET bits = excluded.bits")
}

// insertBitRows writes rows with verb ("INSERT INTO ") and tail (an upsert's clause), in
// statements of at most insertParams values and about 1 MB of bitmaps.
func insertBitRows(db *gorm.DB, p postingTable, rows [][]any, verb, tail string) error {
	cols := append(p.columns(), "bits")
	tuple := "(" + strings.Repeat("?,", len(cols)-1) + "?)"
	per := max(1, insertParams(db)/len(cols))
	for len(rows) > 0 {
		n, size := 0, 0
		for n < len(rows) && n < per && size < 1<<20 {
			size += len(rows[n][len(cols)-1].([]byte))
			n++
		}
		var q strings.Builder
		q.WriteString(verb + p.name + " (" + strings.Join(cols, ", ") + ") VALUES ")
		args := make([]any, 0, n*len(cols))
		for i, r := range rows[:n] {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString(tuple)
			args = append(args, r...)
		}
		q.WriteString(tail)
		if err := db.Exec(q.String(), args...).Error; err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
