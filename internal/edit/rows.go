package edit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aidgraph/aidgraph/model"
)

// The types a reference may name.
var (
	placeTypes   = []string{model.TypeCounty, model.TypeTownship, model.TypeVillage}
	regionTypes  = model.TypesOf(model.RegionKinds())
	partyTypes   = slices.Concat(regionTypes, []string{model.TypeSchool, model.TypeHospital, model.TypeCollective})
	subjectTypes = slices.Concat(regionTypes, []string{model.TypePairing, model.TypeProject, model.TypeFund, model.TypeProgram, model.TypeCollective})
)

func (c *checker) school(in model.SchoolInput, id int64) *model.School {
	c.input = "SchoolInput"
	in.Name, in.NameEn = c.text("name", in.Name), c.optText("nameEn", in.NameEn)
	if in.Stage != nil {
		c.enum("stage", *in.Stage, *in.Stage)
	}
	_, region := c.ref("regionId", in.RegionID, placeTypes...)
	_, source := c.ref("sourceId", in.SourceID, model.TypeSource)
	row := &model.School{RowID: id, Name: in.Name, NameEn: in.NameEn, Stage: in.Stage, RegionID: region, SourceID: source}
	c.uniqueRow(row, id)
	return row
}

func (c *checker) hospital(in model.HospitalInput, id int64) *model.Hospital {
	c.input = "HospitalInput"
	in.Name, in.NameEn = c.text("name", in.Name), c.optText("nameEn", in.NameEn)
	c.enum("level", in.Level, in.Level)
	_, region := c.ref("regionId", in.RegionID, placeTypes...)
	_, source := c.ref("sourceId", in.SourceID, model.TypeSource)
	row := &model.Hospital{RowID: id, Name: in.Name, NameEn: in.NameEn, Level: in.Level, RegionID: region, SourceID: source}
	c.uniqueRow(row, id)
	return row
}

func (c *checker) collective(in model.CollectiveInput, id int64) *model.Collective {
	c.input = "CollectiveInput"
	in.Name, in.NameEn = c.text("name", in.Name), c.optText("nameEn", in.NameEn)
	c.enum("memberKind", in.MemberKind, in.MemberKind)
	if in.HospitalLevel != nil {
		c.enum("hospitalLevel", *in.HospitalLevel, *in.HospitalLevel)
	}
	if in.MemberCount != nil && *in.MemberCount < 1 {
		c.fail("memberCount", "memberCount must be at least 1 (got %d)", *in.MemberCount)
	}
	in.Quote = c.quote(in.Quote, in.Name, "name")
	_, region := c.ref("regionId", in.RegionID, regionTypes...)
	_, source := c.ref("sourceId", in.SourceID, model.TypeSource)
	row := &model.Collective{RowID: id, Name: in.Name, NameEn: in.NameEn, MemberKind: in.MemberKind, HospitalLevel: in.HospitalLevel,
		MemberCount: in.MemberCount, RegionID: region, Quote: in.Quote, SourceID: source}
	c.uniqueRow(row, id)
	return row
}

func (c *checker) project(in model.ProjectInput, id int64) *model.Project {
	c.input = "ProjectInput"
	in.Name, in.NameEn = c.text("name", in.Name), c.optText("nameEn", in.NameEn)
	in.Description = c.optText("description", in.Description)
	c.enum("category", in.Category, in.Category)
	if in.Status != nil {
		c.enum("status", *in.Status, *in.Status)
	}
	if in.BudgetYuan != nil && *in.BudgetYuan < 0 {
		c.fail("budgetYuan", "budgetYuan must be 0 or more (got %d)", *in.BudgetYuan)
	} else if in.BudgetYuan != nil {
		if err := model.CheckSafeInteger(*in.BudgetYuan); err != nil {
			c.fail("budgetYuan", "budgetYuan: %v", err)
		}
	}
	c.period("startDate", in.StartDate, "endDate", in.EndDate)
	in.Quote = c.quote(in.Quote, "", "")
	p := &model.Project{RowID: id, Name: in.Name, NameEn: in.NameEn, Description: in.Description, Category: in.Category,
		Status: in.Status, BudgetYuan: in.BudgetYuan, StartDate: in.StartDate, EndDate: in.EndDate, Quote: in.Quote}
	p.ProgramID = c.optRef("programId", in.ProgramID, model.TypeProgram)
	p.FunderRegionID = c.optRef("funderRegionId", in.FunderRegionID, regionTypes...)
	p.RegionID = c.optRef("regionId", in.RegionID, regionTypes...)
	_, p.SourceID = c.ref("sourceId", in.SourceID, model.TypeSource)
	c.uniqueRow(p, id)
	return p
}

func (c *checker) pairing(in model.PairingInput, id int64) *model.Pairing {
	c.input = "PairingInput"
	c.enum("kind", in.Kind, in.Kind)
	in.Quote = c.quote(in.Quote, "", "")
	in.Description = c.optText("description", in.Description)
	p := &model.Pairing{RowID: id, Kind: in.Kind, StartDate: in.StartDate, Description: in.Description, Quote: in.Quote}
	p.HelperType, p.HelperID, p.HelperRegionID = c.party("helperId", in.HelperID)
	p.HelpedType, p.HelpedID, p.HelpedRegionID = c.party("helpedId", in.HelpedID)
	if in.HelperID == in.HelpedID {
		c.fail("helpedId", "a party cannot help itself: helpedId is helperId")
	}
	p.PartOfID = c.optRef("partOfId", in.PartOfID, model.TypePairing)
	if p.PartOfID != nil && *p.PartOfID == id {
		c.fail("partOfId", "a pairing cannot be part of itself")
	}
	_, p.SourceID = c.ref("sourceId", in.SourceID, model.TypeSource)
	c.uniqueRow(p, id)
	return p
}

// party resolves a pairing's party: its reference kind, its id and the region it is in.
func (c *checker) party(field, id string) (string, int64, int64) {
	k, rowID := c.ref(field, id, partyTypes...)
	if k == nil {
		return "", 0, 0
	}
	if k.IsRegion() {
		return k.Ref, rowID, rowID
	}
	row, err := c.read().Get(k, rowID)
	if err != nil {
		c.dbErr = err
		return "", 0, 0
	}
	region, _ := columnOf(row, "RegionID").(int64)
	return k.Ref, rowID, region
}

var metricKey = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func (c *checker) figure(in model.FigureInput, id int64) *model.Figure {
	c.input = "FigureInput"
	n := len(c.errs)
	if in.Metric = c.text("metric", in.Metric); len(c.errs) == n && !metricKey.MatchString(in.Metric) {
		c.fail("metric", "metric %q must be a snake_case key (for example poor_households)", in.Metric)
	}
	in.Label, in.LabelZh = c.text("label", in.Label), c.text("labelZh", in.LabelZh)
	in.OriginalText = c.text("originalText", in.OriginalText)
	c.enum("unit", in.Unit, in.Unit)
	c.enum("qualifier", in.Qualifier, in.Qualifier)
	c.figureRules(in)
	in.Quote = c.quote(in.Quote, in.OriginalText, "originalText")
	in.TimeText, in.Note = c.optText("timeText", in.TimeText), c.optText("note", in.Note)
	c.period("periodStart", in.PeriodStart, "periodEnd", in.PeriodEnd)
	f := &model.Figure{RowID: id, Metric: in.Metric, Label: in.Label, LabelZh: in.LabelZh, Value: in.Value, Unit: in.Unit,
		Qualifier: in.Qualifier, Kind: in.Kind, OriginalText: in.OriginalText, Quote: in.Quote, PeriodStart: in.PeriodStart,
		PeriodEnd: in.PeriodEnd, TimeText: in.TimeText, Note: in.Note}
	if k, subject := c.ref("subjectId", in.SubjectID, subjectTypes...); k != nil {
		f.SubjectType, f.SubjectID = k.Ref, subject
	}
	_, f.SourceID = c.ref("sourceId", in.SourceID, model.TypeSource)
	f.ProgramID = c.optRef("programId", in.ProgramID, model.TypeProgram)
	f.PartOfID = c.linkedFigure("partOfId", in.PartOfID, id, in)
	f.RestatesID = c.linkedFigure("restatesId", in.RestatesID, id, in)
	c.uniqueRow(f, id)
	return f
}

// figureRules holds a new figure to the rules every figure of the article obeys.
func (c *checker) figureRules(in model.FigureInput) {
	if in.Value < 0 {
		c.fail("value", "value must be 0 or more (got %s)", in.Value)
	}
	if err := model.CheckKind(in.Unit, in.Kind); err != nil {
		c.fail("kind", "%v", err)
	}
	if want := model.QualifierOf(in.OriginalText); in.Qualifier != want {
		c.fail("qualifier", "the words %q make the figure %s, not %s (近 NEARLY, 约/左右 APPROXIMATE, 余/多/以上 MORE_THAN)", in.OriginalText, want, in.Qualifier)
	}
	if v, ok, err := model.ValueOfText(in.OriginalText); err != nil {
		c.fail("originalText", "%v: no figure can record it", err)
	} else if ok && v != in.Value {
		c.fail("value", "%q states %s in the base unit (万 = 10,000, 亿 = 100,000,000), not %s", in.OriginalText, v, in.Value)
	}
	if in.Unit == model.UnitYuan && !in.Value.IsWhole() {
		c.fail("value", "money is recorded in whole yuan: %s is not", in.Value)
	}
}

// linkedFigure resolves a figure a figure is a part or restatement of: another figure, in the
// same unit, and for a part not larger than its whole.
func (c *checker) linkedFigure(field string, ref *string, self int64, in model.FigureInput) *int64 {
	id := c.optRef(field, ref, model.TypeFigure)
	if id == nil {
		return nil
	}
	if *id == self {
		c.fail(field, "%s names the figure itself", field)
		return nil
	}
	k, _ := model.KindOfType(model.TypeFigure)
	row, err := c.read().Get(k, *id)
	if err != nil {
		c.dbErr = err
		return nil
	}
	other := row.(*model.Figure)
	if other.Unit != in.Unit {
		c.fail(field, "%s is in %s, this figure in %s: a part or restatement has its figure's unit", field, other.Unit, in.Unit)
	}
	if field == "partOfId" && in.Value > other.Value {
		c.fail("value", "a part (其中) cannot be larger than its whole (%s)", other.Value)
	}
	return id
}

// quote requires the source's words, and that they contain what they are said to state (both
// normalised). It returns the quote to store.
func (c *checker) quote(quote, contains, field string) string {
	quote = c.text("quote", quote)
	if contains != "" && !strings.Contains(quote, contains) {
		c.fail("quote", "the quote must contain the %s %q, as the source words it", field, contains)
	}
	return quote
}

func (c *checker) source(in model.SourceInput, id int64) *model.Source {
	c.input = "SourceInput"
	c.enum("kind", in.Kind, in.Kind)
	in.Title, in.TitleEn = c.text("title", in.Title), c.optText("titleEn", in.TitleEn)
	in.Publisher, in.Locator = c.optText("publisher", in.Publisher), c.optText("locator", in.Locator)
	in.Note = c.optText("note", in.Note)
	n := len(c.errs)
	if in.URL = c.optText("url", in.URL); len(c.errs) == n {
		c.webAddress("url", in.URL)
	}
	if in.Publisher == nil && in.URL == nil {
		c.fail("publisher", "a source needs a publisher or a url, so that a reader can find it")
	}
	if len(in.Authors) > model.MaxAuthors {
		c.fail("authors", "authors has %d names, more than %d", len(in.Authors), model.MaxAuthors)
	}
	authors := make([]string, len(in.Authors))
	for i, a := range in.Authors {
		authors[i] = c.textAt(fmt.Sprintf("authors.%d", i), "authors", a)
	}
	row := &model.Source{RowID: id, Kind: in.Kind, Title: in.Title, TitleEn: in.TitleEn, Publisher: in.Publisher, Authors: authors,
		PublishedOn: in.PublishedOn, URL: in.URL, Locator: in.Locator, Note: in.Note}
	c.uniqueRow(row, id)
	return row
}

var divisionCode = regexp.MustCompile(`^[0-9]{12}$`)

func (c *checker) village(in model.VillageInput, id int64) *model.Division {
	c.input = "VillageInput"
	in.Name, in.NameEn = c.text("name", in.Name), c.optText("nameEn", in.NameEn)
	n := len(c.errs)
	in.Code = c.optText("code", in.Code)
	codeRead := len(c.errs) == n
	d := &model.Division{RowID: id, Level: model.RegionLevelVillage, Kind: model.RegionKindVillage, Code: in.Code, Name: in.Name, NameEn: in.NameEn}
	k, township := c.ref("townshipId", in.TownshipID, model.TypeTownship)
	if township != 0 {
		d.ParentID = &township
	}
	_, d.SourceID = c.ref("sourceId", in.SourceID, model.TypeSource)
	if in.Code != nil && codeRead {
		if !divisionCode.MatchString(*in.Code) {
			c.fail("code", "code %q must be the 12 digits of a statistical division code", *in.Code)
		} else if k != nil {
			if row, err := c.read().Get(k, township); err == nil {
				if t := row.(*model.Division); t.Code != nil && !strings.HasPrefix(*in.Code, (*t.Code)[:9]) {
					c.fail("code", "code %s is not in township %s %s: a village's code begins with its township's first nine digits (%s)", *in.Code, t.Name, *t.Code, (*t.Code)[:9])
				}
			}
		}
	}
	c.uniqueRow(d, id)
	return d
}
