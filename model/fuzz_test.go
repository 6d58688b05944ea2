package model

import (
	"math/big"
	"strings"
	"testing"
)

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

// FuzzValueOfText: no words panic ValueOfText, and whatever it accepts is the number the words
// print times 万 or 亿, computed exactly with math/big; what it refuses is no Decimal.
func FuzzValueOfText(f *testing.F) {
	for _, s := range []string{"3.37亿元", "近800万元", "3亿多元", "18.9%", "约1.5万人", "第一", "11529215047亿元",
		"922337203685477元", "922337203685476.9999元", "1.23456亿元", "0.00001万", "9223372036854775807", "00000.5万", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok, err := ValueOfText(s)
		m := printedNumber.FindStringSubmatch(s)
		if !ok {
			if m != nil || err != nil {
				t.Errorf("%q: not read (%v), but it starts with %q", s, err, m)
			}
			return
		}
		// The exact value in ten-thousandths: the digits as an integer, times 万 or 亿 and 10^4,
		// over 10^(decimal places).
		whole, frac, _ := strings.Cut(m[1], ".")
		n, _ := new(big.Int).SetString(whole+frac, 10)
		mult := map[string]int64{"": 1, "万": 10_000, "亿": 100_000_000}[m[2]]
		n.Mul(n, big.NewInt(mult*decimalScale))
		den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil)
		e4, rest := new(big.Int).QuoRem(n, den, new(big.Int))
		fits := rest.Sign() == 0 && new(big.Int).Quo(e4, big.NewInt(decimalScale)).Cmp(big.NewInt(decimalWholeLimit)) < 0
		switch {
		case err == nil && !fits:
			t.Errorf("%q: accepted as %s, but it states %s ten-thousandths (remainder %s), no Decimal", s, v, e4, rest)
		case err == nil && big.NewInt(int64(v)).Cmp(e4) != 0:
			t.Errorf("%q: read as %s, want %s ten-thousandths", s, v, e4)
		case err != nil && fits:
			t.Errorf("%q: refused (%v), but it states %s ten-thousandths", s, err, e4)
		}
	})
}

func TestValueOfText(t *testing.T) {
	tests := []struct {
		text string
		want string // "" when refused
	}{
		{"3.37亿元", "337000000"},
		{"近800万元", "8000000"},
		{"1.23456亿元", "123456000"}, // more decimals than a Decimal, fewer once scaled
		{"18.9%", "18.9"},
		{"11529215047亿元", ""}, // 1.15 × 10^18: wrapped to 93153024 before (defect 14)
		{"92233720.36854775807亿元", ""},
		{"9223373亿元", ""},                     // 9.2 × 10^14: just past a Decimal
		{"9223372.0368亿元", "922337203680000"}, // just below
		{"0.00001万", "0.1"},
		{"0.000000001万", ""}, // 0.00001: five decimal places
		{"0.000001元", ""},
	}
	for _, tt := range tests {
		v, ok, err := ValueOfText(tt.text)
		got := ""
		if ok && err == nil {
			got = v.String()
		}
		if !ok || got != tt.want || (tt.want == "") != (err != nil) {
			t.Errorf("ValueOfText(%q) = %s, %v, %v; want %q", tt.text, v, ok, err, tt.want)
		}
	}
}
