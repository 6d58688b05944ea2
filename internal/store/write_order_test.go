package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// projectsOf returns the ids and versions of the first n projects.
func projectsOf(t *testing.T, db *sql.DB, n int) (ids []int64, versions []int) {
	t.Helper()
	rows, err := db.Query("SELECT id, version FROM projects ORDER BY id LIMIT ?", n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		ids, versions = append(ids, id), append(versions, v)
	}
	if len(ids) < n {
		t.Fatalf("%d projects, want %d", len(ids), n)
	}
	return ids, versions
}

// rename is a write that renames project id, at version, and runs hold before it returns.
func rename(id int64, version int, hold func()) func(*store.Tx) error {
	return func(w *store.Tx) error {
		row, err := w.Get(model.KindOfRow[model.Project](), id)
		if err != nil {
			return err
		}
		p := row.(*model.Project)
		p.Name += "（改）"
		if err := w.Update(p, version); err != nil {
			return err
		}
		hold()
		return nil
	}
}

// TestLongWriteDoesNotBlockShortOne holds the counter for the commit only: a write that is
// still at work (its project updated, its change recorded) does not hold up a short write of
// another project, which commits first and takes the smaller seq; the long one then takes the
// next. SQLite has one writer at a time, so there the short one waits, as it must.
func TestLongWriteDoesNotBlockShortOne(t *testing.T) {
	s := testdb.Open(t, store.MySQL)
	ctx := context.Background()
	ids, versions := projectsOf(t, testdb.SQL(t, s), 2)

	working, finish := make(chan struct{}), make(chan struct{})
	var long *store.Tx
	longDone := make(chan error, 1)
	go func() {
		longDone <- s.Write(ctx, "long", func(w *store.Tx) error {
			long = w
			return rename(ids[0], versions[0], func() {
				close(working)
				<-finish
			})(w)
		})
	}()
	<-working
	var short *store.Tx
	shortCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err := s.Write(shortCtx, "short", func(w *store.Tx) error { short = w; return rename(ids[1], versions[1], func() {})(w) })
	close(finish)
	if err != nil {
		t.Fatalf("the short write, while the long one works: %v", err)
	}
	if err := <-longDone; err != nil {
		t.Fatalf("the long write: %v", err)
	}
	if short.Seq() <= 0 || long.Seq() != short.Seq()+1 {
		t.Errorf("seqs: short %d, long %d; want the short one's first, the long one's next", short.Seq(), long.Seq())
	}
	if v, err := s.DataVersion(ctx); err != nil || v != long.Seq() {
		t.Errorf("data version %d (%v), want the last seq %d", v, err, long.Seq())
	}
	var got []int64
	var placeholders int
	if err := testdb.SQL(t, s).QueryRow("SELECT COUNT(*) FROM changes WHERE seq <= 0").Scan(&placeholders); err != nil || placeholders != 0 {
		t.Errorf("%d changes without their seq (%v)", placeholders, err)
	}
	rows, err := testdb.SQL(t, s).Query("SELECT node_id FROM changes WHERE seq IN (?, ?) ORDER BY seq, id", short.Seq(), long.Seq())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		got = append(got, id)
	}
	if len(got) != 2 || got[0] != ids[1] || got[1] != ids[0] {
		t.Errorf("the feed's changes at those seqs: projects %v, want [%d %d]", got, ids[1], ids[0])
	}
}

// TestSameRowWritesConflict runs two writes of the same project at the same version: the one
// that waits for the other's lock finds the version it wrote and gets CONFLICT, on both
// databases; neither error is anything else.
func TestSameRowWritesConflict(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		ctx := context.Background()
		ids, versions := projectsOf(t, testdb.SQL(t, s), 1)
		errs := make(chan error, 8)
		for range 8 {
			go func() { errs <- s.Write(ctx, "w", rename(ids[0], versions[0], func() {})) }()
		}
		var ok, conflicts int
		for range 8 {
			err := <-errs
			var ae *apperr.Error
			switch {
			case err == nil:
				ok++
			case errors.As(err, &ae) && ae.Code == apperr.Conflict:
				conflicts++
			default:
				t.Errorf("a write of the same version: %v, want success or CONFLICT", err)
			}
		}
		if ok != 1 || conflicts != 7 {
			t.Errorf("%d succeeded, %d got CONFLICT; want 1 and 7", ok, conflicts)
		}
	})
}
