package gid

import "testing"

// FuzzDecode: no input panics, and an id that decodes is the one spelling Encode gives it.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"Q291bnR5OjQ", "Q291bnR5OjR", "", "!!", Encode("Project", 42), "UHJvamVjdDowMQ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		typ, n, err := Decode(id)
		if err == nil && Encode(typ, n) != id {
			t.Errorf("%q decodes to %s %d, which encodes to %q", id, typ, n, Encode(typ, n))
		}
	})
}
