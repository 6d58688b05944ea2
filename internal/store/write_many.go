package store

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/model"
)

// The set-based half of a write, for a bulk import: what Exists, Taken and Get answer one row at
// a time, for a batch of rows in a statement or a few, and Create for many rows in multi-row
// INSERTs. They run in the write's transaction like the rest, and keep what Create keeps: ids,
// versions, the changes, ancestor copies and project_stats (followDerived, at the end).

// manyChunk is the number of ids one statement names: far below the drivers' placeholder caps,
// and below MariaDB's in_predicate_conversion_threshold (1,000), at which an IN list becomes a
// join with a table of values that the optimizer may read the whole table for.
const manyChunk = 500

// keyChunk is the number of natural keys one statement looks up by an index that is not unique
// (a name): below MariaDB's and MySQL's eq_range_index_dive_limit (200), past which the optimizer
// estimates the IN list's rows from the index's statistics instead of looking, and on the
// national data chose to read the whole table for each statement (an import's cost grew with
// the table: 200-800 ms a statement). Where the statement names its index (keyIndexes), the
// optimizer cannot choose the whole table, and indexedChunk keys go in one statement.
const keyChunk = 100

// indexedChunk is the number of keys or ids one statement names on MySQL when it names the index
// to read them by (FORCE INDEX): an import's batch in one statement. MariaDB turns such a list
// (past in_predicate_conversion_threshold) into a table of values joined to the index, one
// lookup a value, which the named index keeps it to.
const indexedChunk = 2000

// keyIndexes are the indexes on the columns natural keys are looked up by (migration 00016), by
// table and column: on MySQL a lookup names its index (FORCE INDEX), whatever the statistics of
// a table an import is growing say.
var keyIndexes = map[string]string{
	"schools.name": "schools_name", "hospitals.name": "hospitals_name",
	"projects.name": "projects_name", "collectives.name": "collectives_name",
}

// keyLookup is the table expression and the chunk of a natural-key lookup of table by column.
func (w *Tx) keyLookup(table, column string) (string, int) {
	if index, ok := keyIndexes[table+"."+column]; ok && w.store.dialect == MySQL {
		return "`" + table + "` FORCE INDEX (" + index + ")", indexedChunk
	}
	return table, keyChunk
}

// idLookup is the table expression and the chunk of a lookup of table by id.
func (w *Tx) idLookup(table string) (string, int) {
	if w.store.dialect == MySQL {
		return "`" + table + "` FORCE INDEX (PRIMARY)", indexedChunk
	}
	return table, manyChunk
}

// ExistingIDs returns which of ids kind k has rows for.
func (w *Tx) ExistingIDs(k *model.Kind, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	from, per := w.idLookup(k.Table)
	for chunk := range slices.Chunk(uniqueIDs(ids), per) {
		q := w.db.Table(from).Where("id IN ?", chunk)
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

// keyDrivers are the columns a natural key is looked up by, best first: each has an index
// (migration 00016) and sets keys apart.
var keyDrivers = []string{"name", "url", "title", "quote", "code"}

// RowsByKey answers Taken for many natural keys of kind k, all with the same columns, and reads
// the rows it finds in the same statements: the id of a row whose columns equal each key's
// values (exactly, as Taken compares them), or 0, and the rows, as pointers to k's row type, by
// id. It reads the rows whose first indexed column is among the keys', a chunk a statement, and
// compares the rest in Go: a batch's keys found and their rows read in a few statements, which
// is all a second run of an unchanged import asks of the database besides its references.
func (w *Tx) RowsByKey(k *model.Kind, keys []map[string]any) ([]int64, map[int64]any, error) {
	out, rows := make([]int64, len(keys)), map[int64]any{}
	if len(keys) == 0 {
		return out, rows, nil
	}
	cols := slices.Sorted(maps.Keys(keys[0]))
	driver := cols[0]
	for _, d := range keyDrivers {
		if _, ok := keys[0][d]; ok {
			driver = d
			break
		}
	}
	sch, err := schemaOf(k.Row)
	if err != nil {
		return nil, nil, fmt.Errorf("map %s onto columns: %w", k.Type, err)
	}
	fields := make([][]int, len(cols))
	for i, c := range cols {
		f, ok := sch.FieldsByDBName[c]
		if !ok {
			return nil, nil, fmt.Errorf("look up %s by natural key: no column %s", k.Type, c)
		}
		fields[i] = f.StructField.Index
	}
	byKey := map[string][]int{} // a key's values as text: the keys that have them
	var values []string
	for i, key := range keys {
		t := keyText(cols, func(c string) (string, bool) { return valueText(key[c]) })
		if len(byKey[t]) == 0 {
			if v, ok := valueText(key[driver]); ok {
				values = append(values, v)
			}
		}
		byKey[t] = append(byKey[t], i)
	}
	slices.Sort(values)
	values = slices.Compact(values)
	from, per := w.keyLookup(k.Table, driver)
	for chunk := range slices.Chunk(values, per) {
		found := reflect.New(reflect.SliceOf(reflect.PointerTo(k.Row)))
		if err := w.db.Table(from).Where(driver+" IN ?", chunk).Find(found.Interface()).Error; err != nil {
			return nil, nil, fmt.Errorf("look up %d %s by natural key: %w", len(chunk), k.Type, err)
		}
		for i := range found.Elem().Len() {
			row := found.Elem().Index(i)
			v := row.Elem()
			t := keyText(cols, func(c string) (string, bool) {
				return valueText(v.FieldByIndex(fields[slices.Index(cols, c)]).Interface())
			})
			id := v.FieldByName("RowID").Int()
			for _, i := range byKey[t] {
				if out[i] == 0 {
					out[i] = id
					rows[id] = row.Interface()
				}
			}
		}
	}
	return out, rows, nil
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
// their order, as many a statement as insertParams allows. The copies of their region's
// ancestors that rows of some tables keep are written in the same INSERT, from one read of the
// batch's regions, not by a second pass. It is the one place a bulk write goes through: what
// else a write keeps for its rows (derived data, an index) follows from here.
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
		ins, err := newRowInsert(k)
		if err != nil {
			return err
		}
		var ancestors map[int64][4]*int64
		if ins.ancestors {
			if ancestors, err = w.regionAncestors(of); err != nil {
				return err
			}
		}
		values := make([][]any, 0, len(of))
		changes := make([][]any, 0, len(of))
		for i, row := range of {
			id := next + int64(i)
			v := reflect.ValueOf(row).Elem()
			v.FieldByName("RowID").SetInt(id)
			v.FieldByName("Version").SetInt(1)
			if err := w.place(row); err != nil {
				return err
			}
			values = append(values, ins.values(v, ancestors))
			after, err := jsonOf(row)
			if err != nil {
				return err
			}
			changes = append(changes, []any{w.Seq(), k.Type, id, OpCreate, 1, w.author, at, nil, *after})
			if !ins.ancestors {
				w.touched[k.Table] = append(w.touched[k.Table], id)
			}
			w.written[k.Table] = append(w.written[k.Table], id)
			w.noteGroups(nil, row)
		}
		if err := insertRows(w.db, k.Table, ins.columns, values); err != nil {
			return fmt.Errorf("create %d %s rows: %w", len(of), k.Type, err)
		}
		if err := insertRows(w.db, "changes", changeColumns, changes); err != nil {
			return fmt.Errorf("record the creation of %d %s rows: %w", len(of), k.Type, err)
		}
	}
	return nil
}

// changeColumns are the columns of a change CreateMany writes (its id is the table's).
var changeColumns = []string{"seq", "node_type", "node_id", "op", "version", "author", "at", "before_json", "after_json"}

// ancestorColumns are the copies of a region's ancestors that the rows of ancestorTables keep.
var ancestorColumns = []string{"province_id", "city_id", "county_id", "township_id"}

// rowInsert is how CreateMany writes the rows of one kind: the columns GORM would write for
// them, then, for the tables that keep them, the copies of their region's ancestors.
type rowInsert struct {
	columns   []string
	fields    [][]int // each column's field, by index
	region    []int   // the region_id field, for ancestors
	ancestors bool
}

func newRowInsert(k *model.Kind) (*rowInsert, error) {
	sch, err := schemaOf(k.Row)
	if err != nil {
		return nil, fmt.Errorf("map %s onto columns: %w", k.Type, err)
	}
	ins := &rowInsert{}
	for _, f := range sch.Fields {
		if f.DBName == "" || !f.Creatable {
			continue
		}
		if f.Serializer != nil {
			return nil, fmt.Errorf("create many %s rows: field %s is serialized, which CreateMany does not do", k.Type, f.Name)
		}
		ins.columns = append(ins.columns, f.DBName)
		ins.fields = append(ins.fields, f.StructField.Index)
		if f.DBName == "region_id" {
			ins.region = f.StructField.Index
		}
	}
	if hasAncestors(k.Table) {
		if ins.region == nil {
			return nil, fmt.Errorf("create many %s rows: no region_id to copy ancestors from", k.Type)
		}
		ins.ancestors = true
		ins.columns = append(ins.columns, ancestorColumns...)
	}
	return ins, nil
}

// values are one row's values, in the order of columns.
func (ins *rowInsert) values(v reflect.Value, ancestors map[int64][4]*int64) []any {
	out := make([]any, 0, len(ins.columns))
	for _, f := range ins.fields {
		out = append(out, v.FieldByIndex(f).Interface())
	}
	if ins.ancestors {
		a := ancestors[regionOf(v.FieldByIndex(ins.region))]
		out = append(out, a[0], a[1], a[2], a[3])
	}
	return out
}

// regionOf reads a region_id field (int64 or *int64); 0 for none.
func regionOf(f reflect.Value) int64 {
	if f.Kind() == reflect.Pointer {
		if f.IsNil() {
			return 0
		}
		f = f.Elem()
	}
	return f.Int()
}

// regionAncestors reads the ancestors of the regions rows are in, in a statement per manyChunk
// regions: what copyAncestors would copy onto them.
func (w *Tx) regionAncestors(rows []any) (map[int64][4]*int64, error) {
	var ids []int64
	for _, row := range rows {
		if id := regionOf(reflect.ValueOf(row).Elem().FieldByName("RegionID")); id != 0 {
			ids = append(ids, id)
		}
	}
	out := map[int64][4]*int64{}
	for chunk := range slices.Chunk(uniqueIDs(ids), manyChunk) {
		var found []struct {
			ID                                       int64
			ProvinceID, CityID, CountyID, TownshipID *int64
		}
		if err := w.db.Table("regions").Select("id, province_id, city_id, county_id, township_id").Where("id IN ?", chunk).Scan(&found).Error; err != nil {
			return nil, fmt.Errorf("read the ancestors of %d regions: %w", len(chunk), err)
		}
		for _, r := range found {
			out[r.ID] = [4]*int64{r.ProvinceID, r.CityID, r.CountyID, r.TownshipID}
		}
	}
	return out, nil
}

// insertParams bounds the values one multi-row INSERT binds. The SQLite driver binds each of a
// statement's parameters by a search of its arguments (quadratic in their number: at 15,000, a
// 1,000-row INSERT spent most of its time there), and its engine runs in the process, so small
// statements cost it little; MySQL pays a round trip a statement.
func insertParams(db *gorm.DB) int {
	if db.Dialector.Name() == "sqlite" {
		return 400
	}
	return 12000
}

// insertRows writes rows of values for columns into table, in multi-row INSERTs of at most
// insertParams values each.
func insertRows(db *gorm.DB, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, insertParams(db)/len(columns))
	tuple := "(" + strings.Repeat("?,", len(columns)-1) + "?)"
	head := "INSERT INTO `" + table + "` (`" + strings.Join(columns, "`, `") + "`) VALUES "
	for chunk := range slices.Chunk(rows, per) {
		var q strings.Builder
		q.Grow(len(head) + len(chunk)*(len(tuple)+1))
		q.WriteString(head)
		args := make([]any, 0, len(chunk)*len(columns))
		for i, r := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString(tuple)
			args = append(args, r...)
		}
		if err := db.Exec(q.String(), args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// NaturalKeyText spells a natural key's values as one text, equal for two keys exactly when
// RowsByKey would take them for the same: for maps of answers by key.
func NaturalKeyText(key map[string]any) string {
	cols := make([]string, 0, len(key))
	for c := range key {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	return strconv.Itoa(len(cols)) + keyText(cols, func(c string) (string, bool) { return valueText(key[c]) }) + "\x00" + strings.Join(cols, ",")
}
