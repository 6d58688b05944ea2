package edit

import (
	"maps"
	"slices"
	"strings"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// importBatch is the number of an import's rows checked together, and written together in one
// transaction: what their checks read (the rows they refer to, the rows that have their natural
// keys, those rows themselves) is read in a few statements for all of them, not in a few for
// each; and other writes wait for one batch's commit at most, not for the whole file.
const importBatch = 2000

// ImportBatch is importBatch, for the import command's help.
const ImportBatch = importBatch

// batchLookup answers a batch's checks. Its first pass records what they ask, answering that
// every reference exists and no natural key is taken (their verdicts are thrown away); fetch
// then reads the answers set-based; the second pass, the one that counts, reads them. What the
// first pass did not ask is read from the transaction, a row at a time: the answers are the
// same either way.
type batchLookup struct {
	tx        *store.Tx
	recording bool
	ids       map[*model.Kind][]int64
	keys      map[string][]map[string]any // natural keys asked, by table
	exists    map[*model.Kind]map[int64]bool
	taken     map[string]int64 // a natural key's id (0: none), by table and NaturalKeyText
	rows      map[*model.Kind]map[int64]any
}

func newBatchLookup(tx *store.Tx) *batchLookup {
	return &batchLookup{tx: tx, recording: true, ids: map[*model.Kind][]int64{}, keys: map[string][]map[string]any{},
		exists: map[*model.Kind]map[int64]bool{}, taken: map[string]int64{}, rows: map[*model.Kind]map[int64]any{}}
}

func (b *batchLookup) Exists(k *model.Kind, id int64) (bool, error) {
	if b.recording {
		b.ids[k] = append(b.ids[k], id)
		return true, nil
	}
	if ids, ok := b.exists[k]; ok {
		if found, ok := ids[id]; ok || len(ids) > 0 {
			return found, nil
		}
	}
	return b.tx.Exists(k, id)
}

func (b *batchLookup) Taken(table string, key map[string]any, except int64) (int64, error) {
	if b.recording {
		b.keys[table] = append(b.keys[table], key)
		return 0, nil
	}
	if id, ok := b.taken[table+"\x00"+store.NaturalKeyText(key)]; ok {
		if id == except {
			id = 0 // the row itself, as a second run's unchanged row is compared with it
		}
		return id, nil
	}
	return b.tx.Taken(table, key, except)
}

func (b *batchLookup) Get(k *model.Kind, id int64) (any, error) {
	if row, ok := b.rows[k][id]; ok {
		return row, nil
	}
	return b.tx.Get(k, id)
}

// fetch reads the answers to what the first pass asked, and turns to answering.
func (b *batchLookup) fetch() error {
	b.recording = false
	for k, ids := range b.ids {
		found, err := b.tx.ExistingIDs(k, ids)
		if err != nil {
			return err
		}
		b.exists[k] = found
		for _, id := range ids {
			if !found[id] {
				b.exists[k][id] = false
			}
		}
	}
	for table, keys := range b.keys {
		bySig := map[string][]map[string]any{} // RowsByKey takes keys of one set of columns
		for _, key := range keys {
			sig := columnsOf(key)
			bySig[sig] = append(bySig[sig], key)
		}
		kind, _ := model.KindOfType(kindTypeOf(table))
		if b.rows[kind] == nil {
			b.rows[kind] = map[int64]any{}
		}
		for _, keys := range bySig {
			ids, rows, err := b.tx.RowsByKey(kind, keys)
			if err != nil {
				return err
			}
			for i, key := range keys {
				b.taken[table+"\x00"+store.NaturalKeyText(key)] = ids[i]
			}
			maps.Copy(b.rows[kind], rows)
		}
	}
	return nil
}

// columnsOf names a natural key's columns, sorted.
func columnsOf(key map[string]any) string {
	return strings.Join(slices.Sorted(maps.Keys(key)), ",")
}
