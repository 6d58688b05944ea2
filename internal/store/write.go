package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/priority"
	"github.com/aidgraph/aidgraph/model"
)

// The operations a change records.
const (
	OpCreate  = "CREATE"
	OpUpdate  = "UPDATE"
	OpDelete  = "DELETE"
	OpRestore = "RESTORE"
)

// Tx is one write: a transaction that does its work first and takes its seq (the next data
// version) last, just before COMMIT (takeSeq), so that writes run side by side and queue only
// for the counter's row, one commit long, in the order they commit. Every change a Tx records
// carries that seq. Rows a write changes or deletes are locked (FOR UPDATE) when their version is
// checked, and rows it refers to are share-locked when read, so that no lost update and no
// reference to a row deleted meanwhile can commit.
type Tx struct {
	store       *Store
	db          *gorm.DB
	placeholder int64 // what Seq returns until the seq is taken: negative, this write's own
	seq         int64 // the seq, once taken
	handedOut   bool  // whether Seq handed out the placeholder, which the commit then replaces
	author      string
	at          time.Time
	pending     []*Change          // the changes recorded, written once the seq is known
	keys        []string           // the natural keys locked (lockKey), freed before the commit
	touched     map[string][]int64 // rows whose derived data must follow, by table
	written     map[string][]int64 // rows whose searched texts a write may have changed, by table: the search index follows them
	created     map[string][]int64 // rows a write created, by table: indexed without reading the index first
	projects    []projectChange    // the projects the write changed, for project_stats' deltas
}

// Write runs fn in one transaction as author (an API key's name). Whatever fn returns, an error
// rolls everything back: the rows, their changes and the data version.
//
// When the database reports a deadlock or a lock wait timeout (or two writes took the same new
// id), the whole transaction is run again, fn included, up to writeAttempts times: fn must
// keep nothing from one run to the next but what it returns. A write that still finds its rows
// locked gets CONFLICT; one that runs past its context's deadline, TIMEOUT.
func (s *Store) Write(ctx context.Context, author string, fn func(*Tx) error) error {
	defer forgetVersion(ctx) // what the request reads next, it reads after this write
	// It gives way to the reads running: before each attempt, holding no connection and no
	// lock, so that the writes waiting wait side by side, then, on MySQL, at each statement
	// (priority.go). SQLite's one writer runs one statement at a time anyway: there the first
	// wait is all.
	ctx = s.priority.Writing(ctx)
	for attempt := 1; ; attempt++ {
		var done *Tx
		s.priority.Wait(ctx)
		if err := s.takeWriteTurn(ctx); err != nil {
			return err
		}
		err := s.inTurn(ctx, func(db *gorm.DB) error {
			w := &Tx{store: s, db: db, placeholder: placeholderSeq(), author: author, at: time.Now().UTC(), touched: map[string][]int64{}, written: map[string][]int64{}, created: map[string][]int64{}}
			done = w
			if err := fn(w); err != nil {
				return err
			}
			if err := w.followDerived(); err != nil {
				return err
			}
			return w.commitSeq()
		})
		if err == nil {
			s.sessionCommitted(ctx, done.seq)
			s.committed(done.seq)
		}
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return writeError(ctx, err)
		}
		if attempt == writeAttempts {
			return apperr.New(apperr.Conflict, "", "other writes held the rows this one changes for too long: it was tried %d times; try again", attempt)
		}
		if err := backoff(ctx, attempt); err != nil {
			return err
		}
	}
}

// takeWriteTurn waits for this process's turn to write, on SQLite: its one writer is taken in
// the order the writes asked (a channel's waiters are woken first come, first served), where
// SQLite's own busy handler polls, and a write waiting there rarely wins the moment between an
// import's batches. Other processes still meet on SQLite's lock (busy_timeout).
func (s *Store) takeWriteTurn(ctx context.Context) error {
	if s.writeTurn == nil {
		return nil
	}
	select {
	case s.writeTurn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return writeError(ctx, fmt.Errorf("wait for the turn to write: %w", ctx.Err()))
	}
}

// inTurn runs fn in a transaction of the primary, holding the turn takeWriteTurn took until
// it ends, however it ends.
func (s *Store) inTurn(ctx context.Context, fn func(*gorm.DB) error) error {
	if s.writeTurn != nil {
		defer func() { <-s.writeTurn }()
	}
	return s.primary(ctx).Transaction(fn)
}

// commitSeq is a write's last work before COMMIT: it takes the seq and writes the changes with
// it, and gives it to any change written with the placeholder (Seq) before.
func (w *Tx) commitSeq() error {
	for keys := range slices.Chunk(w.keys, changeBatch) {
		if err := w.db.Exec("DELETE FROM write_keys WHERE k IN ?", keys).Error; err != nil {
			return fmt.Errorf("free the write's natural keys: %w", err)
		}
	}
	// From here the write holds the data version's row, which every write needs: no more
	// waiting for reads.
	priority.Finishing(w.db.Statement.Context)
	seq, err := takeSeq(w.db)
	if err != nil {
		return err
	}
	w.seq = seq
	for _, c := range w.pending {
		c.Seq = seq
	}
	if len(w.pending) > 0 {
		if err := w.db.CreateInBatches(w.pending, changeBatch).Error; err != nil {
			return fmt.Errorf("record the write's %d changes: %w", len(w.pending), err)
		}
	}
	if w.handedOut {
		if err := w.db.Exec("UPDATE changes SET seq = ? WHERE seq = ?", seq, w.placeholder).Error; err != nil {
			return fmt.Errorf("give the write's changes their seq: %w", err)
		}
	}
	return nil
}

// changeBatch is the number of changes one INSERT writes.
const changeBatch = 500

// Seq is the seq this write takes, once it has committed (Write has returned). Before, it is a
// placeholder, negative and this write's own, which no reader of the feed ever sees: a change
// written with it (by code that writes changes itself, not through the Tx's methods) gets the
// seq at the commit.
func (w *Tx) Seq() int64 {
	if w.seq != 0 {
		return w.seq
	}
	w.handedOut = true
	return w.placeholder
}

// kindOfRow returns the kind of a row written, or an error for a value that is no kind's row.
func kindOfRow(row any) (*model.Kind, error) {
	k, ok := model.KindOf(row)
	if !ok {
		return nil, fmt.Errorf("%T is no kind's row", row)
	}
	return k, nil
}

// Get reads the row of kind k with this id, as a pointer to k's row type, or ErrNotFound. A
// region kind's row must be of its level.
//
// The row stays share-locked until the commit: a write that refers to it reads it here, and no
// other write deletes or changes it before this one commits.
func (w *Tx) Get(k *model.Kind, id int64) (any, error) {
	return w.get(k, id, lockShare)
}

func (w *Tx) get(k *model.Kind, id int64, lock rowLock) (any, error) {
	row := reflect.New(k.Row).Interface()
	q := w.db.Table(k.Table).Where("id = ?", id)
	if dialectOf(w.db) == MySQL { // SQLite has one writer at a time: its rows need no locks
		q = q.Clauses(w.store.lockFor(lock))
	}
	if k.IsRegion() {
		q = q.Where("level = ?", k.Level)
	}
	err := q.Take(row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %d: %w", k.Type, id, err)
	}
	return row, nil
}

// Exists tells whether kind k has a row with this id.
func (w *Tx) Exists(k *model.Kind, id int64) (bool, error) {
	_, err := w.Get(k, id)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Taken returns the id of a row of table whose columns equal these values (a natural key), other
// than except, or 0 when there is none. A nil value matches NULL.
//
// On MySQL the key is locked first (lockKey) until the commit, so that no other write records
// it meanwhile.
func (w *Tx) Taken(table string, key map[string]any, except int64) (int64, error) {
	if except != 0 && w.store.dialect == MySQL {
		// The row being written is locked first, so that writes of one row queue on it, not
		// on its key (where InnoDB's inserts of one key deadlock three ways).
		var ids []int64
		if err := w.db.Table(table).Where("id = ?", except).Clauses(lockUpdate).Pluck("id", &ids).Error; err != nil {
			return 0, fmt.Errorf("lock %s %d: %w", table, except, err)
		}
	}
	if err := w.lockKey(table, key); err != nil {
		return 0, err
	}
	q := w.db.Table(table).Select("id").Where("id <> ?", except)
	for col, v := range key {
		rv := reflect.ValueOf(v)
		switch {
		case v == nil || (rv.Kind() == reflect.Pointer && rv.IsNil()):
			q = q.Where(col + " IS NULL")
		case w.db.Dialector.Name() == "mysql" && reflect.Indirect(rv).Kind() == reflect.String:
			// MySQL's utf8mb4_unicode_ci takes LATIN for Latin and every rare character
			// (CJK Extension B, common in village names) for every other: names are the same
			// only when their characters are.
			q = q.Where(col+" COLLATE utf8mb4_bin = ?", v)
		default:
			q = q.Where(col+" = ?", v)
		}
	}
	var ids []int64
	if err := q.Limit(1).Pluck("id", &ids).Error; err != nil {
		return 0, fmt.Errorf("look up %s by natural key: %w", table, err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// Create inserts row (a pointer to a kind's row type, RowID unset) with a new id and version 1,
// and records the change.
func (w *Tx) Create(row any) error {
	k, err := kindOfRow(row)
	if err != nil {
		return err
	}
	id, err := w.nextID(k)
	if err != nil {
		return err
	}
	v := reflect.ValueOf(row).Elem()
	v.FieldByName("RowID").SetInt(id)
	v.FieldByName("Version").SetInt(1)
	if err := w.place(row); err != nil {
		return err
	}
	if err := w.db.Table(k.Table).Create(row).Error; err != nil {
		return fmt.Errorf("create %s: %w", k.Type, err)
	}
	return w.record(k, id, OpCreate, 1, nil, row)
}

// nextID returns an id no row of the kind's table has had: past the largest in the table and in
// the changes (a deleted row's id stays its own, so that it can be restored).
func (w *Tx) nextID(k *model.Kind) (int64, error) { return w.nextIDs(k, 1) }

// nextIDs returns the first of n new ids in a row for rows of kind k.
func (w *Tx) nextIDs(k *model.Kind, n int) (int64, error) {
	var ids struct{ MaxRow, MaxChange *int64 }
	err := w.db.Raw("SELECT (SELECT MAX(id) FROM "+k.Table+") AS max_row, (SELECT MAX(node_id) FROM changes WHERE node_type IN ?) AS max_change",
		typesOf(k.Table)).Scan(&ids).Error
	if err != nil {
		return 0, fmt.Errorf("next %s id: %w", k.Type, err)
	}
	taken := max(deref(ids.MaxRow), deref(ids.MaxChange))
	if w.store.dialect != MySQL {
		return taken + 1, nil // one writer at a time: nobody else takes it before the commit
	}
	return w.store.takeIDs(w.db.Statement.Context, k.Table, taken, n)
}

// typesOf lists the GraphQL types whose rows live in table.
func typesOf(table string) []string {
	var out []string
	for _, k := range model.Kinds() {
		if k.Table == table {
			out = append(out, k.Type)
		}
	}
	return out
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// Update replaces the row with row's id by row, if its version is still version; otherwise it
// returns a VersionConflict with the current one. The row's version becomes the next.
func (w *Tx) Update(row any, version int) error {
	k, err := kindOfRow(row)
	if err != nil {
		return err
	}
	v := reflect.ValueOf(row).Elem()
	id := v.FieldByName("RowID").Int()
	before, err := w.current(k, id, version)
	if err != nil {
		return err
	}
	v.FieldByName("Version").SetInt(int64(version + 1))
	if err := w.place(row); err != nil {
		return err
	}
	if err := w.db.Table(k.Table).Where("id = ?", id).Select("*").Omit("id").Updates(row).Error; err != nil {
		return fmt.Errorf("update %s %d: %w", k.Type, id, err)
	}
	if err := w.followParty(k, row); err != nil {
		return err
	}
	return w.record(k, id, OpUpdate, version+1, before, row)
}

// current reads the row a client means to change and checks the version it read.
// The row stays locked until the commit: a write that changes it at the same time waits, then
// finds the version this one wrote, and gets CONFLICT.
func (w *Tx) current(k *model.Kind, id int64, version int) (any, error) {
	row, err := w.get(k, id, lockUpdate)
	if errors.Is(err, ErrNotFound) {
		return nil, apperr.New(apperr.NotFound, "id", "no %s has this id (it may have been deleted)", k.Type)
	}
	if err != nil {
		return nil, err
	}
	if cur := int(reflect.ValueOf(row).Elem().FieldByName("Version").Int()); cur != version {
		return nil, &apperr.VersionConflict{Current: cur, Err: apperr.New(apperr.Conflict, "version",
			"%s was changed since version %d was read: it is at version %d now; read it again and reapply the change", k.Type, version, cur)}
	}
	return row, nil
}

// Delete removes the row of kind k with this id, if its version is still version and nothing
// refers to it. The row lives on in its DELETE change, from which Restore brings it back.
func (w *Tx) Delete(k *model.Kind, id int64, version int) error {
	before, err := w.current(k, id, version)
	if err != nil {
		return err
	}
	if err := w.unreferenced(k, id); err != nil {
		return err
	}
	if k.IsRegion() {
		// A village is its own village_id: MySQL checks that foreign key before the row goes.
		if err := w.db.Table(k.Table).Where("id = ?", id).Update("village_id", nil).Error; err != nil {
			return fmt.Errorf("delete %s %d: %w", k.Type, id, err)
		}
	}
	if err := w.db.Table(k.Table).Where("id = ?", id).Delete(before).Error; err != nil {
		return fmt.Errorf("delete %s %d: %w", k.Type, id, err)
	}
	return w.record(k, id, OpDelete, version, before, nil)
}

// Restore re-inserts a deleted row as its last DELETE change holds it, with the next version,
// if check (the rules a row must obey now, such as its natural keys) lets it.
func (w *Tx) Restore(k *model.Kind, id int64, check func(row any) error) (any, error) {
	last, err := w.lastChange(k, id)
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && last.Op != OpDelete) || (err == nil && last.Before == nil) {
		return nil, apperr.New(apperr.NotFound, "id", "no deleted %s has this id", k.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("find %s %d's deletion: %w", k.Type, id, err)
	}
	row := reflect.New(k.Row).Interface()
	if err := json.Unmarshal([]byte(*last.Before), row); err != nil {
		return nil, fmt.Errorf("read deleted %s %d: %w", k.Type, id, err)
	}
	if err := w.referencesExist(row); err != nil {
		return nil, err
	}
	if err := check(row); err != nil {
		return nil, err
	}
	reflect.ValueOf(row).Elem().FieldByName("Version").SetInt(int64(last.Version + 1))
	if err := w.db.Table(k.Table).Create(row).Error; err != nil {
		return nil, fmt.Errorf("restore %s %d: %w", k.Type, id, err)
	}
	return row, w.record(k, id, OpRestore, last.Version+1, nil, row)
}

// lastChange returns the latest change of row id of kind k, this write's own included: those
// still waiting for the seq (pending), then those written with the placeholder, then the feed.
func (w *Tx) lastChange(k *model.Kind, id int64) (*Change, error) {
	for i := len(w.pending) - 1; i >= 0; i-- {
		if c := w.pending[i]; c.NodeType == k.Type && c.NodeID == id {
			return c, nil
		}
	}
	var last Change
	q := func() *gorm.DB {
		return w.db.Table("changes").Select("op, version, before_json").Where("node_type = ? AND node_id = ?", k.Type, id)
	}
	if w.handedOut {
		err := q().Where("seq = ?", w.placeholder).Order("id DESC").Limit(1).Take(&last).Error
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return &last, err
		}
	}
	err := q().Order("seq DESC, id DESC").Limit(1).Take(&last).Error
	return &last, err
}

// record writes a change and notes the row for its derived data.
func (w *Tx) record(k *model.Kind, id int64, op string, version int, before, after any) error {
	c := Change{NodeType: k.Type, NodeID: id, Op: op, Version: version, Author: w.author,
		At: w.at.Format(time.RFC3339Nano)}
	var err error
	if c.Before, err = jsonOf(before); err != nil {
		return err
	}
	if c.After, err = jsonOf(after); err != nil {
		return err
	}
	w.pending = append(w.pending, &c)
	if len(w.pending) == changeBatch {
		// A big write (an import) writes its changes as it goes, with the placeholder that the
		// commit replaces, so that they never all wait in memory.
		for _, c := range w.pending {
			c.Seq = w.Seq()
		}
		if err := w.db.Create(w.pending).Error; err != nil {
			return fmt.Errorf("record %d changes: %w", len(w.pending), err)
		}
		w.pending = w.pending[:0]
	}
	w.touched[k.Table] = append(w.touched[k.Table], id)
	switch {
	case op == OpCreate:
		w.created[k.Table] = append(w.created[k.Table], id)
	case !sameSearchedTexts(k.Table, before, after):
		w.written[k.Table] = append(w.written[k.Table], id)
	}
	w.noteGroups(before, after)
	return nil
}

func jsonOf(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode change: %w", err)
	}
	s := string(b)
	return &s, nil
}

// place puts a division written in its place in the tree: its path and its ancestors follow
// from its parent's, which writes never change (only villages are written, and they have no
// children that are written before them).
func (w *Tx) place(row any) error {
	d, ok := row.(*model.Division)
	if !ok || d.ParentID == nil {
		return nil
	}
	var parent model.Division
	if err := w.db.Where("id = ?", *d.ParentID).Take(&parent).Error; err != nil {
		return fmt.Errorf("read parent of division %d: %w", d.RowID, err)
	}
	d.Path = parent.Path + strconv.FormatInt(d.RowID, 10) + "/"
	d.SetAncestors(&parent)
	return nil
}
