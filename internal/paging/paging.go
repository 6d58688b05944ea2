// Package paging checks Relay connection arguments and encodes keyset cursors.
//
// A cursor is opaque to clients: base64url of a small JSON document holding the sort key of the
// row it points at. Pages are fetched by keyset (WHERE key > cursor), never by OFFSET, so a page
// costs the same wherever it lies in the list.
package paging

import (
	"encoding/base64"
	"encoding/json"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// DefaultMaxPageSize is the largest page a client may ask for unless configured otherwise.
const DefaultMaxPageSize = 100

// Args are a connection's arguments as the client sent them.
type Args struct {
	First, Last   *int
	After, Before *string
}

// Window is a checked page request: how many rows, in which direction, between which keys.
type Window struct {
	Limit    int
	Backward bool   // true when paging with last/before: rows are read in reverse
	After    *int64 // exclusive lower bound on the key
	Before   *int64 // exclusive upper bound on the key
}

// cursor is what a cursor encodes. V versions the format; ID is the row's primary key, the sole
// sort key until orderBy arrives.
type cursor struct {
	V  int   `json:"v"`
	ID int64 `json:"id"`
}

const cursorVersion = 1

// Cursor returns the opaque cursor of the row with primary key id.
func Cursor(id int64) string {
	b, _ := json.Marshal(cursor{V: cursorVersion, ID: id})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(arg, s string) (int64, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(raw, &c)
	}
	if err != nil || c.V != cursorVersion || c.ID <= 0 {
		return 0, apperr.New(apperr.InvalidCursor, arg, "%s: %q is not a cursor of this connection", arg, s)
	}
	return c.ID, nil
}

// Check validates a and turns it into a Window of at most maxSize rows.
func (a Args) Check(maxSize int) (Window, error) {
	var w Window
	if a.First != nil && a.Last != nil {
		return w, apperr.New(apperr.InvalidArgument, "last", "pass either first or last, not both")
	}
	for _, n := range []struct {
		name string
		v    *int
	}{{"first", a.First}, {"last", a.Last}} {
		if n.v == nil {
			continue
		}
		if *n.v < 0 {
			return w, apperr.New(apperr.InvalidArgument, n.name, "%s must not be negative (got %d)", n.name, *n.v)
		}
		if *n.v > maxSize {
			return w, apperr.New(apperr.InvalidArgument, n.name,
				"%s is %d, more than the maximum page size of %d: page with after/before instead", n.name, *n.v, maxSize)
		}
	}
	w.Limit = maxSize
	switch {
	case a.First != nil:
		w.Limit = *a.First
	case a.Last != nil:
		w.Limit, w.Backward = *a.Last, true
	case a.Before != nil && a.After == nil:
		w.Backward = true
	}
	for _, c := range []struct {
		name string
		s    *string
		dst  **int64
	}{{"after", a.After, &w.After}, {"before", a.Before, &w.Before}} {
		if c.s == nil {
			continue
		}
		id, err := decodeCursor(c.name, *c.s)
		if err != nil {
			return w, err
		}
		*c.dst = &id
	}
	return w, nil
}
