package store

import (
	"fmt"
	"reflect"
	"strconv"
	"time"
	"unsafe"
)

// int is 64 bits wherever aidgraph builds, so that an int field can point into a block of
// int64s: this fails to compile where it is not.
const _ uintptr = unsafe.Sizeof(int(0)) - 8

// A column of a scan plan that fieldScanner writes straight into its field: the field's offset
// in the row and its kind (of what it points to, for a nullable column's pointer field).
type fastColumn struct {
	offset uintptr
	kind   reflect.Kind
	ptr    bool
}

// fastColumnOf returns how fieldScanner writes the field at index path idx of typ, or false
// when it cannot: a field of another kind than the integers and strings rows hold (named
// string types, such as enums, included), or one behind an embedded pointer.
func fastColumnOf(typ reflect.Type, idx []int) (fastColumn, bool) {
	var c fastColumn
	t := typ
	for _, i := range idx {
		if t.Kind() != reflect.Struct || i < 0 {
			return c, false
		}
		f := t.Field(i)
		c.offset += f.Offset
		t = f.Type
	}
	if t.Kind() == reflect.Pointer {
		c.ptr, t = true, t.Elem()
	}
	switch c.kind = t.Kind(); c.kind {
	case reflect.String, reflect.Int, reflect.Int64:
		return c, true
	}
	return c, false
}

// fieldScanner is the sql.Scanner of one column: database/sql hands it the driver's value as
// is, and it writes it into the field of the row being read. A string is copied once, into
// the statement's block of text; a nullable field's value is cut from the statement's block
// of values. database/sql's own conversion allocates the string, then the pointer, for each
// column of each row: two fifths of what a page of projects allocates.
type fieldScanner struct {
	col   fastColumn
	row   unsafe.Pointer // the row being read
	arena *scanArena
}

func (s *fieldScanner) Scan(src any) error {
	field := unsafe.Add(s.row, s.col.offset)
	if s.col.ptr {
		if src == nil {
			*(*unsafe.Pointer)(field) = nil
			return nil
		}
		target := s.arena.value(s.col.kind)
		*(*unsafe.Pointer)(field) = target
		field = target
	}
	switch s.col.kind {
	case reflect.String:
		v, err := s.text(src)
		*(*string)(field) = v
		return err
	case reflect.Int, reflect.Int64:
		v, err := integer(src)
		if s.col.kind == reflect.Int {
			*(*int)(field) = int(v)
		} else {
			*(*int64)(field) = v
		}
		return err
	}
	return fmt.Errorf("scan into %s: unsupported", s.col.kind)
}

// text converts src to a string as database/sql's Scan would.
func (s *fieldScanner) text(src any) (string, error) {
	switch v := src.(type) {
	case []byte:
		return s.arena.text(v), nil
	case time.Time:
		return v.Format(time.RFC3339Nano), nil
	case nil:
		return "", fmt.Errorf("converting NULL to string is unsupported")
	}
	return asString(src), nil
}

// integer converts src to an int64 as database/sql's Scan would.
func integer(src any) (int64, error) {
	switch v := src.(type) {
	case int64:
		return v, nil
	case nil:
		return 0, fmt.Errorf("converting NULL to int64 is unsupported")
	}
	n, err := strconv.ParseInt(asString(src), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("converting driver.Value type %T (%q) to a int64: %w", src, asString(src), err)
	}
	return n, nil
}

// asString is database/sql's text for a driver value that is not NULL.
func asString(src any) string {
	switch v := src.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprintf("%v", src)
}

// scanArena holds the text and the nullable values of one statement's rows in blocks, which
// live as long as any of the rows do. Nothing writes a block's bytes again once a string
// points at them.
type scanArena struct {
	bytes   []byte
	strings []string
	ints    []int64
}

const (
	textBlock  = 4096 // bytes; a longer text gets an allocation of its own
	valueBlock = 64   // values
)

// text returns a copy of b.
func (a *scanArena) text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > textBlock/4 {
		return string(b)
	}
	if len(b) > cap(a.bytes)-len(a.bytes) {
		a.bytes = make([]byte, 0, textBlock)
	}
	start := len(a.bytes)
	a.bytes = append(a.bytes, b...)
	return unsafe.String(&a.bytes[start], len(b))
}

// value returns a new value of kind k (a string or an integer) for a nullable field to point at.
func (a *scanArena) value(k reflect.Kind) unsafe.Pointer {
	switch k {
	case reflect.String:
		if len(a.strings) == cap(a.strings) {
			a.strings = make([]string, 0, valueBlock)
		}
		a.strings = a.strings[:len(a.strings)+1]
		return unsafe.Pointer(&a.strings[len(a.strings)-1])
	default: // int and int64, both 64 bits here
		if len(a.ints) == cap(a.ints) {
			a.ints = make([]int64, 0, valueBlock)
		}
		a.ints = a.ints[:len(a.ints)+1]
		return unsafe.Pointer(&a.ints[len(a.ints)-1])
	}
}
