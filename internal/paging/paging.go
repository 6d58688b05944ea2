// Package paging checks Relay connection arguments and encodes keyset cursors.
//
// A cursor is opaque to clients: base64url of a small JSON document holding the ordering it
// belongs to and the sort key of the row it points at. Pages are fetched by keyset (rows after
// the cursor's key), never by OFFSET, so a page costs the same wherever it lies in the list.
package paging

import (
	"bytes"
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

// Position is where a cursor points: a row's sort key under one ordering.
type Position struct {
	// Order identifies the ordering the key belongs to; a cursor is only valid under it.
	Order string `json:"o"`
	// Keys are the row's values of the ordering's keys, in order; numbers are json.Number.
	Keys []any `json:"k,omitempty"`
	// ID is the row's primary key, the final tie-break of every ordering.
	ID int64 `json:"id"`
}

// Window is a checked page request: how many rows, in which direction, between which positions.
type Window struct {
	Limit    int
	Backward bool      // true when paging with last/before: rows are read in reverse
	After    *Position // exclusive lower bound
	Before   *Position // exclusive upper bound
}

type cursor struct {
	V int `json:"v"`
	Position
}

const cursorVersion = 2

// Cursor returns the opaque cursor of a position.
func Cursor(p Position) string {
	b, _ := json.Marshal(cursor{V: cursorVersion, Position: p})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(arg, s string) (*Position, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		err = dec.Decode(&c)
	}
	// Only the cursor's own spelling is accepted: base64 ignores a last character's spare bits,
	// and JSON allows other spacing and key orders for the same position.
	if err != nil || c.V != cursorVersion || c.ID <= 0 || !plainKeys(c.Keys) || Cursor(c.Position) != s {
		return nil, apperr.New(apperr.InvalidCursor, arg, "%s: %q is not a cursor of this connection", arg, s)
	}
	return &c.Position, nil
}

// plainKeys tells whether every key is a value a column can hold: text, a number or null.
func plainKeys(keys []any) bool {
	for _, k := range keys {
		switch k.(type) {
		case nil, string, json.Number:
		default:
			return false
		}
	}
	return true
}

// Check validates a and turns it into a Window of at most maxSize rows.
func (a Args) Check(maxSize int) (Window, error) {
	return a.CheckCursors(maxSize, decodeCursor)
}

// CheckCursors is Check for a connection whose cursors are spelled otherwise (the change feed's):
// decode turns the cursor s, given as argument arg (after or before), into its position, or
// returns an INVALID_CURSOR error naming arg.
func (a Args) CheckCursors(maxSize int, decode func(arg, s string) (*Position, error)) (Window, error) {
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
		dst  **Position
	}{{"after", a.After, &w.After}, {"before", a.Before, &w.Before}} {
		if c.s == nil {
			continue
		}
		p, err := decode(c.name, *c.s)
		if err != nil {
			return w, err
		}
		*c.dst = p
	}
	return w, nil
}
