package store

import (
	"reflect"
	"strings"
	"testing"
)

// TestFieldScanner checks the conversions of the fast scan against what database/sql's would
// give, field kind by field kind, and that a string does not share the driver's buffer.
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
		{"Kind", []byte("EDUCATION"), status("EDUCATION"), false},
		{"N", int64(7), 7, false},
		{"N", []byte("7"), 7, false},
		{"ID", int64(1 << 40), int64(1 << 40), false},
		{"ID", []byte("x"), int64(0), true},
		{"ID", nil, int64(0), true},
		{"Opt", []byte("文"), "文", false},
		{"Opt", nil, nil, false},
		{"OptEnu", []byte("COMPLETED"), status("COMPLETED"), false},
		{"OptN", int64(-5), int64(-5), false},
		{"OptN", nil, nil, false},
	}
	typ := reflect.TypeFor[row]()
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
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
