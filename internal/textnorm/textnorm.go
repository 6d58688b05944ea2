// Package textnorm puts a client's text into the one form aidgraph stores, so that two texts a
// reader cannot tell apart are one text on every database: a natural key (a school's name in its
// region, a source's URL, ...) is then found by plain equality, the same on SQLite and MySQL.
package textnorm

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in the form aidgraph stores, or an error that says why s cannot be stored.
// It
//   - refuses text that is not UTF-8;
//   - refuses control characters (NUL, escape, ...). Multi-line text (a quote, a note) may hold
//     line breaks and tabs, its CR LF and lone CR read as LF; one-line text (a name, a title, an
//     address) may hold neither, nor the line and paragraph separators U+2028 and U+2029;
//   - removes the invisible format characters: zero-width spaces and joiners, the word joiner,
//     the byte-order mark, soft hyphens and the bidirectional controls;
//   - writes full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ) as ASCII; every other
//     full-width character (CJK punctuation such as （）and ，) stays as it is;
//   - puts the text in Unicode NFC, which also maps CJK compatibility ideographs (U+F963 北) to
//     their unified form (U+5317 北);
//   - trims white space at both ends (U+3000, the ideographic space, too);
//   - refuses text with no visible character left.
//
// Normalize(Normalize(s)) is Normalize(s).
func Normalize(s string, multiline bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New("is not valid UTF-8")
	}
	if multiline && strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	var b strings.Builder
	b.Grow(len(s))
	pos := 0
	for _, r := range s {
		pos++
		switch {
		case r == '\n' || r == '\t':
			if !multiline {
				return "", fmt.Errorf("holds a line break or tab (character %d): it must be one line", pos)
			}
		case unicode.Is(unicode.Cc, r):
			return "", fmt.Errorf("holds the control character U+%04X (character %d)", r, pos)
		case (r == '\u2028' || r == '\u2029') && !multiline:
			return "", fmt.Errorf("holds a line or paragraph separator U+%04X (character %d): it must be one line", r, pos)
		case invisible(r):
			continue
		case '０' <= r && r <= '９', 'Ａ' <= r && r <= 'Ｚ', 'ａ' <= r && r <= 'ｚ':
			r -= '０' - '0' // the full-width forms are the ASCII ones shifted by U+FEE0
		}
		b.WriteRune(r)
	}
	out := strings.TrimFunc(norm.NFC.String(b.String()), unicode.IsSpace)
	if strings.IndexFunc(out, visible) < 0 {
		return "", errors.New("must not be empty: it has no visible character")
	}
	return out, nil
}

// invisible tells the format characters that Normalize removes: they change no glyph but make
// two texts that look the same different. Other format characters (Arabic number signs, emoji
// tags) stay: they are part of what they are written with.
func invisible(r rune) bool {
	switch {
	case r == '\u00AD', // soft hyphen
		r == '\u180E',                  // Mongolian vowel separator
		'\u200B' <= r && r <= '\u200F', // zero-width space, non-joiner, joiner; LRM, RLM
		'\u202A' <= r && r <= '\u202E', // bidirectional embeddings and overrides
		'\u2060' <= r && r <= '\u2064', // word joiner, invisible operators
		'\u2066' <= r && r <= '\u206F', // bidirectional isolates, deprecated format characters
		r == '\uFEFF':                  // zero-width no-break space, the byte-order mark
		return true
	}
	return false
}

// visible tells a character that shows: not white space, not a format or control character.
func visible(r rune) bool {
	return !unicode.IsSpace(r) && unicode.IsGraphic(r)
}
