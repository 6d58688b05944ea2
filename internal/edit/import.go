package edit

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
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
	return importerOf{input: reflect.TypeFor[In](), check: func(c *checker, raw json.RawMessage) (any, error) {
		var in In
		if err := json.Unmarshal(raw, &in); err != nil {
			c.errs.Add(apperr.InvalidArgument, c.path, "cannot read the row: %v", err)
			return nil, nil
		}
		n := len(c.errs)
		row := build(c, in, 0)
		if id := c.duplicateOf(n); id != 0 {
			c.errs = c.errs[:n]
			same, err := c.sameAs(build(c, in, id), id)
			return nil, verdict(err, same, c, id)
		}
		return row, nil
	}}
}

// importerOf checks a record of one type, read as that type's input.
type importerOf struct {
	input reflect.Type
	check func(*checker, json.RawMessage) (any, error)
}

// ImportFile reads a CSV (UTF-8, with or without a byte-order mark, a header row naming the
// fields and a type column) or JSON file (an array of objects with a "type") and imports it.
func (e *Editor) ImportFile(ctx context.Context, author string, r io.Reader, dryRun bool) (Report, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return Report{}, fmt.Errorf("read import file: %w", err)
	}
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	var recs []Record
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		recs, err = readJSON(t)
	} else {
		recs, err = readCSV(b)
	}
	var bad apperr.List
	if errors.As(err, &bad) {
		return Report{Errors: bad}, nil // cells that are not UTF-8: each is reported, nothing written
	}
	if err != nil {
		return Report{}, err
	}
	return e.Import(ctx, author, recs, dryRun)
}

// Import checks every record first and writes all of them or none, in one transaction: the
// records a batch at a time (importBatch), each batch's reads set-based, then the new rows in
// multi-row INSERTs (store.Tx.CreateMany, where whatever a bulk write keeps is kept).
func (e *Editor) Import(ctx context.Context, author string, recs []Record, dryRun bool) (Report, error) {
	var rep Report
	err := e.Store.Write(ctx, author, func(tx *store.Tx) error {
		rep = Report{} // Write may run this again (a deadlock): count afresh
		var rows []any
		for batch := range slices.Chunk(recs, importBatch) {
			look := newBatchLookup(tx)
			for _, rec := range batch { // what the checks will read, answered below in a few statements
				c := &checker{tx: tx, look: look, path: fmt.Sprintf("line %d", rec.Line)}
				importOne(c, rec)
				if c.dbErr != nil {
					return c.dbErr
				}
			}
			if err := look.fetch(); err != nil {
				return err
			}
			for _, rec := range batch {
				c := &checker{tx: tx, look: look, path: fmt.Sprintf("line %d", rec.Line)}
				row := importOne(c, rec)
				if c.dbErr != nil {
					return c.dbErr
				}
				rep.Errors = append(rep.Errors, c.errs...)
				if row != nil {
					rows = append(rows, row)
				} else if len(c.errs) == 0 {
					rep.Unchanged++
				}
			}
		}
		if len(rep.Errors) > 0 {
			return rep.Errors
		}
		if err := tx.CreateMany(rows); err != nil {
			return err
		}
		rep.Created = len(rows)
		if dryRun || len(rows) == 0 {
			return errDryRun // nothing to keep: not even the data version moves
		}
		return nil
	})
	var list apperr.List
	switch {
	case errors.Is(err, errDryRun), errors.As(err, &list):
		return rep, nil
	case err != nil:
		return Report{}, err
	}
	return rep, nil
}

// importOne checks one record; it returns the row to create, or nil.
func importOne(c *checker, rec Record) any {
	imp, ok := importers[rec.Type]
	if !ok {
		c.errs.Add(apperr.InvalidArgument, c.path+".type", "type %q cannot be imported: %s", rec.Type, model.TypeList(model.ImportableKinds(), "or"))
		return nil
	}
	raw, err := json.Marshal(rec.Fields)
	if err != nil {
		c.errs.Add(apperr.InvalidArgument, c.path, "cannot read the row: %v", err)
		return nil
	}
	row, err := imp.check(c, raw)
	if err != nil {
		c.dbErr = err
	}
	return row
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

// readJSON reads an array of objects; the n-th object is "line n" of the report. Text that is
// not UTF-8 is refused (encoding/json would turn it into U+FFFD without a word): as an
// apperr.List naming each object and field.
func readJSON(b []byte) ([]Record, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil {
		return nil, apperr.New(apperr.InvalidArgument, "file", "the file is not a JSON array of objects: %v", err)
	}
	recs := make([]Record, len(raws))
	var bad apperr.List
	for i, raw := range raws {
		var o map[string]any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&o); err != nil {
			return nil, apperr.New(apperr.InvalidArgument, "file", "the file is not a JSON array of objects: element %d: %v", i+1, err)
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
		recs[i] = Record{Line: i + 1, Type: typ, Fields: o}
	}
	return recs, bad.Err()
}

// readCSV reads the journalist's CSV: a header row, then one record per row. Columns are the
// input's field names, or the API's dotted columns (region.id is regionId); empty cells are
// absent fields; authors are separated by semicolons. Cells stay text but where the input wants
// a number. A ' that aidgraph's CSV download put before a formula's first character is dropped
// (csvguard.Unguard), any other is kept. Cells that are not UTF-8 are refused, as an
// apperr.List naming each one's line and column.
func readCSV(b []byte) ([]Record, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, apperr.New(apperr.InvalidArgument, "file", "the file has no CSV header row: %v", err)
	}
	var bad apperr.List
	names := make([]string, len(head))
	for i, h := range head {
		names[i] = fieldName(h)
		if !utf8.ValidString(h) {
			bad.Add(apperr.InvalidArgument, fmt.Sprintf("line 1.column %d", i+1), "the header of column %d is not valid UTF-8: save the file as UTF-8", i+1)
		}
	}
	var recs []Record
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			return recs, bad.Err()
		}
		if err != nil {
			return nil, apperr.New(apperr.InvalidArgument, "file", "the CSV cannot be read: %v", err)
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
		recs = append(recs, rec)
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
