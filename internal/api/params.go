package api

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
)

// decodeParams decodes a POST body into the request's parameters as gqlgen's transport does
// (encoding/json into graphql.RawParams, numbers as json.Number), but reads the query, the
// body's one long string, in a single pass: encoding/json scans a value twice (once to find its
// end, once to decode it) and unquotes escapes byte by byte, which cost a twentieth of a nested
// read's instructions. It takes only the plain form clients send: one object of the four keys,
// spelled exactly, each at most once, strings without \u escapes, nothing but spaces after it.
// For anything else it returns false, and gqlgen's decoding, with its errors, does the work.
func decodeParams(body []byte) (p graphql.RawParams, ok bool) {
	d := paramsDecoder{b: body}
	if !d.skipSpace() || d.b[d.i] != '{' {
		return p, false
	}
	d.i++
	var seen [4]bool // query, operationName, variables, extensions
	for first := true; ; first = false {
		if !d.skipSpace() {
			return p, false
		}
		if d.b[d.i] == '}' && first {
			d.i++
			break
		}
		key, ok := d.str()
		k := slices.Index(paramKeys, key)
		if !ok || k < 0 || seen[k] || !d.skipSpace() || d.b[d.i] != ':' {
			return p, false
		}
		seen[k] = true
		d.i++
		if !d.skipSpace() {
			return p, false
		}
		switch key {
		case "query":
			p.Query, ok = d.nullableStr()
		case "operationName":
			p.OperationName, ok = d.nullableStr()
		case "variables":
			p.Variables, ok = d.object()
		case "extensions":
			p.Extensions, ok = d.object()
		}
		if !ok || !d.skipSpace() {
			return p, false
		}
		if d.b[d.i] == '}' {
			d.i++
			break
		}
		if d.b[d.i] != ',' {
			return p, false
		}
		d.i++
	}
	return p, !d.skipSpace() // nothing may follow the object
}

// paramKeys are the keys of a body decodeParams takes.
var paramKeys = []string{"query", "operationName", "variables", "extensions"}

type paramsDecoder struct {
	b []byte
	i int
}

// skipSpace moves past JSON's white space and reports whether anything follows.
func (d *paramsDecoder) skipSpace() bool {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return true
		}
	}
	return false
}

// nullableStr reads a string, or null as "" (what encoding/json leaves in a string field).
func (d *paramsDecoder) nullableStr() (string, bool) {
	if bytes.HasPrefix(d.b[d.i:], []byte("null")) {
		d.i += 4
		return "", true
	}
	return d.str()
}

// str reads a string that starts at d.i. It refuses what encoding/json would change or refuse:
// \u escapes (surrogate pairs, and invalid ones, which json replaces), invalid UTF-8 (which json
// replaces with U+FFFD) and control characters (which JSON does not allow unescaped).
func (d *paramsDecoder) str() (string, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return "", false
	}
	start := d.i + 1
	var sb *strings.Builder // only for a string with escapes
	from := start           // the start of the bytes not yet copied into sb
	for j := start; j < len(d.b); {
		for j < len(d.b) && plainJSON[d.b[j]] { // most of a query: a byte at a time, one test each
			j++
		}
		if j == len(d.b) {
			break
		}
		c := d.b[j]
		switch {
		case c == '"':
			d.i = j + 1
			if sb == nil {
				return string(d.b[start:j]), true
			}
			sb.Write(d.b[from:j])
			return sb.String(), true
		case c == '\\':
			if j+1 >= len(d.b) {
				return "", false
			}
			r, ok := unescape(d.b[j+1])
			if !ok {
				return "", false
			}
			if sb == nil {
				sb = &strings.Builder{}
				sb.Grow(len(d.b) - start)
			}
			sb.Write(d.b[from:j])
			sb.WriteByte(r)
			j += 2
			from = j
		case c < 0x20:
			return "", false
		case c < utf8.RuneSelf:
			j++
		default:
			r, n := utf8.DecodeRune(d.b[j:])
			if r == utf8.RuneError && n == 1 {
				return "", false
			}
			j += n
		}
	}
	return "", false
}

// plainJSON marks the bytes that stand for themselves in a JSON string: ASCII but the control
// characters, the quote and the backslash.
var plainJSON = func() (p [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		p[c] = c != '"' && c != '\\'
	}
	return p
}()

// unescape returns the byte that a backslash and c stand for, but for \u.
func unescape(c byte) (byte, bool) {
	switch c {
	case '"', '\\', '/':
		return c, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// object reads an object, or null as nil, by encoding/json with json.Number for numbers, as
// gqlgen does: the variables and extensions are short, and their values of any JSON type.
func (d *paramsDecoder) object() (map[string]any, bool) {
	if bytes.HasPrefix(d.b[d.i:], []byte("null")) {
		d.i += 4
		return nil, true
	}
	if d.b[d.i] != '{' {
		return nil, false
	}
	if m, ok := d.flatObject(); ok {
		return m, true
	}
	end, ok := valueEnd(d.b, d.i)
	if !ok {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(d.b[d.i:end]))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || dec.More() {
		return nil, false
	}
	d.i = end
	return m, true
}

// flatObject reads an object whose values are all strings, booleans or null, as most requests'
// variables are, without encoding/json. On anything else it leaves d where it was and returns
// false.
func (d *paramsDecoder) flatObject() (map[string]any, bool) {
	start := d.i
	fail := func() (map[string]any, bool) {
		d.i = start
		return nil, false
	}
	d.i++ // past the {
	m := map[string]any{}
	for first := true; ; first = false {
		if !d.skipSpace() {
			return fail()
		}
		if d.b[d.i] == '}' && first {
			d.i++
			return m, true
		}
		k, ok := d.str()
		if !ok || !d.skipSpace() || d.b[d.i] != ':' {
			return fail()
		}
		d.i++
		if !d.skipSpace() {
			return fail()
		}
		var v any
		switch rest := d.b[d.i:]; {
		case rest[0] == '"':
			v, ok = d.str()
		case bytes.HasPrefix(rest, []byte("true")):
			v, d.i = true, d.i+4
		case bytes.HasPrefix(rest, []byte("false")):
			v, d.i = false, d.i+5
		case bytes.HasPrefix(rest, []byte("null")):
			v, d.i = nil, d.i+4
		default:
			ok = false
		}
		if !ok || !d.skipSpace() {
			return fail()
		}
		m[k] = v // a repeated key: the last value, as encoding/json keeps
		if d.b[d.i] == '}' {
			d.i++
			return m, true
		}
		if d.b[d.i] != ',' {
			return fail()
		}
		d.i++
	}
}

// valueEnd returns where the object or array that starts at i ends (past its closing bracket),
// following strings so that brackets inside them do not count. It does not check the value:
// encoding/json does.
func valueEnd(b []byte, i int) (int, bool) {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1, true
			}
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		}
	}
	return 0, false
}
