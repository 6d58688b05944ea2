package api_test

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/aidgraph/aidgraph/graph/generated"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// statedLimit finds the numbers of characters a description states: "1 to 200 characters",
// "at most 2,000 characters", "a 12-digit code".
var statedLimit = regexp.MustCompile(`(\d[\d,]*)(?: characters|-digit)`)

// TestSchemaStatesTextLimits holds the schema's descriptions to model.TextLimits: every text
// field of every mutation's input has a limit there, and its description states that limit and
// no other.
func TestSchemaStatesTextLimits(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	seen := map[string]bool{}
	for _, m := range schema.Mutation.Fields {
		for _, a := range m.Arguments {
			in := schema.Types[a.Type.Name()]
			if in == nil || in.Kind != ast.InputObject || seen[in.Name] {
				continue
			}
			seen[in.Name] = true
			for _, f := range in.Fields {
				if f.Type.Name() != "String" {
					continue
				}
				l, ok := model.TextLimitOf(in.Name, f.Name)
				if !ok {
					t.Errorf("%s.%s is text, but model.TextLimits gives it no limit", in.Name, f.Name)
					continue
				}
				var stated []int
				for _, m := range statedLimit.FindAllStringSubmatch(f.Description, -1) {
					n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
					stated = append(stated, n)
				}
				if len(stated) == 0 || slices.ContainsFunc(stated, func(n int) bool { return n != l.Max }) {
					t.Errorf("%s.%s: the description %q states %v characters, model.TextLimits %d", in.Name, f.Name, f.Description, stated, l.Max)
				}
			}
		}
	}
	for _, l := range model.TextLimits() {
		in := schema.Types[l.Input]
		if !seen[l.Input] || in.Fields.ForName(l.Field) == nil {
			t.Errorf("model.TextLimits names %s.%s, which no mutation takes", l.Input, l.Field)
		}
	}
}

// fill returns seed followed by 字 up to n characters.
func fill(seed string, n int) string {
	return seed + strings.Repeat("字", n-utf8.RuneCountInString(seed))
}

// limitInput returns a valid input of the limit's type whose text field has n characters (each
// rule the field also obeys kept), and the value the field then holds.
func limitInput(l model.TextLimit, n int) (map[string]any, any) {
	in := baseInputs()[strings.TrimSuffix(l.Input, "Input")]
	var v string
	switch l.Input + "." + l.Field {
	case "FigureInput.metric":
		v = "m" + strings.Repeat("a", n-1)
	case "FigureInput.originalText":
		v = fill("800万元", n) // a quote must contain it; its words make it EXACT
		in = with(in, "qualifier", "EXACT", "quote", v)
	case "FigureInput.quote":
		v = fill("投入测试资金近800万元", n)
	case "CollectiveInput.name":
		v = fill("限长测试学校组", n)
		in = with(in, "quote", v) // the quote must contain the name
	case "CollectiveInput.quote":
		v = fill("写入测试学校组共3所", n)
	case "SourceInput.url":
		v = "https://example.org/" + strings.Repeat("a", n-len("https://example.org/"))
	case "VillageInput.code":
		v = "4112242003" + strings.Repeat("1", n-10) // in Wenyu, whose code begins 411224200
	default:
		v = fill("限长测试", n)
	}
	if l.Field == "authors" {
		return with(in, l.Field, []string{v}), []any{v}
	}
	return with(in, l.Field, v), v
}

// TestTextLimits sends every text field of every mutation's input at exactly its limit, which
// is recorded and reads back identical, and one character over it, which is refused naming the
// field, on every database: MySQL's columns once refused names of 200 characters with an
// internal error, and SQLite took URLs of any length.
func TestTextLimits(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		w := newWrites(t, d)
		for _, l := range model.TextLimits() {
			typ := strings.TrimSuffix(l.Input, "Input")
			t.Run(l.Input+"."+l.Field, func(t *testing.T) {
				in, want := limitInput(l, l.Max)
				c := w.create(t, w.editor, typ, in)
				var got struct{ Node map[string]any }
				w.ok(t, w.editor, fmt.Sprintf(`query($id: ID!) { node(id: $id) { ... on %s { %s } } }`, typ, l.Field),
					map[string]any{"id": c.ID}, &got)
				if g := got.Node[l.Field]; fmt.Sprint(g) != fmt.Sprint(want) {
					t.Errorf("%s reads back as %.80q..., want %.80q...", l.Field, fmt.Sprint(g), fmt.Sprint(want))
				}
				w.remove(t, w.editor, c.ID, c.Version) // its natural key is free for the next case

				in, _ = limitInput(l, l.Max+1)
				arg := "input." + l.Field
				if l.Field == "authors" {
					arg += ".0"
				}
				checkErrors(t, w.do(t, w.editor, createDoc(typ), map[string]any{"in": in}), wantErr{arg, "INVALID_ARGUMENT"})
			})
		}
	})
}

// TestNaturalKeysAreNormalised records a school under a name a reader cannot tell from
// another's, then the other: the second is the same school (ALREADY_EXISTS) on every database,
// and the first is stored in the one form. Names of nothing, or with a control character, are
// refused.
func TestNaturalKeysAreNormalised(t *testing.T) {
	cases := []struct{ name, first, second string }{
		{"NFD and NFC", "Cafe\u0301测试小学", "Café测试小学"},
		{"compatibility ideograph", "\uF963京路测试小学", "北京路测试小学"},
		{"zero-width space inside", "城关\u200B镇测试小学", "城关镇测试小学"},
		{"full-width digits", "第１２测试小学", "第12测试小学"},
		{"trailing space", "尾随空格测试小学 ", "尾随空格测试小学"},
		{"ideographic space and byte-order mark", "\uFEFF\u3000全角空格测试小学", "全角空格测试小学"},
	}
	refused := []struct{ name, value string }{
		{"zero-width space only", "\u200B"},
		{"NUL inside", "测试\x00小学"},
		{"line break inside", "测试\n小学"},
		{"spaces only", " \u3000 "},
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		w := newWrites(t, d)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				first := w.create(t, w.editor, "School", with(baseInputs()["School"], "name", c.first))
				var got struct{ Node struct{ Name string } }
				w.ok(t, w.editor, `query($id: ID!) { node(id: $id) { ... on School { name } } }`, map[string]any{"id": first.ID}, &got)
				if got.Node.Name != c.second {
					t.Errorf("%+q is stored as %+q, want %+q", c.first, got.Node.Name, c.second)
				}
				r := w.do(t, w.editor, createDoc("School"), map[string]any{"in": with(baseInputs()["School"], "name", c.second)})
				checkErrors(t, r, wantErr{"input.name", "ALREADY_EXISTS"})
			})
		}
		for _, c := range refused {
			t.Run(c.name, func(t *testing.T) {
				w.unchanged(t, func() {
					r := w.do(t, w.editor, createDoc("School"), map[string]any{"in": with(baseInputs()["School"], "name", c.value)})
					checkErrors(t, r, wantErr{"input.name", "INVALID_ARGUMENT"})
				})
			})
		}
	})
}
