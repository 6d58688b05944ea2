package edit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/csvguard"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// Record is one row of an import file: the type it records and its fields, by the input's
// field names (regionId, sourceId, ...).
type Record struct {
	Line   int // where it starts in the file, for the report
	Type   string
	Fields map[string]any
}

// Report says what an import did, or would do.
type Report struct {
	Created, Unchanged int
	Errors             apperr.List // one per broken rule, each naming its line and field
}

// errDryRun rolls back a dry run after every row was checked and written, and an import that
// found nothing to write.
var errDryRun = errors.New("dry run")

// importers check one record of each type that can be imported (model.ImportableKinds, which
// TestImportersAreTheImportableKinds holds them to): each returns the row to create, or nil when
// the row is broken (its errors are on the checker) or already recorded as it is.
var importers = map[string]importerOf{
	model.TypeSchool:   importer(func(c *checker, in model.SchoolInput, id int64) any { return c.school(in, id) }),
	model.TypeHospital: importer(func(c *checker, in model.HospitalInput, id int64) any { return c.hospital(in, id) }),
	model.TypeProject:  importer(func(c *checker, in model.ProjectInput, id int64) any { return c.project(in, id) }),
	model.TypeFigure:   importer(func(c *checker, in model.FigureInput, id int64) any { return c.figure(in, id) }),
	model.TypeSource:   importer(func(c *checker, in model.SourceInput, id int64) any { return c.source(in, id) }),
}

// importer decodes a record into the type's input and checks it. A row whose natural key is
// already recorded is the same row when all its fields agree: the import leaves it alone, so
// that running a file twice changes nothing.
func importer[In any](build func(*checker, In, int64) any) importerOf {
	return importerOf{
		input: reflect.TypeFor[In](),
		decode: func(raw json.RawMessage) (any, error) {
			var in In
			err := json.Unmarshal(raw, &in)
			return in, err
		},
		check: func(c *checker, input any) (any, error) {
			in := input.(In)
			n := len(c.errs)
			row := build(c, in, 0)
			if id := c.duplicateOf(n); id != 0 {
				c.errs = c.errs[:n]
				same, err := c.sameAs(build(c, in, id), id)
				return nil, verdict(err, same, c, id)
			}
			return row, nil
		},
	}
}

// importerOf reads a record of one type as that type's input (decode, from the record's fields
// as JSON) and checks it.
type importerOf struct {
	input  reflect.Type
	decode func(json.RawMessage) (any, error)
	check  func(*checker, any) (any, error)
}

// ImportFile reads a CSV (UTF-8, with or without a byte-order mark, a header row naming the
// fields and a type column) or JSON file (an array of objects with a "type") and imports it. The
// file is read twice, a batch of rows at a time (a reader that cannot seek is copied to a
// temporary file first), so an import holds one batch, whatever the file's length.
func (e *Editor) ImportFile(ctx context.Context, author string, r io.Reader, dryRun bool) (Report, error) {
	rs, ok := r.(io.ReadSeeker)
	if !ok {
		f, err := os.CreateTemp("", "aidgraph-import-*")
		if err != nil {
			return Report{}, fmt.Errorf("keep the import file: %w", err)
		}
		defer os.Remove(f.Name())
		defer f.Close()
		if _, err := io.Copy(f, r); err != nil {
			return Report{}, fmt.Errorf("read import file: %w", err)
		}
		rs = f
	}
	start, err := rs.Seek(0, io.SeekCurrent)
	if err != nil {
		return Report{}, fmt.Errorf("read import file: %w", err)
	}
	return e.importFrom(ctx, author, func(yield func(Record) error) error {
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			return fmt.Errorf("read import file: %w", err)
		}
		return readRecords(rs, yield)
	}, dryRun)
}

// Import checks and writes records as ImportFile does a file's.
func (e *Editor) Import(ctx context.Context, author string, recs []Record, dryRun bool) (Report, error) {
	return e.importFrom(ctx, author, func(yield func(Record) error) error {
		for _, rec := range recs {
			if err := yield(rec); err != nil {
				return err
			}
		}
		return nil
	}, dryRun)
}

// records hands each of an import's records to yield, in order, and can be run again from the
// start; it returns an apperr.List of the cells that could not be read (they are left out of
// the records), or the first error yield returns.
type records func(yield func(Record) error) error

// importFrom checks every record first and writes nothing unless all are good; then it writes
// the new rows a batch at a time (importBatch), each batch in a transaction of its own (its
// rows checked again in it, its reads set-based, its rows and their changes in multi-row
// INSERTs by store.Tx.CreateMany, one seq), so that API writes and other imports take their
// turns between batches instead of waiting for the whole file, on SQLite's one writer too. A
// batch that fails (a row that another write made wrong since the check, or the database) stops
// the import: the batches before it stay written, each whole with its changes, and a second run
// of the file writes the rest (rows already written are left alone).
func (e *Editor) importFrom(ctx context.Context, author string, each records, dryRun bool) (Report, error) {
	var rep Report
	toWrite := 0
	err := inBatches(each, func(batch []Record) error {
		var rows, unchanged int
		var errs apperr.List
		err := e.Store.Write(ctx, author, func(tx *store.Tx) error {
			new, same, broken, err := checkBatch(tx, batch)
			if err != nil {
				return err
			}
			rows, unchanged, errs = len(new), same, broken
			return errDryRun // the check writes nothing
		})
		if !errors.Is(err, errDryRun) {
			return err
		}
		toWrite += rows
		rep.Unchanged += unchanged
		rep.Errors = append(rep.Errors, errs...)
		return nil
	})
	var list apperr.List
	switch {
	case errors.As(err, &list):
		return Report{Errors: list}, nil // cells that are not UTF-8: each is reported, nothing written
	case err != nil:
		return Report{}, err
	case len(rep.Errors) > 0:
		return rep, nil
	case dryRun || toWrite == 0:
		rep.Created = toWrite
		return rep, nil
	}
	rep = Report{}
	analyzeAt, grown := 1, map[string]bool{} // the planner's statistics follow the tables as they grow
	err = inBatches(each, func(batch []Record) error {
		var created, unchanged int
		var tables []string
		start := time.Now()
		err := e.Store.Write(ctx, author, func(tx *store.Tx) error {
			rows, same, errs, err := checkBatch(tx, batch)
			if err != nil {
				return err
			}
			if len(errs) > 0 {
				return errs
			}
			created, unchanged, tables = len(rows), same, tablesOf(rows)
			if len(rows) == 0 {
				return errDryRun // nothing to keep: not even the data version moves
			}
			return tx.CreateMany(rows)
		})
		if err != nil && !errors.Is(err, errDryRun) {
			return err
		}
		if created > 0 {
			if err := e.pause(ctx, time.Since(start)); err != nil {
				return err
			}
		}
		rep.Created += created
		rep.Unchanged += unchanged
		for _, t := range tables {
			grown[t] = true
		}
		if rep.Created >= analyzeAt*importBatch {
			analyzeAt *= 2
			return e.Store.Analyze(ctx, slices.Sorted(maps.Keys(grown))...)
		}
		return nil
	})
	if err == nil {
		err = e.Store.Analyze(ctx, slices.Sorted(maps.Keys(grown))...)
	}
	switch {
	case errors.As(err, &list):
		rep.Errors = list
		return rep, nil
	case err != nil && rep.Created > 0:
		return rep, fmt.Errorf("the import stopped after writing %d row(s), each batch whole with its changes: run it again to write the rest: %w", rep.Created, err)
	case err != nil:
		return Report{}, err
	}
	return rep, nil
}

// DefaultImportPace is the import command's ImportPace: after a batch whose writes took 100 ms,
// the import waits 50 ms. Its writes (the rows' INSERTs, their changes, the commit's flush) then
// take two thirds of the database's time at most, not all of it, and the API's reads meet them
// less often; 100,000 new schools take about half as long again. The checks, which read a few
// statements a batch, and batches that write nothing, as a second run's, do not wait.
const DefaultImportPace = 0.5

// MaxImportPace bounds ImportPace: past it an import of 100,000 rows would take most of an hour.
const MaxImportPace = 10

// pause waits e.ImportPace times took, the time a batch's write took (or until ctx ends): an
// import leaves that share of the time to the API's readers and writers, between its batches,
// whichever database it writes to.
func (e *Editor) pause(ctx context.Context, took time.Duration) error {
	if e.ImportPace <= 0 {
		return nil
	}
	t := time.NewTimer(time.Duration(float64(took) * min(e.ImportPace, MaxImportPace)))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// tablesOf names the tables rows go to.
func tablesOf(rows []any) []string {
	var out []string
	for _, row := range rows {
		if k, ok := model.KindOf(row); ok && !slices.Contains(out, k.Table) {
			out = append(out, k.Table)
		}
	}
	return out
}

// inBatches hands the records to fn importBatch at a time; an apperr.List of unreadable cells
// comes after every batch has been handed over.
func inBatches(each records, fn func([]Record) error) error {
	batch := make([]Record, 0, importBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := fn(batch)
		batch = batch[:0]
		return err
	}
	var stop error
	err := each(func(rec Record) error {
		batch = append(batch, rec)
		if len(batch) < importBatch {
			return nil
		}
		stop = flush()
		return stop
	})
	if stop != nil {
		return stop
	}
	if err2 := flush(); err2 != nil {
		return err2
	}
	return err
}

// checkBatch checks a batch of records in tx: what the checks read is asked first, answered in a
// few set-based statements, then the checks run on the answers. It returns the rows to create,
// how many records are recorded as they are, and the rules the others break.
func checkBatch(tx *store.Tx, batch []Record) (rows []any, unchanged int, errs apperr.List, err error) {
	look := newBatchLookup(tx)
	inputs := make([]any, len(batch)) // each record decoded as its input, once for both passes
	for i, rec := range batch {       // what the checks will read, answered below in a few statements
		c := &checker{tx: tx, look: look, path: fmt.Sprintf("line %d", rec.Line)}
		_, inputs[i] = importOne(c, rec, nil)
		if c.dbErr != nil {
			return nil, 0, nil, c.dbErr
		}
	}
	if err := look.fetch(); err != nil {
		return nil, 0, nil, err
	}
	for i, rec := range batch {
		c := &checker{tx: tx, look: look, path: fmt.Sprintf("line %d", rec.Line)}
		row, _ := importOne(c, rec, inputs[i])
		if c.dbErr != nil {
			return nil, 0, nil, c.dbErr
		}
		errs = append(errs, c.errs...)
		if row != nil {
			rows = append(rows, row)
		} else if len(c.errs) == 0 {
			unchanged++
		}
	}
	return rows, unchanged, errs, nil
}

// importOne checks one record, as in (its fields decoded as its type's input; nil: decode them
// from rec): it returns the row to create, or nil, and the input, or nil if the record cannot be
// read as one.
func importOne(c *checker, rec Record, in any) (any, any) {
	imp, ok := importers[rec.Type]
	if !ok {
		c.errs.Add(apperr.InvalidArgument, c.path+".type", "type %q cannot be imported: %s", rec.Type, model.TypeList(model.ImportableKinds(), "or"))
		return nil, nil
	}
	if in == nil {
		raw, err := json.Marshal(rec.Fields)
		if err == nil {
			in, err = imp.decode(raw)
		}
		if err != nil {
			c.errs.Add(apperr.InvalidArgument, c.path, "cannot read the row: %v", err)
			return nil, nil
		}
	}
	row, err := imp.check(c, in)
	if err != nil {
		c.dbErr = err
	}
	return row, in
}

// duplicateOf returns the id of the row that has this input's natural key, when that is the
// only rule broken since the n-th error.
func (c *checker) duplicateOf(n int) int64 {
	if len(c.errs) != n+1 || c.errs[n].Code != apperr.AlreadyExists {
		return 0
	}
	return c.existing
}

// sameAs tells whether row, built with id, is what is recorded under id.
func (c *checker) sameAs(row any, id int64) (bool, error) {
	k, ok := model.KindOf(row)
	if !ok {
		return false, fmt.Errorf("%T is no kind's row", row)
	}
	have, err := c.read().Get(k, id)
	if err != nil {
		return false, err
	}
	reflect.ValueOf(row).Elem().FieldByName("Version").Set(reflect.ValueOf(have).Elem().FieldByName("Version"))
	return reflect.DeepEqual(row, have), nil
}

// verdict turns a comparison with the recorded row into the import's verdict: a database failure,
// nothing to do, or a row that differs from the one recorded under its natural key.
func verdict(err error, same bool, c *checker, id int64) error {
	if err != nil || same {
		return err
	}
	c.errs.Add(apperr.AlreadyExists, c.path, "this row's natural key is already recorded (id %d) with other values: update that row instead", id)
	return nil
}

// readRecords reads a file's records, CSV or JSON (its first character other than a byte-order
// mark or space is '['), one at a time.
func readRecords(r io.Reader, yield func(Record) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\uFEFF")) {
		_, _ = br.Discard(3)
	}
	for {
		b, err := br.Peek(1)
		if err != nil || !unicode.IsSpace(rune(b[0])) {
			if err == nil && b[0] == '[' {
				return readJSON(br, yield)
			}
			return readCSV(br, yield)
		}
		_, _ = br.Discard(1)
	}
}

// readJSON reads an array of objects; the n-th object is "line n" of the report. Text that is
// not UTF-8 is refused (encoding/json would turn it into U+FFFD without a word): as an
// apperr.List naming each object and field.
func readJSON(r io.Reader, yield func(Record) error) error {
	notArray := func(err error) error {
		return apperr.New(apperr.InvalidArgument, "file", "the file is not a JSON array of objects: %v", err)
	}
	dec := json.NewDecoder(r)
	if _, err := dec.Token(); err != nil {
		return notArray(err)
	}
	var bad apperr.List
	for i := 0; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return notArray(err)
		}
		var o map[string]any
		od := json.NewDecoder(bytes.NewReader(raw))
		od.UseNumber()
		if err := od.Decode(&o); err != nil {
			return apperr.New(apperr.InvalidArgument, "file", "the file is not a JSON array of objects: element %d: %v", i+1, err)
		}
		if !utf8.Valid(raw) {
			n := len(bad)
			var fields map[string]json.RawMessage
			_ = json.Unmarshal(raw, &fields) // it decoded above
			for _, name := range slices.Sorted(maps.Keys(fields)) {
				if !utf8.Valid(fields[name]) {
					bad.Add(apperr.InvalidArgument, fmt.Sprintf("line %d.%s", i+1, name), "%s is not valid UTF-8: save the file as UTF-8", name)
				}
			}
			if len(bad) == n {
				bad.Add(apperr.InvalidArgument, fmt.Sprintf("line %d", i+1), "a field's name is not valid UTF-8: save the file as UTF-8")
			}
		}
		typ, _ := o["type"].(string)
		delete(o, "type")
		if err := yield(Record{Line: i + 1, Type: typ, Fields: o}); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return notArray(err)
	}
	return bad.Err()
}

// readCSV reads the journalist's CSV: a header row, then one record per row. Columns are the
// input's field names, or the API's dotted columns (region.id is regionId); empty cells are
// absent fields; authors are separated by semicolons. Cells stay text but where the input wants
// a number. A ' that aidgraph's CSV download put before a formula's first character is dropped
// (csvguard.Unguard), any other is kept. Cells that are not UTF-8 are refused, as an
// apperr.List naming each one's line and column.
func readCSV(in io.Reader, yield func(Record) error) error {
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return apperr.New(apperr.InvalidArgument, "file", "the file has no CSV header row: %v", err)
	}
	var bad apperr.List
	names := make([]string, len(head))
	for i, h := range head {
		names[i] = fieldName(h)
		if !utf8.ValidString(h) {
			bad.Add(apperr.InvalidArgument, fmt.Sprintf("line 1.column %d", i+1), "the header of column %d is not valid UTF-8: save the file as UTF-8", i+1)
		}
	}
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			return bad.Err()
		}
		if err != nil {
			return apperr.New(apperr.InvalidArgument, "file", "the CSV cannot be read: %v", err)
		}
		line, _ := r.FieldPos(0)
		rec := Record{Line: line, Fields: map[string]any{}}
		for i, cell := range cells {
			if i >= len(names) || cell == "" {
				continue
			}
			if !utf8.ValidString(cell) {
				line, _ := r.FieldPos(i)
				bad.Add(apperr.InvalidArgument, fmt.Sprintf("line %d.%s", line, names[i]),
					"column %d (%s) is not valid UTF-8: save the file as UTF-8", i+1, names[i])
				continue
			}
			rec.Fields[names[i]] = cellValue(names[i], csvguard.Unguard(cell))
		}
		rec.Type, _ = rec.Fields["type"].(string)
		delete(rec.Fields, "type")
		delete(rec.Fields, "__typename")
		if err := yield(rec); err != nil {
			return err
		}
	}
}

// fieldName turns a column into an input field: region.id is regionId, __typename is type.
func fieldName(col string) string {
	col = strings.TrimSpace(col)
	if col == "__typename" {
		return "type"
	}
	if base, ok := strings.CutSuffix(col, ".id"); ok {
		return base + "Id"
	}
	return col
}

// numericFields are the importable inputs' fields that take whole numbers (budgetYuan); a CSV
// cell is text, which they would refuse. A Decimal reads itself from text or a number.
var numericFields = func() map[string]bool {
	unmarshaler := reflect.TypeFor[json.Unmarshaler]()
	fields := map[string]bool{}
	for _, imp := range importers {
		for f := range imp.input.Fields() {
			t := f.Type
			if t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64 && !reflect.PointerTo(t).Implements(unmarshaler) {
				fields[name] = true
			}
		}
	}
	return fields
}()

func cellValue(field, cell string) any {
	switch {
	case field == "authors":
		return strings.Split(cell, ";")
	case numericFields[field]:
		if n, err := strconv.ParseInt(cell, 10, 64); err == nil {
			return n
		}
	}
	return cell
}
