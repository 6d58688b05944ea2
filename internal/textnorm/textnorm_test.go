package textnorm_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/aidgraph/aidgraph/internal/textnorm"
)

// TestNormalize holds the cases reported against the natural keys (visually identical names
// recorded twice, names of nothing accepted) and what multi-line text may hold.
func TestNormalize(t *testing.T) {
	for _, c := range []struct {
		name, in  string
		multiline bool
		want      string // "" when refused
		refusal   string // what the refusal says
	}{
		{"plain", "城关镇第一小学", false, "城关镇第一小学", ""},
		{"NFD to NFC", "Cafe\u0301 school", false, "Café school", ""},
		{"compatibility ideograph", "\uF963京路小学", false, "北京路小学", ""},
		{"zero-width space inside", "城关镇\u200B第一小学", false, "城关镇第一小学", ""},
		{"byte-order mark and joiners", "\uFEFF城关\u200D镇\u2060小学\u200C", false, "城关镇小学", ""},
		{"full-width digits", "城关镇第１２小学", false, "城关镇第12小学", ""},
		{"full-width letters", "ＡＢｃ小学", false, "ABc小学", ""},
		{"full-width parentheses stay", "测试学校（分校）", false, "测试学校（分校）", ""},
		{"trailing space", "城关镇第一小学 ", false, "城关镇第一小学", ""},
		{"ideographic spaces at both ends", "\u3000城关镇第一小学\u3000", false, "城关镇第一小学", ""},
		{"inner space stays", "No. 1 School", false, "No. 1 School", ""},
		{"zero-width space only", "\u200B", false, "", "empty"},
		{"spaces only", " \u3000 ", false, "", "empty"},
		{"empty", "", false, "", "empty"},
		{"NUL", "城关镇\x00小学", false, "", "control character U+0000"},
		{"escape", "\x1b[31m小学", false, "", "control character U+001B"},
		{"DEL in a quote", "投入\x7f资金", true, "", "control character U+007F"},
		{"newline in a name", "城关镇\n小学", false, "", "one line"},
		{"tab in a name", "城关镇\t小学", false, "", "one line"},
		{"line separator in a name", "城关镇\u2028小学", false, "", "one line"},
		{"newline in a quote", "第一句。\n第二句。", true, "第一句。\n第二句。", ""},
		{"CR LF in a quote", "第一句。\r\n第二句。\r", true, "第一句。\n第二句。", ""},
		{"CR in a name", "城关镇\r小学", false, "", "control character U+000D"},
		{"not UTF-8", "\xff小学", false, "", "UTF-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := textnorm.Normalize(c.in, c.multiline)
			switch {
			case c.refusal == "" && err != nil:
				t.Errorf("Normalize(%+q): %v, want %+q", c.in, err, c.want)
			case c.refusal == "" && got != c.want:
				t.Errorf("Normalize(%+q) = %+q, want %+q", c.in, got, c.want)
			case c.refusal != "" && err == nil:
				t.Errorf("Normalize(%+q) = %+q, want a refusal (%s)", c.in, got, c.refusal)
			case c.refusal != "" && !strings.Contains(err.Error(), c.refusal):
				t.Errorf("Normalize(%+q): %q, want it to say %q", c.in, err, c.refusal)
			}
		})
	}
}

// FuzzNormalize holds Normalize to its promises for any text: what it returns is valid UTF-8,
// holds no control character (but, in multi-line text, LF and tab), no invisible character and
// no white space at either end, and is its own normal form.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"城关镇第一小学", "Cafe\u0301", "\uF963", "\u200B", "第１２小学 ", "a\x00b", "x\r\ny", " \u0301x", "e\u200B\u0301", "\xff"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		out, err := textnorm.Normalize(s, multiline)
		if err != nil {
			return
		}
		if !utf8.ValidString(out) {
			t.Fatalf("Normalize(%+q) = %+q: not UTF-8", s, out)
		}
		for _, r := range out {
			if unicode.Is(unicode.Cc, r) && !(multiline && (r == '\n' || r == '\t')) {
				t.Fatalf("Normalize(%+q) = %+q holds control character %U", s, out, r)
			}
			if r == '\u200B' || r == '\uFEFF' {
				t.Fatalf("Normalize(%+q) = %+q holds invisible %U", s, out, r)
			}
		}
		if strings.TrimFunc(out, unicode.IsSpace) != out {
			t.Fatalf("Normalize(%+q) = %+q: white space at an end", s, out)
		}
		again, err := textnorm.Normalize(out, multiline)
		if err != nil || again != out {
			t.Fatalf("Normalize(%+q) = %+q, but Normalize of that = %+q, %v", s, out, again, err)
		}
	})
}
