// Package textfold writes texts in the folded form that search compares: traditional Chinese
// characters as simplified ones, full-width ASCII as ASCII, the ideographic space as a space and
// ASCII letters in lower case. A folded text has as many characters as the original, so a
// match's place and length are the same in both.
package textfold

import "strings"

//go:generate go run gen.go

// Fold returns the folded form of s.
func Fold(s string) string {
	return strings.Map(foldRune, s)
}

func foldRune(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A')
	case r < 0x80:
		return r
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ！ to ～
		return foldRune(r - 0xFF01 + '!')
	case r == 0x3000: // ideographic space
		return ' '
	}
	if s, ok := simplifiedOf[r]; ok {
		return s
	}
	return r
}

// Grams returns the distinct grams of a folded text: each character, each pair of neighbouring
// characters (the CJK bigrams), and each triple of neighbouring ASCII letters and digits (whose
// pairs are too common to tell codes and numbers apart). A text that contains another holds all
// of its grams.
func Grams(folded string) []string {
	rs := []rune(folded)
	seen := make(map[string]bool, 3*len(rs))
	var out []string
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for i := range rs {
		add(string(rs[i]))
		if i+1 < len(rs) {
			add(string(rs[i : i+2]))
		}
		if i+2 < len(rs) && alnum(rs[i]) && alnum(rs[i+1]) && alnum(rs[i+2]) {
			add(string(rs[i : i+3]))
		}
	}
	return out
}

func alnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}
