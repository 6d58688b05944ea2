package seed

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// articlePath is where the source article sits beside a checkout (the shared material).
var articlePath = filepath.Join("..", "..", "..", "shared", "seed", "000_1ec53476d04604fe.txt")

// squeeze removes all white space: the article's copy breaks lines inside sentences.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

func mustArticle(t *testing.T) *Dataset {
	t.Helper()
	d, err := Article()
	if err != nil {
		t.Fatalf("Article(): %v", err)
	}
	return d
}

// Dataset is the store's type, named here for brevity.
type Dataset = store.Dataset

func TestArticleDatasetShape(t *testing.T) {
	d := mustArticle(t)
	tests := []struct {
		what      string
		got, want int
	}{
		{"sources", len(d.Sources), 2},
		{"regions", len(d.Regions), 38},
		{"programs", len(d.Programs), 6},
		{"collectives", len(d.Collectives), 7},
		{"pairings", len(d.Pairings), 5},
		{"projects", len(d.Projects), 5},
		{"funds", len(d.Funds), 1},
		// The article names no school or hospital: its counts are figures, not rows.
		{"schools", len(d.Schools), 0},
		{"hospitals", len(d.Hospitals), 0},
		{"figures", len(d.Figures), 67},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %d rows, want %d", tt.what, tt.got, tt.want)
		}
	}
	levels := map[model.RegionLevel]int{}
	for _, r := range d.Regions {
		levels[r.Level]++
	}
	want := map[model.RegionLevel]int{"PROVINCE": 1, "CITY": 2, "COUNTY": 13, "TOWNSHIP": 19, "VILLAGE": 3}
	for lvl, n := range want {
		if levels[lvl] != n {
			t.Errorf("%s regions: got %d, want %d", lvl, levels[lvl], n)
		}
	}
}

func TestVillagesHaveNoInventedCode(t *testing.T) {
	for _, r := range mustArticle(t).Regions {
		if r.Level == model.RegionLevelVillage && r.Code != nil {
			t.Errorf("village %s has code %s, but no village code was verified", r.Name, *r.Code)
		}
	}
}

func TestChecksumIsStable(t *testing.T) {
	if a, b := mustArticle(t).Checksum, mustArticle(t).Checksum; a != b || len(a) != 64 {
		t.Errorf("checksum %q then %q: want the same 64 hex digits", a, b)
	}
}

func TestFigureTextIsInItsQuote(t *testing.T) {
	for _, f := range mustArticle(t).Figures {
		if !strings.Contains(f.Quote, f.OriginalText) {
			t.Errorf("figure %d: original text %q is not in quote %q", f.RowID, f.OriginalText, f.Quote)
		}
	}
}

// TestQuotesAreInTheArticle checks every citation against the article itself, when it is at
// hand (it is in CI and in a checkout beside the shared material).
func TestQuotesAreInTheArticle(t *testing.T) {
	raw, err := os.ReadFile(articlePath)
	if err != nil {
		t.Skipf("the article is not at %s (%v): quotes not checked against it", articlePath, err)
	}
	article := squeeze(string(raw))
	d := mustArticle(t)
	quotes := map[string]string{}
	for _, f := range d.Figures {
		quotes["figure "+strconv.FormatInt(f.RowID, 10)] = f.Quote
	}
	for _, p := range d.Projects {
		quotes["project "+p.Name] = p.Quote
	}
	for _, p := range d.Pairings {
		quotes["pairing "+strconv.FormatInt(p.RowID, 10)] = p.Quote
	}
	for _, c := range d.Collectives {
		quotes["collective "+c.Name] = c.Quote
		if !strings.Contains(article, c.Name) && !strings.Contains(article, strings.TrimPrefix(c.Name, "卢氏县")) {
			t.Errorf("collective %s: the article does not name it", c.Name)
		}
	}
	for _, p := range d.Programs {
		quotes["program "+p.Name] = p.Quote
	}
	for _, f := range d.Funds {
		quotes["fund "+f.Name] = f.Quote
	}
	for what, q := range quotes {
		if q == "" || !strings.Contains(article, squeeze(q)) {
			t.Errorf("%s: quote %q is not in the article", what, q)
		}
	}
	for _, r := range d.Regions {
		if r.Level == model.RegionLevelVillage && !strings.Contains(article, r.Name) {
			t.Errorf("village %s: the article does not name it", r.Name)
		}
	}
}

// TestQualifierFollowsTheWording checks that each qualifier is the one the article's words give.
func TestQualifierFollowsTheWording(t *testing.T) {
	for _, f := range mustArticle(t).Figures {
		if want := model.QualifierOf(f.OriginalText); f.Qualifier != want {
			t.Errorf("figure %d %q: qualifier %s, want %s", f.RowID, f.OriginalText, f.Qualifier, want)
		}
	}
}

// TestValueMatchesTheOriginalText reads each printed number (with 万 and 亿) and compares it with
// the stored value, and checks that money is whole yuan.
func TestValueMatchesTheOriginalText(t *testing.T) {
	words := map[string]string{"两个村": "2", "第一": "1"}
	for _, f := range mustArticle(t).Figures {
		want, ok := words[f.OriginalText]
		if !ok {
			v, read, err := model.ValueOfText(f.OriginalText)
			if !read || err != nil {
				t.Errorf("figure %d: cannot read %q (%v)", f.RowID, f.OriginalText, err)
				continue
			}
			want = v.String()
		}
		if got := f.Value.String(); got != want {
			t.Errorf("figure %d %q: value %s, want %s", f.RowID, f.OriginalText, got, want)
		}
		if f.Unit == model.UnitYuan && int64(f.Value)%10000 != 0 {
			t.Errorf("figure %d %q: money must be whole yuan, got %s", f.RowID, f.OriginalText, f.Value)
		}
	}
}

// TestPartsAndRestatementsAgree checks that a part has its whole's unit and is smaller, and that
// a restatement has the same unit.
func TestPartsAndRestatementsAgree(t *testing.T) {
	figs := map[int64]*model.Figure{}
	for _, f := range mustArticle(t).Figures {
		figs[f.RowID] = f
	}
	for _, f := range figs {
		if f.PartOfID != nil {
			whole := figs[*f.PartOfID]
			if whole.Unit != f.Unit || f.Value > whole.Value {
				t.Errorf("figure %d (%s) is part of %d (%s): units must match and the part be smaller", f.RowID, f.OriginalText, whole.RowID, whole.OriginalText)
			}
		}
		if f.RestatesID != nil && figs[*f.RestatesID].Unit != f.Unit {
			t.Errorf("figure %d restates %d in another unit", f.RowID, *f.RestatesID)
		}
	}
}

// TestFigureKinds checks that every figure says what adding it means, the same for every figure
// of a quantity, and that the article's standing counts are stocks and its rates and ranks ratios.
func TestFigureKinds(t *testing.T) {
	want := map[string]model.FigureKind{
		"poor_households": model.FigureKindStock, "poor_population": model.FigureKindStock,
		"poor_villages": model.FigureKindStock, "member_count": model.FigureKindStock,
		"poverty_incidence_rate": model.FigureKindRatio, "pairing_assessment_rank": model.FigureKindRatio,
		"aid_funds_invested": model.FigureKindFlow, "households_lifted_out_of_poverty": model.FigureKindFlow,
		"trainees": model.FigureKindFlow, "poor_villages_exited": model.FigureKindFlow,
	}
	byMetric := map[string]model.FigureKind{}
	for _, f := range mustArticle(t).Figures {
		if err := model.CheckKind(f.Unit, f.Kind); err != nil {
			t.Errorf("figure %d %q: %v", f.RowID, f.OriginalText, err)
		}
		if k, ok := byMetric[f.Metric]; ok && k != f.Kind {
			t.Errorf("figure %d: metric %s is %s here and %s elsewhere", f.RowID, f.Metric, f.Kind, k)
		}
		byMetric[f.Metric] = f.Kind
		if k, ok := want[f.Metric]; ok && f.Kind != k {
			t.Errorf("figure %d %s: kind %s, want %s", f.RowID, f.Metric, f.Kind, k)
		}
	}
}
