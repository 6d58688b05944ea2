package edit

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// FuzzReadCSV holds the import's CSV reader to what the import promises whatever the file:
// no panic; a file it cannot take is refused as the client's mistake (INVALID_ARGUMENT, naming
// the file or a line and column), never another error; and every text it hands on is UTF-8,
// with a line number that the report can name.
func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{
		"type,name,stage,region.id,source.id\nSchool,城关镇第一小学,PRIMARY,UmVnaW9uOjMw,U291cmNlOjE=\n",
		"\ufefftype,name,budgetYuan\nProject,\"a, \"\"quoted\"\" name\",5000000\n",
		"type,name\nSchool,'=SUM(A1)\nSchool,'光明'小学\n",
		"type,authors\nSource,甲;乙;丙\n",
		"type,na\xffme\nSchool,\xc0\xaf\n",
		"type,name\n\"unterminated\n",
		"",
		"__typename,name,,x.id\r\nHospital,卫生院\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var recs []Record
		err := readCSV(bytes.NewReader(b), func(r Record) error {
			recs = append(recs, r)
			return nil
		})
		if err != nil {
			var one *apperr.Error
			var list apperr.List
			switch {
			case errors.As(err, &list):
				for _, e := range list {
					if e.Code != apperr.InvalidArgument || e.Argument == "" {
						t.Fatalf("refusal %+v: want INVALID_ARGUMENT naming where", e)
					}
				}
			case errors.As(err, &one):
				if one.Code != apperr.InvalidArgument || one.Argument == "" {
					t.Fatalf("refusal %+v: want INVALID_ARGUMENT naming where", one)
				}
			default:
				t.Fatalf("refused with %T %v: want an apperr", err, err)
			}
			return
		}
		for _, r := range recs {
			if r.Line < 2 {
				t.Fatalf("record on line %d: rows start on line 2, after the header", r.Line)
			}
			if !utf8.ValidString(r.Type) {
				t.Fatalf("line %d: type %q is not UTF-8", r.Line, r.Type)
			}
			for name, v := range r.Fields {
				if !utf8.ValidString(name) {
					t.Fatalf("line %d: field name %q is not UTF-8", r.Line, name)
				}
				switch v := v.(type) {
				case string:
					if !utf8.ValidString(v) {
						t.Fatalf("line %d.%s: %q is not UTF-8", r.Line, name, v)
					}
				case []string:
					for _, s := range v {
						if !utf8.ValidString(s) {
							t.Fatalf("line %d.%s: %q is not UTF-8", r.Line, name, s)
						}
					}
				}
			}
		}
	})
}
