// Package edit turns a client's input into rows of the record and writes them: it checks every
// rule a row must obey (well-formed codes, exact non-negative amounts, dates in order, references
// that exist, no duplicate, a source for everything, the figures' wording rules), reports each
// broken rule against its input field, and writes only input that breaks none, in one
// transaction, with its change recorded. The API's mutations and the import command both use it.
package edit

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/textnorm"
	"github.com/aidgraph/aidgraph/model"
)

// checker collects the broken rules of one input, field by field, reading what it must inside
// the write's transaction (so that nothing it found can change before the commit).
type checker struct {
	tx    *store.Tx
	errs  apperr.List
	path  string // the input's path: "input" for a mutation, "row 3" for an import
	dbErr error  // the first failure to read the database: it stops the write, not a rule
	// existing is the row that has the input's natural key, when unique found one.
	existing int64
	// input is the GraphQL input type being checked (SchoolInput): its texts' limits are
	// model.TextLimitOf(input, field).
	input string
	// look, when set, answers what the checks read in tx's place: an import's batch of rows,
	// read set-based (importBatch).
	look lookup
}

// lookup is what the checks read of the record: whether a row exists, which row has a natural
// key, a row. A *store.Tx answers it a row at a time.
type lookup interface {
	Exists(k *model.Kind, id int64) (bool, error)
	Taken(table string, key map[string]any, except int64) (int64, error)
	Get(k *model.Kind, id int64) (any, error)
}

// read returns what the checks read through: the batch's answers, or the transaction.
func (c *checker) read() lookup {
	if c.look != nil {
		return c.look
	}
	return c.tx
}

func (c *checker) fail(field, format string, a ...any) {
	c.errs.Add(apperr.InvalidArgument, c.path+"."+field, format, a...)
}

// text normalises a text field of the input (internal/textnorm: NFC, no invisible or control
// characters, trimmed) and requires 1 to its limit's characters (model.TextLimits). It returns
// the text to store, which is what natural keys compare.
func (c *checker) text(field, s string) string { return c.textAt(field, field, s) }

// textAt checks s as the text field field of the input, reporting against path (authors.2).
func (c *checker) textAt(path, field, s string) string {
	lim, ok := model.TextLimitOf(c.input, field)
	if !ok {
		c.dbErr = cmp.Or(c.dbErr, fmt.Errorf("no text limit for %s.%s in model.TextLimits", c.input, field))
		return s
	}
	out, err := textnorm.Normalize(s, lim.Multiline)
	if err != nil {
		c.fail(path, "%s %v", path, err)
		return s
	}
	if n := utf8.RuneCountInString(out); n > lim.Max {
		c.fail(path, "%s has %d characters, more than %d", path, n, lim.Max)
	}
	return out
}

// optText checks an optional text like text.
func (c *checker) optText(field string, s *string) *string {
	if s == nil {
		return nil
	}
	out := c.text(field, *s)
	return &out
}

// enum requires a value the schema knows (gqlgen checks a mutation's; an import's come as text).
func (c *checker) enum(field string, v interface{ IsValid() bool }, given any) {
	if !v.IsValid() {
		c.fail(field, "%s %q is not one of its values", field, fmt.Sprint(given))
	}
}

// ref resolves a global id to a row of one of the types allowed, and requires that it exists.
// It returns the row's kind and id (nil and 0 when broken).
func (c *checker) ref(field, id string, types ...string) (*model.Kind, int64) {
	typ, rowID, err := gid.Decode(id)
	if err != nil {
		c.errs.Add(apperr.InvalidID, c.path+"."+field, "%s %q is not a global id aidgraph issued", field, id)
		return nil, 0
	}
	if !slices.Contains(types, typ) {
		c.fail(field, "%s must be the id of a %s, not of a %s", field, strings.Join(types, " or "), typ)
		return nil, 0
	}
	k, _ := model.KindOfType(typ)
	ok, err := c.read().Exists(k, rowID)
	if err != nil {
		c.dbErr = cmp.Or(c.dbErr, err)
		return nil, 0
	}
	if !ok {
		c.fail(field, "%s names no %s: it does not exist or was deleted", field, typ)
		return nil, 0
	}
	return k, rowID
}

// optRef resolves an optional reference like ref.
func (c *checker) optRef(field string, id *string, types ...string) *int64 {
	if id == nil {
		return nil
	}
	if _, rowID := c.ref(field, *id, types...); rowID != 0 {
		return &rowID
	}
	return nil
}

// period requires an end that is not before its start.
func (c *checker) period(startField string, start *model.PartialDate, endField string, end *model.PartialDate) {
	if start == nil || end == nil {
		return
	}
	s, e := string(*start), string(*end)
	if s[:min(len(s), len(e))] > e[:min(len(s), len(e))] {
		c.fail(endField, "%s %s is before %s %s", endField, e, startField, s)
	}
}

// unique requires that no other row of table has the natural key.
func (c *checker) unique(field, what, table string, key map[string]any, except int64) {
	id, err := c.read().Taken(table, key, except)
	if err != nil {
		c.dbErr = cmp.Or(c.dbErr, err)
		return
	}
	if id != 0 {
		c.existing = id
		c.errs.Add(apperr.AlreadyExists, c.path+"."+field, "a %s with this %s is already recorded (id %s)", what, field, gid.Encode(kindTypeOf(table), id))
	}
}

func kindTypeOf(table string) string {
	for _, k := range model.Kinds() {
		if k.Table == table && !k.IsRegion() {
			return k.Type
		}
	}
	return model.TypeVillage
}

var httpURL = regexp.MustCompile(`^https?://[^\s/]+`)

// webAddress requires an http or https URL.
func (c *checker) webAddress(field string, s *string) {
	if s == nil {
		return
	}
	if u, err := url.Parse(*s); err != nil || !httpURL.MatchString(*s) || u.Host == "" {
		c.fail(field, "%s %q is not an http or https address", field, *s)
	}
}

// result is what the checks found: a database failure, or every broken rule, or nil.
func (c *checker) result() error {
	if c.dbErr != nil {
		return c.dbErr
	}
	return c.errs.Err()
}

// notFound says that an id names no row to change.
func notFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
