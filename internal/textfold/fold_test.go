package textfold

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"盧氏縣", "卢氏县"},
		{"學校", "学校"},
		{"ＬＵＳＨＩ", "lushi"},
		{"４１１２２４", "411224"},
		{"Lushi County", "lushi county"},
		{"希望　学校", "希望 学校"},
		{"乾隆", "乾隆"}, // 乾 is also a simplified character: left alone
		{"", ""},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestGrams(t *testing.T) {
	got := Grams("卢氏ab12")
	want := []string{"卢", "卢氏", "氏", "氏a", "a", "ab", "ab1", "b", "b1", "b12", "1", "12", "2"}
	if !slices.Equal(got, want) {
		t.Errorf("Grams = %q, want %q", got, want)
	}
	if g := Grams("aaaa"); !slices.Equal(g, []string{"a", "aa", "aaa"}) {
		t.Errorf("Grams(aaaa) = %q: want each gram once", g)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"盧氏縣", "ＬＵＳＨＩ", "Village 110101", "　", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if utf8.RuneCountInString(folded) != utf8.RuneCountInString(s) {
			t.Fatalf("Fold(%q) = %q: length changed", s, folded)
		}
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold(Fold(%q)) = %q, not %q", s, again, folded)
		}
		grams := Grams(folded)
		rs := []rune(folded)
		for i := range rs {
			// Every substring's grams are among the text's.
			for j := i + 1; j <= len(rs) && j <= i+4; j++ {
				for _, g := range Grams(string(rs[i:j])) {
					if !slices.Contains(grams, g) {
						t.Fatalf("Grams(%q) lacks %q of its substring %q", folded, g, string(rs[i:j]))
					}
				}
			}
		}
		for _, g := range grams {
			if !strings.Contains(folded, g) {
				t.Fatalf("gram %q is not in %q", g, folded)
			}
		}
	})
}
