package store

import "context"

// A family is the rows of one table that one statement read: a page, the pages of many parents,
// the rows loaded by id in one round. GraphQL asks the same fields of every item of a list, so
// what a client asks of one row (its projects, its funder) it asks of its siblings too: reading
// it for the whole family at once costs one statement, with no wait for the siblings to ask.
type family struct {
	ids  []int64
	rows any // []*T
}

type rowKey struct {
	table string
	id    int64
}

// remember records rows as one family, for the rest of the request.
func remember[T any, P Keyed[T]](ctx context.Context, rows []*T) {
	ss := sessionOf(ctx)
	if ss == nil || len(rows) == 0 {
		return
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = P(r).PK()
	}
	ss.remember(tableOf[T](), &family{ids: ids, rows: rows})
}

// remember records f as the family of its rows of table. A row read again by a later statement
// (a figure on a page that is also another's partOf) keeps its first family: were the later one
// to replace it, what is asked of the row would be read with one set of siblings or another
// depending on which statement finished first, and cost a statement more or less.
func (ss *session) remember(table string, f *family) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	byID := ss.families[table]
	if byID == nil {
		// Sized for the first family, often the table's only one (a nested page's rows), so
		// that the map is not grown and copied as it fills.
		byID = make(map[int64]*family, len(f.ids))
		ss.families[table] = byID
	}
	for _, id := range f.ids {
		if _, known := byID[id]; !known {
			byID[id] = f
		}
	}
}

// familyOf returns the family of the row of table with this id, or nil if none is known.
func familyOf(ctx context.Context, table string, id int64) *family {
	ss := sessionOf(ctx)
	if ss == nil {
		return nil
	}
	return ss.familyOf(table, id)
}

func (ss *session) familyOf(table string, id int64) *family {
	if table == "" {
		return nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.families[table][id]
}

// siblings returns the rows read in the same statement as row, row included, or nil when the
// request did not read it through the store.
func siblings[T any, P Keyed[T]](ctx context.Context, row *T) []*T {
	f := familyOf(ctx, tableOf[T](), P(row).PK())
	if f == nil {
		return nil
	}
	rows, _ := f.rows.([]*T)
	return rows
}

// expect records that the rows of table with these ids are about to be asked for one at a time,
// by the items of one list that no statement of the store read as rows (the programs and
// regions that aggregate groups name, the objects that search hits point at). The first of
// them to be read is read with all the others, as a row's siblings are: the executor marshals a
// list's items one after another, so a batch that waited for the next item's key would wait in
// vain, and read each row by a statement of its own.
func expect(ctx context.Context, table string, ids []int64) {
	ss := sessionOf(ctx)
	if ss == nil || len(ids) == 0 {
		return
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for _, id := range ids {
		if _, known := ss.expected[rowKey{table, id}]; !known {
			ss.expected[rowKey{table, id}] = ids
		}
	}
}

// expectedWith returns the ids expected with the row of table with this id, or nil if none are.
func (ss *session) expectedWith(table string, id int64) func() []int64 {
	ss.mu.Lock()
	ids, ok := ss.expected[rowKey{table, id}]
	ss.mu.Unlock()
	if !ok {
		return nil
	}
	return func() []int64 { return ids }
}
