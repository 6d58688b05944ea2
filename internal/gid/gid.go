// Package gid encodes and decodes aidgraph's global object ids.
//
// A global id is the base64url encoding of "Type:rowID". Clients must treat it as opaque; it is
// stable because every row of the dataset has an explicit, stable primary key.
package gid

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// ErrMalformed reports an id that aidgraph could not have issued.
var ErrMalformed = errors.New("malformed id")

// Encode returns the global id of the row rowID of the GraphQL type typ.
func Encode(typ string, rowID int64) string {
	// Built on the stack and encoded into the string's own bytes: one allocation, where
	// concatenating and converting took five (every object of a page has an id).
	var raw [64]byte
	plain := strconv.AppendInt(append(append(raw[:0], typ...), ':'), rowID, 10)
	out := make([]byte, base64.RawURLEncoding.EncodedLen(len(plain)))
	base64.RawURLEncoding.Encode(out, plain)
	return unsafe.String(unsafe.SliceData(out), len(out)) // out is never written again
}

// Decode splits a global id into its GraphQL type name and row id.
func Decode(id string) (typ string, rowID int64, err error) {
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return "", 0, fmt.Errorf("%w: not base64url", ErrMalformed)
	}
	typ, num, ok := strings.Cut(string(raw), ":")
	if !ok || typ == "" {
		return "", 0, fmt.Errorf("%w: no type", ErrMalformed)
	}
	rowID, err = strconv.ParseInt(num, 10, 64)
	if err != nil || rowID <= 0 || strconv.FormatInt(rowID, 10) != num {
		return "", 0, fmt.Errorf("%w: bad row id", ErrMalformed) // also "+1" or "01": one id, one spelling
	}
	if Encode(typ, rowID) != id { // base64 ignores a last character's spare bits: one id, one spelling
		return "", 0, fmt.Errorf("%w: not as aidgraph spells it", ErrMalformed)
	}
	return typ, rowID, nil
}
