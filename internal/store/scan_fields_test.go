package store

import (
	"database/sql"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestFieldScanner checks the conversions of the fast scan against what database/sql's would
// give, field kind by field kind, and that a string does not share the driver's buffer. Each
// case is also scanned by database/sql's own conversion (through sql.Null), which must agree.
func TestFieldScanner(t *testing.T) {
	type status string
	type row struct {
		Name   string
		Kind   status
		N      int
		ID     int64
		Opt    *string
		OptEnu *status
		OptN   *int64
	}
	tests := []struct {
		field   string
		src     any
		want    any // the field's value after the scan
		failing bool
	}{
		{"Name", []byte("卢氏县"), "卢氏县", false},
		{"Name", "卢氏县", "卢氏县", false},
		{"Name", int64(411224), "411224", false},
		{"Name", nil, "", true},
		{"Name", 1.5, "1.5", false},
		{"Name", true, "true", false},
		{"Name", time.Date(2019, 12, 31, 8, 0, 0, 0, time.UTC), "2019-12-31T08:00:00Z", false},
		{"Kind", []byte("EDUCATION"), status("EDUCATION"), false},
		{"N", int64(7), 7, false},
		{"N", []byte("7"), 7, false},
		{"ID", int64(1 << 40), int64(1 << 40), false},
		{"ID", []byte("x"), int64(0), true},
		{"ID", float64(3), int64(3), false},
		{"ID", 1.5, int64(0), true},
		{"ID", nil, int64(0), true},
		{"Opt", []byte("文"), "文", false},
		{"Opt", nil, nil, false},
		{"OptEnu", []byte("COMPLETED"), status("COMPLETED"), false},
		{"OptN", int64(-5), int64(-5), false},
		{"OptN", nil, nil, false},
	}
	// database/sql's own conversion of src into each field's type (nil: NULL).
	reference := map[string]func(src any) (any, error){
		"Name": viaSQL[string], "Kind": viaSQL[status], "N": viaSQL[int], "ID": viaSQL[int64],
		"Opt": viaSQL[string], "OptEnu": viaSQL[status], "OptN": viaSQL[int64],
	}
	typ := reflect.TypeFor[row]()
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			if tt.src != nil {
				ref, refErr := reference[tt.field](tt.src)
				if (refErr != nil) != tt.failing || refErr == nil && ref != tt.want {
					t.Fatalf("database/sql gives %#v (%v); the case wants %#v (failing %v)", ref, refErr, tt.want, tt.failing)
				}
			}
			f, _ := typ.FieldByName(tt.field)
			col, ok := fastColumnOf(typ, f.Index)
			if !ok {
				t.Fatalf("%s has no fast column", tt.field)
			}
			var r row
			s := &fieldScanner{col: col, row: reflect.ValueOf(&r).UnsafePointer(), arena: &scanArena{}}
			err := s.Scan(tt.src)
			if (err != nil) != tt.failing {
				t.Fatalf("error %v, want failing %v", err, tt.failing)
			}
			if tt.failing {
				return
			}
			if b, ok := tt.src.([]byte); ok {
				copy(b, strings.Repeat("?", len(b))) // the driver reuses its buffer
			}
			got := reflect.ValueOf(r).FieldByName(tt.field)
			if got.Kind() == reflect.Pointer {
				if tt.want == nil {
					if !got.IsNil() {
						t.Errorf("%s = %v, want nil", tt.field, got.Elem())
					}
					return
				}
				got = got.Elem()
			}
			if got.Interface() != tt.want {
				t.Errorf("%s = %#v, want %#v", tt.field, got.Interface(), tt.want)
			}
		})
	}
	for _, unsupported := range []any{struct{ T []int }{}, struct{ F float64 }{}} {
		if _, ok := fastColumnOf(reflect.TypeOf(unsupported), []int{0}); ok {
			t.Errorf("%T has a fast column", unsupported)
		}
	}
}

// viaSQL converts src as database/sql's Scan does, into a T.
func viaSQL[T any](src any) (any, error) {
	var n sql.Null[T]
	if err := n.Scan(src); err != nil {
		return nil, err
	}
	if !n.Valid {
		return nil, nil
	}
	return n.V, nil
}
