package api_test

import (
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestEverySubjectAndPartyIsNamed reads what each figure is about and who helps whom with
// name alone, as a front end shows them: no fragment per type, and no name left empty.
func TestEverySubjectAndPartyIsNamed(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		var got struct {
			Figures struct {
				TotalCount int
				Nodes      []struct {
					OriginalText string
					Subject      struct{ Typename, Name string }
				}
			}
			Pairings struct {
				Nodes []struct {
					Name           string
					NameEn         *string
					Helper, Helped struct{ Typename, Name string }
				}
			}
		}
		h.data(t, `{
			figures(first: 100) { totalCount nodes { originalText subject { typename: __typename name } } }
			pairings { nodes { name nameEn helper { typename: __typename name } helped { typename: __typename name } } }
		}`, nil, &got)
		if len(got.Figures.Nodes) != got.Figures.TotalCount {
			t.Fatalf("read %d of %d figures", len(got.Figures.Nodes), got.Figures.TotalCount)
		}
		types := map[string]bool{}
		for _, f := range got.Figures.Nodes {
			if f.Subject.Name == "" {
				t.Errorf("figure %s: its %s subject has no name", f.OriginalText, f.Subject.Typename)
			}
			types[f.Subject.Typename] = true
		}
		for _, typ := range []string{"Pairing", "Province", "City", "County", "Project", "Fund", "Collective"} {
			if !types[typ] {
				t.Errorf("no figure about a %s: the article's subjects are of every one of these types", typ)
			}
		}
		for _, p := range got.Pairings.Nodes {
			if want := p.Helper.Name + "结对帮扶" + p.Helped.Name; p.Name != want || p.Helper.Name == "" || p.Helped.Name == "" {
				t.Errorf("pairing named %q, want %q", p.Name, want)
			}
		}
		if p := got.Pairings.Nodes[0]; p.Name != "郑州市结对帮扶卢氏县" || p.NameEn == nil || *p.NameEn != "Zhengzhou helping Lushi County" {
			t.Errorf("the city–county pairing is named %q / %v", p.Name, p.NameEn)
		}
	})
}
