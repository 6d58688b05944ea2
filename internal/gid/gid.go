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
)

// ErrMalformed reports an id that aidgraph could not have issued.
var ErrMalformed = errors.New("malformed id")

// Encode returns the global id of the row rowID of the GraphQL type typ.
func Encode(typ string, rowID int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + strconv.FormatInt(rowID, 10)))
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
