package model

import "testing"

// FuzzScalars: no text panics the Decimal and PartialDate parsers, and what they accept prints
// back as itself parses again to the same value.
func FuzzScalars(f *testing.F) {
	for _, s := range []string{"0", "3.37", "-1.5", "1.23456", "1e3", "2019", "2019-12", "2019-02-31", "", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDecimal(s); err == nil {
			again, err := ParseDecimal(d.String())
			if err != nil || again != d {
				t.Errorf("Decimal %q prints as %q, which parses to %v (%v)", s, d.String(), again, err)
			}
		}
		if p, err := ParsePartialDate(s); err == nil {
			if again, err := ParsePartialDate(string(p)); err != nil || again != p {
				t.Errorf("PartialDate %q reads back as %v (%v)", s, again, err)
			}
		}
	})
}
