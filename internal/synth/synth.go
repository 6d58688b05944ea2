// Package synth generates deterministic synthetic data at national scale, shaped like the peer
// benchmark's (../shared/bench/peer/sql/generate.sql): regions spread evenly down five levels,
// projects, schools, hospitals, pairings and figures. It is for benchmarks only: every row
// cites one SYNTHETIC source, and a database holds either synthetic data or real data.
package synth

import (
	"fmt"
	"time"

	"github.com/aidgraph/aidgraph/model"
)

// Scale is how many rows of each kind to generate.
type Scale struct {
	Name                                             string
	Provinces, Cities, Counties, Townships, Villages int
	Projects, Schools, Hospitals, Pairings           int
	FigureYears                                      int // poverty figures per county, one a year from 2016
}

// Scales are the peer benchmark's two sizes.
var Scales = map[string]Scale{
	"small": {Name: "small", Provinces: 1, Cities: 2, Counties: 13, Townships: 234, Villages: 2340,
		Projects: 200, Schools: 73, Hospitals: 36, Pairings: 13, FigureYears: 5},
	"national": {Name: "national", Provinces: 31, Cities: 330, Counties: 2800, Townships: 38000, Villages: 300000,
		Projects: 1000000, Schools: 200000, Hospitals: 50000, Pairings: 2800, FigureYears: 5},
}

// SourceID is the id of the one synthetic source.
const SourceID = 1

// h is a deterministic pseudo-random number for row i and a salt (splitmix64).
func h(i, salt int64) int64 {
	z := uint64(i)*0x9E3779B97F4A7C15 + uint64(salt)*0xBF58476D1CE4E5B9
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return int64((z ^ (z >> 31)) >> 1)
}

// levels describes the five levels: their counts, code digits and names.
type level struct {
	level        model.RegionLevel
	kind         model.RegionKind
	n            int
	offset       int64 // ids of this level are offset+1 .. offset+n
	digits, pos  int   // the rank's digits in the code, and where they start
	zh, en       string
	parentOffset int64
	parentN      int
}

func levels(sc Scale) []level {
	ls := []level{
		{model.RegionLevelProvince, model.RegionKindProvince, sc.Provinces, 0, 2, 0, "省", "Province", 0, 0},
		{model.RegionLevelCity, model.RegionKindPrefectureCity, sc.Cities, 0, 2, 2, "市", "City", 0, 0},
		{model.RegionLevelCounty, model.RegionKindCounty, sc.Counties, 0, 2, 4, "县", "County", 0, 0},
		{model.RegionLevelTownship, model.RegionKindTown, sc.Townships, 0, 3, 6, "镇", "Township", 0, 0},
		{model.RegionLevelVillage, model.RegionKindVillage, sc.Villages, 0, 3, 9, "村", "Village", 0, 0},
	}
	var off int64
	for i := range ls {
		ls[i].offset = off
		if i > 0 {
			ls[i].parentOffset, ls[i].parentN = ls[i-1].offset, ls[i-1].n
		}
		off += int64(ls[i].n)
	}
	return ls
}

// regionRows generates one level's regions, given the level above (by id), in id order.
func regionRows(l level, parents map[int64]*model.Division, emit func(*model.Division)) {
	for i := range int64(l.n) {
		d := &model.Division{RowID: l.offset + i + 1, Level: l.level, Kind: l.kind, SourceID: SourceID}
		rank := i + 11 // provinces: 11, 12, ... like the peer
		var parent *model.Division
		prefix := ""
		if l.parentN > 0 {
			pi := i * int64(l.parentN) / int64(l.n)
			parent = parents[l.parentOffset+pi+1]
			// rank within the parent, from 1: the first child of parent pi is ceil(pi*n/parentN)
			first := (pi*int64(l.n) + int64(l.parentN) - 1) / int64(l.parentN)
			rank = i - first + 1
			prefix = (*parent.Code)[:l.pos]
		}
		code := prefix + fmt.Sprintf("%0*d", l.digits, rank)
		code += "000000000000"[:12-len(code)]
		d.Code = &code
		if parent != nil {
			d.ParentID = &parent.RowID
			d.Path = parent.Path + fmt.Sprint(d.RowID) + "/"
			d.Name = parent.Name + l.zh + fmt.Sprintf("%0*d", l.digits, rank)
		} else {
			d.Path = "/" + fmt.Sprint(d.RowID) + "/"
			d.Name = l.zh + fmt.Sprint(rank)
		}
		en := l.en + " " + code[:l.pos+l.digits]
		d.NameEn = &en
		d.SetAncestors(parent)
		emit(d)
	}
}

var categories = []model.ProjectCategory{
	model.ProjectCategoryIndustry, model.ProjectCategoryEducation, model.ProjectCategoryHealth,
	model.ProjectCategoryHousing, model.ProjectCategoryInfrastructure, model.ProjectCategoryWater,
	model.ProjectCategoryEmployment, model.ProjectCategoryEcology, model.ProjectCategoryRelocation,
	model.ProjectCategoryFinance, model.ProjectCategoryConsumption,
}

var epoch = time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC)

func day(t time.Time) *model.PartialDate {
	d := model.PartialDate(t.Format(time.DateOnly))
	return &d
}

// project i: beneficiary a township (70 %), a village (20 %) or a county (10 %), funder a city;
// completed 50 %, in progress 30 %, planned 20 %; budget 10,000 to 50,010,000 yuan.
func project(ls []level, i int64) *model.Project {
	county, town, vill, city := ls[2], ls[3], ls[4], ls[1]
	var region int64
	switch r := h(i, 1) % 100; {
	case r < 70:
		region = town.offset + 1 + h(i, 2)%int64(town.n)
	case r < 90:
		region = vill.offset + 1 + h(i, 2)%int64(vill.n)
	default:
		region = county.offset + 1 + h(i, 2)%int64(county.n)
	}
	funder := city.offset + 1 + h(i, 3)%int64(city.n)
	status := model.ProjectStatusPlanned
	switch s := h(i, 5) % 100; {
	case s < 50:
		status = model.ProjectStatusCompleted
	case s < 80:
		status = model.ProjectStatusInProgress
	}
	budget := 10000 + h(i, 6)%50000000
	start := epoch.AddDate(0, 0, int(h(i, 7)%2900))
	p := &model.Project{RowID: i + 1, Name: fmt.Sprintf("帮扶项目%d", i+1), Category: categories[h(i, 4)%11],
		Status: &status, BudgetYuan: &budget, FunderRegionID: &funder, RegionID: &region,
		StartDate: day(start), Quote: "synthetic", SourceID: SourceID}
	if status == model.ProjectStatusCompleted {
		p.EndDate = day(start.AddDate(0, 0, 30+int(h(i, 8)%700)))
	}
	return p
}

// school i: in a village (80 %) or a township (20 %).
func school(ls []level, i int64) *model.School {
	town, vill := ls[3], ls[4]
	region := town.offset + 1 + h(i, 12)%int64(town.n)
	if h(i, 11)%100 < 80 {
		region = vill.offset + 1 + h(i, 12)%int64(vill.n)
	}
	stage := model.SchoolStagePrimary
	switch s := h(i, 13) % 100; {
	case s >= 95:
		stage = model.SchoolStageCombined
	case s >= 60:
		stage = model.SchoolStageSecondary
	}
	return &model.School{RowID: i + 1, Name: fmt.Sprintf("希望学校%d", i+1), Stage: &stage, RegionID: region, SourceID: SourceID}
}

// hospital i: a city's (5 %), a county's (25 %) or a township health centre (70 %).
func hospital(ls []level, i int64) *model.Hospital {
	city, county, town := ls[1], ls[2], ls[3]
	hp := &model.Hospital{RowID: i + 1, Name: fmt.Sprintf("人民医院%d", i+1), SourceID: SourceID}
	switch r := h(i, 21) % 100; {
	case r < 5:
		hp.Level, hp.RegionID = model.HospitalLevelMunicipal, city.offset+1+h(i, 22)%int64(city.n)
	case r < 30:
		hp.Level, hp.RegionID = model.HospitalLevelCounty, county.offset+1+h(i, 22)%int64(county.n)
	default:
		hp.Level, hp.RegionID = model.HospitalLevelTownshipHealthCentre, town.offset+1+h(i, 22)%int64(town.n)
	}
	return hp
}

// pairing i: a city helps county i (mod the number of counties).
func pairing(ls []level, i int64) *model.Pairing {
	city, county := ls[1], ls[2]
	helper := city.offset + 1 + h(i, 31)%int64(city.n)
	helped := county.offset + 1 + i%int64(county.n)
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(h(i, 33)%1500))
	return &model.Pairing{RowID: i + 1, Kind: model.PairingKindCityCounty, HelperType: model.RefRegion, HelperID: helper,
		HelpedType: model.RefRegion, HelpedID: helped, HelperRegionID: helper, HelpedRegionID: helped,
		StartDate: day(start), Quote: "synthetic", SourceID: SourceID}
}

// figure is county c's count of poor households in year 2016+y, declining to the end.
func figure(ls []level, c int64, y, years int) *model.Figure {
	county := ls[2]
	households := (h(c, 41)%20000 + 500) * int64(years-y) / int64(years)
	year := model.PartialDate(fmt.Sprint(2016 + y))
	return &model.Figure{RowID: c*int64(years) + int64(y) + 1, Metric: "poor_households", Label: "Poor households (synthetic)",
		LabelZh: "贫困户数", Value: model.Decimal(households * 10000), Unit: model.UnitHousehold, Qualifier: model.QualifierExact, Kind: model.FigureKindStock,
		OriginalText: fmt.Sprintf("%d户", households), Quote: fmt.Sprintf("synthetic: %d户", households), SourceID: SourceID,
		SubjectType: model.RefRegion, SubjectID: county.offset + 1 + c, PeriodStart: &year, PeriodEnd: &year}
}
