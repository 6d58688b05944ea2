package paging_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/paging"
)

func intp(n int) *int                 { return &n }
func strp(s string) *string           { return &s }
func int64p(n int64) *paging.Position { return &paging.Position{ID: n} }
func cur(id int64) string             { return paging.Cursor(paging.Position{ID: id}) }
func b64(s string) string             { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
func fmtp(p *paging.Position) any {
	if p == nil {
		return nil
	}
	return *p
}
func eqp(a, b *paging.Position) bool {
	return (a == nil) == (b == nil) && (a == nil || a.ID == b.ID && a.Order == b.Order && len(a.Keys) == len(b.Keys))
}

func TestCheckAccepts(t *testing.T) {
	const maxSize = 50
	tests := []struct {
		name string
		args paging.Args
		want paging.Window
	}{
		{"defaults", paging.Args{}, paging.Window{Limit: maxSize}},
		{"first", paging.Args{First: intp(10)}, paging.Window{Limit: 10}},
		{"first zero", paging.Args{First: intp(0)}, paging.Window{Limit: 0}},
		{"first exactly maxSize", paging.Args{First: intp(maxSize)}, paging.Window{Limit: maxSize}},
		{"last", paging.Args{Last: intp(7)}, paging.Window{Limit: 7, Backward: true}},
		{"last zero", paging.Args{Last: intp(0)}, paging.Window{Limit: 0, Backward: true}},
		{"last exactly maxSize", paging.Args{Last: intp(maxSize)}, paging.Window{Limit: maxSize, Backward: true}},
		{"after only", paging.Args{After: strp(cur(3))},
			paging.Window{Limit: maxSize, After: int64p(3)}},
		{"before only is backward", paging.Args{Before: strp(cur(9))},
			paging.Window{Limit: maxSize, Backward: true, Before: int64p(9)}},
		{"after and before", paging.Args{After: strp(cur(3)), Before: strp(cur(9))},
			paging.Window{Limit: maxSize, After: int64p(3), Before: int64p(9)}},
		{"first and after", paging.Args{First: intp(5), After: strp(cur(1 << 40))},
			paging.Window{Limit: 5, After: int64p(1 << 40)}},
		{"last and before", paging.Args{Last: intp(5), Before: strp(cur(12))},
			paging.Window{Limit: 5, Backward: true, Before: int64p(12)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.args.Check(maxSize)
			if err != nil {
				t.Fatalf("Check: unexpected error %v", err)
			}
			if got.Limit != tt.want.Limit || got.Backward != tt.want.Backward ||
				!eqp(got.After, tt.want.After) || !eqp(got.Before, tt.want.Before) {
				t.Errorf("Check = {Limit:%d Backward:%v After:%v Before:%v}, want {Limit:%d Backward:%v After:%v Before:%v}",
					got.Limit, got.Backward, fmtp(got.After), fmtp(got.Before),
					tt.want.Limit, tt.want.Backward, fmtp(tt.want.After), fmtp(tt.want.Before))
			}
		})
	}
}

func TestCheckRejects(t *testing.T) {
	const maxSize = 50
	tests := []struct {
		name string
		args paging.Args
		code apperr.Code
		arg  string
	}{
		{"first and last", paging.Args{First: intp(1), Last: intp(1)}, apperr.InvalidArgument, "last"},
		{"negative first", paging.Args{First: intp(-1)}, apperr.InvalidArgument, "first"},
		{"negative last", paging.Args{Last: intp(-1)}, apperr.InvalidArgument, "last"},
		{"first over maxSize", paging.Args{First: intp(maxSize + 1)}, apperr.InvalidArgument, "first"},
		{"last over maxSize", paging.Args{Last: intp(maxSize + 1)}, apperr.InvalidArgument, "last"},
		{"garbage after", paging.Args{After: strp("!!garbage!!")}, apperr.InvalidCursor, "after"},
		{"garbage before", paging.Args{Before: strp("!!garbage!!")}, apperr.InvalidCursor, "before"},
		{"empty after", paging.Args{After: strp("")}, apperr.InvalidCursor, "after"},
		{"wrong version", paging.Args{After: strp(b64(`{"v":99,"id":1}`))}, apperr.InvalidCursor, "after"},
		{"missing version", paging.Args{After: strp(b64(`{"id":1}`))}, apperr.InvalidCursor, "after"},
		{"id zero", paging.Args{Before: strp(b64(`{"v":2,"id":0}`))}, apperr.InvalidCursor, "before"},
		{"negative id", paging.Args{After: strp(b64(`{"v":2,"id":-5}`))}, apperr.InvalidCursor, "after"},
		{"non-JSON", paging.Args{After: strp(b64("hello"))}, apperr.InvalidCursor, "after"},
		{"id not a number", paging.Args{After: strp(b64(`{"v":2,"id":"7"}`))}, apperr.InvalidCursor, "after"},
		{"good after, bad before", paging.Args{After: strp(cur(1)), Before: strp("x")}, apperr.InvalidCursor, "before"},
		{"another spelling of a good cursor", paging.Args{After: strp(b64(`{"id":1,"v":2}`))}, apperr.InvalidCursor, "after"},
		{"a good cursor with spare bits set", paging.Args{After: strp(spareBits(cur(12)))}, apperr.InvalidCursor, "after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := tt.args.Check(maxSize)
			if err == nil {
				t.Fatalf("Check = %+v, nil; want an error", w)
			}
			e, ok := apperr.As(err)
			if !ok {
				t.Fatalf("Check error %v (%T) is not an *apperr.Error", err, err)
			}
			if e.Code != tt.code || e.Argument != tt.arg {
				t.Errorf("Check error = {Code:%s Argument:%q}, want {Code:%s Argument:%q} (%v)",
					e.Code, e.Argument, tt.code, tt.arg, e)
			}
			if e.Message == "" {
				t.Error("Check error has an empty message")
			}
		})
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, id := range []int64{1, 2, 999, 1 << 53, 1<<63 - 1} {
		c := cur(id)
		w, err := paging.Args{After: &c, Before: &c}.Check(paging.DefaultMaxPageSize)
		if err != nil {
			t.Fatalf("Cursor(%d) = %q does not decode: %v", id, c, err)
		}
		if w.After == nil || w.After.ID != id || w.Before == nil || w.Before.ID != id {
			t.Errorf("Cursor(%d) decoded to After=%v Before=%v", id, fmtp(w.After), fmtp(w.Before))
		}
	}
}

// TestCursorKeepsSortKeys checks that a cursor carries its ordering and the row's sort key,
// numbers exactly (as json.Number), text and nulls included.
func TestCursorKeepsSortKeys(t *testing.T) {
	c := paging.Cursor(paging.Position{Order: "budget_yuan:desc", Keys: []any{int64(5_000_000_123), "卢氏县", nil}, ID: 7})
	w, err := paging.Args{After: &c}.Check(paging.DefaultMaxPageSize)
	if err != nil {
		t.Fatal(err)
	}
	p := w.After
	if p.Order != "budget_yuan:desc" || p.ID != 7 || len(p.Keys) != 3 ||
		fmt.Sprint(p.Keys[0]) != "5000000123" || p.Keys[1] != "卢氏县" || p.Keys[2] != nil {
		t.Errorf("decoded %+v", *p)
	}
	if _, ok := p.Keys[0].(json.Number); !ok {
		t.Errorf("a number key decoded as %T, want json.Number (exact)", p.Keys[0])
	}
}

// spareBits flips a bit that base64 ignores in the last character of a cursor whose length is
// not a multiple of three bytes (cur(12) is 22 bytes: its last character carries 4 spare bits).
func spareBits(c string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	last := strings.IndexByte(alphabet, c[len(c)-1])
	return c[:len(c)-1] + string(alphabet[last^1])
}
