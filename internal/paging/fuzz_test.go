package paging_test

import (
	"testing"

	"github.com/aidgraph/aidgraph/internal/paging"
)

// FuzzCursor: no after or before panics, and one that is accepted is a cursor aidgraph issued,
// in the spelling it issued it.
func FuzzCursor(f *testing.F) {
	for _, s := range []string{cur(1), cur(12), "", "garbage", b64(`{"v":2,"id":1}`), b64(`{"v":2,"o":"name:asc","k":[[1]],"id":1}`)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := paging.Args{After: &s}.Check(100)
		if err == nil && paging.Cursor(*w.After) != s {
			t.Errorf("accepted %q, which aidgraph would spell %q", s, paging.Cursor(*w.After))
		}
	})
}
