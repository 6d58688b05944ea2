package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// sumFixtures are flows the article lacks: one quantity of one pairing in two years apart and
// in a period that overlaps one of them, and of a county and a township inside it. They are
// loaded only where a rule needs them, as their metrics say.
func sumFixtures() *store.Dataset {
	pd := func(s string) *model.PartialDate { d := model.PartialDate(s); return &d }
	fig := func(id int64, metric string, value int64, subjectType string, subject int64, start, end string) *model.Figure {
		return &model.Figure{RowID: id, Metric: metric, Label: "test fixture", LabelZh: "测试", Value: model.Decimal(value * 10000),
			Unit: model.UnitPerson, Qualifier: model.QualifierExact, Kind: model.FigureKindFlow, OriginalText: "1人",
			Quote: "test fixture 1人", SourceID: 1, SubjectType: subjectType, SubjectID: subject, PeriodStart: pd(start), PeriodEnd: pd(end)}
	}
	return &store.Dataset{Name: "sum-fixtures", Checksum: "1", Figures: []*model.Figure{
		fig(9101, "fixture_trained_by_year", 100, model.RefPairing, 1, "2018", "2018"),
		fig(9102, "fixture_trained_by_year", 250, model.RefPairing, 1, "2019-01", "2019-12-31"),
		fig(9103, "fixture_trained_overlapping", 100, model.RefPairing, 1, "2018", "2019-06"),
		fig(9104, "fixture_trained_overlapping", 250, model.RefPairing, 1, "2019-05", "2019-12"),
		fig(9105, "fixture_trained_nested", 400, model.RefRegion, 4, "2019", "2019"), // 卢氏县
		fig(9106, "fixture_trained_nested", 30, model.RefRegion, 30, "2019", "2019"), // 城关镇, in it
		fig(9107, "fixture_trained_apart", 30, model.RefRegion, 30, "2019", "2019"),  // 城关镇
		fig(9108, "fixture_trained_apart", 40, model.RefRegion, 31, "2019", "2019"),  // 杜关镇, beside it
	}}
}

// TestSumRules holds each rule of what a figure sum adds, on the article's own numbers where
// it has them: a sum is given only where adding is honest, and otherwise withheld with a note
// that names the reason; stocks and ratios offer the latest figure of each subject instead.
func TestSumRules(t *testing.T) {
	cases := []struct {
		name   string
		query  string // a figures field whose aggregate is read: figures(...) or region(...) { figures }
		unit   model.Unit
		value  string // the sum as the API writes it; "" when it must be withheld
		qual   model.Qualifier
		note   string   // a phrase the note must hold; "" when there must be no note
		latest []string // the values of latest, when checked
	}{
		// Ratios never add up: 18.9% (2016) + 0.98% (2019) is no 19.88%.
		{"ratios are never summed", `figures(filter: {unit: {eq: PERCENT}})`, model.UnitPercent, "", model.QualifierExact,
			"rates, shares or ranks (比率)", []string{"0.98"}},
		{"ratios are never summed for a region", `region(code: "411224") { figures`, model.UnitPercent, "", model.QualifierExact,
			"rates, shares or ranks", []string{"0.98"}},
		// Stocks at different dates: 19,645 poor households (2016) and 1,542 (end of 2019) are no 21,187.
		{"stocks at different dates are never summed", `figures(filter: {metric: {eq: "poor_households"}})`, model.UnitHousehold, "",
			model.QualifierExact, "2 different dates (存量)", []string{"1542"}},
		// Stocks of different subjects at one date: Zhengzhou's 12 hospitals and Lushi's 4.
		{"stocks of different subjects at one date add up", `figures(filter: {metric: {eq: "member_count"}, unit: {eq: HOSPITAL}})`,
			model.UnitHospital, "16", model.QualifierExact, "", nil},
		// A stock beside a flow: poor households beside households lifted out of poverty.
		{"stocks and flows are never added", `figures(filter: {subjectRegion: {code: {eq: "411224000000"}}, unit: {eq: HOUSEHOLD}})`,
			model.UnitHousehold, "", model.QualifierExact, "counts standing at a date (存量", nil},
		// Different quantities in one unit: the README's yuan figures, ten different things.
		{"different quantities are never added", `figures(filter: {unit: {eq: YUAN}, isPart: false, isRestatement: false})`,
			model.UnitYuan, "", model.QualifierApproximate, "10 different quantities", nil},
		// Flows of three projects: 1086万 + 736万 + 283万.
		{"flows of different subjects add up", `figures(filter: {metric: {eq: "project_investment"}})`, model.UnitYuan, "21050000",
			model.QualifierExact, "", nil},
		// A restatement: the headline's 3亿多元 restates 3.37亿元.
		{"a restatement is not added to what it restates", `figures(filter: {metric: {eq: "aid_funds_invested"}})`, model.UnitYuan, "",
			model.QualifierMoreThan, "restatements of others", nil},
		{"one figure per quantity is its own sum", `figures(filter: {metric: {eq: "aid_funds_invested"}, isRestatement: false})`,
			model.UnitYuan, "337000000", model.QualifierExact, "", nil},
		// A part: the districts' 2600万 is part of 2019's 1.38亿.
		{"a part is not added to its whole", `figures(filter: {metric: {eq: "industry_aid_funds_new"}})`, model.UnitYuan, "",
			model.QualifierExact, "parts (其中)", nil},
		// The two restatements of 3.37亿元 alone: the same pairing over the same period, twice.
		{"flows of one subject over overlapping periods are not added", `figures(filter: {metric: {eq: "aid_funds_invested"}, isRestatement: true})`,
			model.UnitYuan, "", model.QualifierMoreThan, "same subject over overlapping periods", nil},
		// Donations to the partnership and to the districts' pairing, which is part of it.
		{"a subject inside another is not added to it", `figures(filter: {metric: {eq: "donated_goods_value"}})`, model.UnitYuan, "",
			model.QualifierApproximate, "part of another figure's subject", nil},
		// Households lifted out of poverty by the fund and in all of Lushi: the fund's may be among Lushi's.
		{"subjects of different kinds are not added", `figures(filter: {metric: {eq: "households_lifted_out_of_poverty"}})`,
			model.UnitHousehold, "", model.QualifierExact, "different kinds of subject", nil},
		// The test fixtures, for the rules the article's numbers do not reach.
		{"flows of one subject in periods apart add up", `figures(filter: {metric: {eq: "fixture_trained_by_year"}})`,
			model.UnitPerson, "350", model.QualifierExact, "", nil},
		{"flows of one subject in overlapping periods are not added", `figures(filter: {metric: {eq: "fixture_trained_overlapping"}})`,
			model.UnitPerson, "", model.QualifierExact, "same subject over overlapping periods", nil},
		{"a township is not added to its county", `figures(filter: {metric: {eq: "fixture_trained_nested"}})`,
			model.UnitPerson, "", model.QualifierExact, "a township within its county", nil},
		{"townships side by side add up", `figures(filter: {metric: {eq: "fixture_trained_apart"}})`,
			model.UnitPerson, "70", model.QualifierExact, "", nil},
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		if _, err := h.store.LoadDataset(context.Background(), sumFixtures()); err != nil {
			t.Fatalf("load sum fixtures: %v", err)
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				s := figureSumOf(t, h, c.query, c.unit)
				if got := decimalText(s.Value); got != c.value {
					t.Errorf("value %q, want %q (note: %v)", got, c.value, deref(s.Note))
				}
				if s.Qualifier != c.qual {
					t.Errorf("qualifier %s, want %s", s.Qualifier, c.qual)
				}
				switch {
				case c.note == "" && s.Note != nil:
					t.Errorf("note %q, want none", *s.Note)
				case c.note != "" && !strings.Contains(deref(s.Note), c.note):
					t.Errorf("note %q, want one that says %q", deref(s.Note), c.note)
				case c.value == "" && !strings.HasPrefix(deref(s.Note), "withheld: "):
					t.Errorf("a withheld sum's note must say so: %q", deref(s.Note))
				}
				if c.latest != nil {
					var got []string
					for _, n := range s.Latest.Nodes {
						got = append(got, decimalText(n.Value))
					}
					if strings.Join(got, ",") != strings.Join(c.latest, ",") {
						t.Errorf("latest %v, want %v", got, c.latest)
					}
				}
			})
		}
		t.Run("the latest stocks of one date add up", func(t *testing.T) {
			s := figureSumOf(t, h, `figures(filter: {metric: {eq: "poor_households"}})`, model.UnitHousehold)
			if l := s.Latest.Aggregate.ByUnit; len(l) != 1 || decimalText(l[0].Value) != "1542" || l[0].Note != nil {
				t.Errorf("latest's sum: %+v, want 1542 with no note", l)
			}
		})
	})
}

// figureSum is a FigureSum as a client reads it.
type clientFigureSum struct {
	Unit      model.Unit
	Value     json.Number
	Qualifier model.Qualifier
	Note      *string
	Latest    struct {
		Nodes     []struct{ Value json.Number }
		Aggregate struct {
			ByUnit []struct {
				Value json.Number
				Note  *string
			}
		}
	}
}

// figureSumOf reads the sum of one unit from the aggregate of the figures field that field opens
// (a region's figures when it opens a region's selection).
func figureSumOf(t *testing.T, h *harness, field string, unit model.Unit) clientFigureSum {
	t.Helper()
	sel := `{ aggregate { byUnit { unit value qualifier note latest { nodes { value } aggregate { byUnit { value note } } } } } }`
	q, nested := "{ x: "+field+" "+sel+" }", strings.HasPrefix(field, "region(")
	if nested {
		q = "{ x: " + field + " " + sel + " } }"
	}
	var got map[string]json.RawMessage
	h.data(t, q, nil, &got)
	raw := got["x"]
	if nested {
		var r map[string]json.RawMessage
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		raw = r["figures"]
	}
	var agg struct {
		Aggregate struct{ ByUnit []clientFigureSum }
	}
	if err := json.Unmarshal(raw, &agg); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	for _, s := range agg.Aggregate.ByUnit {
		if s.Unit == unit {
			return s
		}
	}
	t.Fatalf("no sum in %s among %s", unit, raw)
	return clientFigureSum{}
}

// decimalText is a Decimal as the API wrote it, "" for null.
func decimalText(n json.Number) string { return n.String() }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
