package store

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/aidgraph/aidgraph/model"
)

// The set-based half of a write, for a bulk import: what Exists, Taken and Get answer one row at
// a time, for a batch of rows in a statement or a few, and Create for many rows in multi-row
// INSERTs. They run in the write's transaction like the rest, and keep what Create keeps: ids,
// versions, the changes, ancestor copies and project_stats (followDerived, at the end).

// manyChunk is the number of keys one statement names: far below the drivers' placeholder caps.
const manyChunk = 1000

// ExistingIDs returns which of ids kind k has rows for.
func (w *Tx) ExistingIDs(k *model.Kind, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	for chunk := range slices.Chunk(uniqueIDs(ids), manyChunk) {
		q := w.db.Table(k.Table).Where("id IN ?", chunk)
		if k.IsRegion() {
			q = q.Where("level = ?", k.Level)
		}
		var found []int64
		if err := q.Pluck("id", &found).Error; err != nil {
			return nil, fmt.Errorf("look up %d %s ids: %w", len(chunk), k.Type, err)
		}
		for _, id := range found {
			out[id] = true
		}
	}
	return out, nil
}

// GetMany reads the rows of kind k with these ids, as pointers to k's row type, by id.
func (w *Tx) GetMany(k *model.Kind, ids []int64) (map[int64]any, error) {
	out := map[int64]any{}
	for chunk := range slices.Chunk(uniqueIDs(ids), manyChunk) {
		rows := reflect.New(reflect.SliceOf(reflect.PointerTo(k.Row)))
		q := w.db.Table(k.Table).Where("id IN ?", chunk)
		if k.IsRegion() {
			q = q.Where("level = ?", k.Level)
		}
		if err := q.Find(rows.Interface()).Error; err != nil {
			return nil, fmt.Errorf("read %d %s rows: %w", len(chunk), k.Type, err)
		}
		for i := range rows.Elem().Len() {
			r := rows.Elem().Index(i)
			out[r.Elem().FieldByName("RowID").Int()] = r.Interface()
		}
	}
	return out, nil
}

// keyDrivers are the columns a natural key is looked up by, best first: each has an index
// (migration 00016) and sets keys apart.
var keyDrivers = []string{"name", "url", "title", "quote", "code"}

// TakenMany answers Taken for many natural keys of table, all with the same columns: the id of
// a row whose columns equal each key's values (exactly, as Taken compares them), or 0. It reads
// the rows whose first indexed column is among the keys', a chunk a statement, and compares the
// rest in Go.
func (w *Tx) TakenMany(table string, keys []map[string]any) ([]int64, error) {
	out := make([]int64, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	var cols []string
	for c := range keys[0] {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	driver := cols[0]
	for _, d := range keyDrivers {
		if _, ok := keys[0][d]; ok {
			driver = d
			break
		}
	}
	byKey := map[string][]int{} // a key's values as text: the keys that have them
	var values []any
	for i, k := range keys {
		t := keyText(cols, func(c string) (string, bool) { return valueText(k[c]) })
		if len(byKey[t]) == 0 {
			if v, ok := valueText(k[driver]); ok {
				values = append(values, v)
			}
		}
		byKey[t] = append(byKey[t], i)
	}
	slices.SortFunc(values, func(a, b any) int { return compareText(a.(string), b.(string)) })
	values = slices.Compact(values)
	for chunk := range slices.Chunk(values, manyChunk) {
		rows, err := w.db.Table(table).Select(append([]string{"id"}, cols...)).Where(driver+" IN ?", chunk).Rows()
		if err != nil {
			return nil, fmt.Errorf("look up %d %s by natural key: %w", len(chunk), table, err)
		}
		if err := matchKeys(rows, cols, byKey, out); err != nil {
			return nil, fmt.Errorf("look up %s by natural key: %w", table, err)
		}
	}
	return out, nil
}

func compareText(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// matchKeys reads rows of (id, cols...) and gives each key whose values they equal the row's id.
func matchKeys(rows *sql.Rows, cols []string, byKey map[string][]int, out []int64) error {
	defer rows.Close()
	vals := make([]sql.NullString, len(cols))
	dest := []any{new(int64)}
	for i := range vals {
		dest = append(dest, &vals[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		t := keyText(cols, func(c string) (string, bool) {
			v := vals[slices.Index(cols, c)]
			return v.String, v.Valid
		})
		for _, i := range byKey[t] {
			if out[i] == 0 {
				out[i] = *dest[0].(*int64)
			}
		}
	}
	return rows.Err()
}

// keyText spells a key's values as one text: NULL apart from every string.
func keyText(cols []string, value func(string) (string, bool)) string {
	var b []byte
	for _, c := range cols {
		v, ok := value(c)
		if !ok {
			b = append(b, 0, 'N')
		} else {
			b = append(append(append(b, 0, 'V'), strconv.Itoa(len(v))...), v...)
		}
	}
	return string(b)
}

// valueText spells a key's value as the database gives it back as text; false for NULL.
func valueText(v any) (string, bool) {
	rv := reflect.ValueOf(v)
	for rv.IsValid() && rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "", false
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return "", false
	}
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), true
	}
	return fmt.Sprint(rv.Interface()), true
}

func uniqueIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// CreateMany inserts new rows (pointers to kinds' row types, RowID unset) as Create does, with
// new ids and version 1, and records their changes, in multi-row INSERTs: the rows of a kind in
// their order, bulkBatch a statement. It is the one place a bulk write goes through: what else a
// write keeps for its rows (derived data, an index) follows from here.
func (w *Tx) CreateMany(rows []any) error {
	byKind := map[*model.Kind][]any{}
	var kinds []*model.Kind
	for _, row := range rows {
		k, err := kindOfRow(row)
		if err != nil {
			return err
		}
		if _, ok := byKind[k]; !ok {
			kinds = append(kinds, k)
		}
		byKind[k] = append(byKind[k], row)
	}
	at := w.at.Format(time.RFC3339Nano)
	for _, k := range kinds {
		of := byKind[k]
		next, err := w.nextIDs(k, len(of))
		if err != nil {
			return err
		}
		typed := reflect.MakeSlice(reflect.SliceOf(reflect.PointerTo(k.Row)), 0, len(of))
		changes := make([]Change, 0, len(of))
		for i, row := range of {
			id := next + int64(i)
			v := reflect.ValueOf(row).Elem()
			v.FieldByName("RowID").SetInt(id)
			v.FieldByName("Version").SetInt(1)
			if err := w.place(row); err != nil {
				return err
			}
			typed = reflect.Append(typed, reflect.ValueOf(row))
			after, err := jsonOf(row)
			if err != nil {
				return err
			}
			changes = append(changes, Change{Seq: w.Seq(), NodeType: k.Type, NodeID: id, Op: OpCreate, Version: 1,
				Author: w.author, At: at, After: after})
			w.touched[k.Table] = append(w.touched[k.Table], id)
			w.noteGroups(nil, row)
		}
		if err := w.db.Table(k.Table).CreateInBatches(typed.Interface(), bulkBatch).Error; err != nil {
			return fmt.Errorf("create %d %s rows: %w", len(of), k.Type, err)
		}
		if err := w.db.CreateInBatches(changes, bulkBatch/2).Error; err != nil {
			return fmt.Errorf("record the creation of %d %s rows: %w", len(of), k.Type, err)
		}
	}
	return nil
}

// NaturalKeyText spells a natural key's values as one text, equal for two keys exactly when
// TakenMany would take them for the same: for maps of answers by key.
func NaturalKeyText(key map[string]any) string {
	cols := make([]string, 0, len(key))
	for c := range key {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	return strconv.Itoa(len(cols)) + keyText(cols, func(c string) (string, bool) { return valueText(key[c]) }) + "\x00" + fmt.Sprint(cols)
}
