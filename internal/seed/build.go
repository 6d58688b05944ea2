package seed

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// ids maps each table's keys to row ids, and remembers the region of every possible party.
type ids struct {
	tables  map[string]map[string]int64 // table -> key -> id
	regions map[string]*model.Division  // region key -> row
	partyIn map[model.Ref]int64         // party -> region it lies in
}

func (x *ids) add(table, key string, id int64) error {
	if key == "" || id <= 0 {
		return fmt.Errorf("%s %q: want a key and a positive id", table, key)
	}
	if x.tables[table] == nil {
		x.tables[table] = map[string]int64{}
	}
	if _, dup := x.tables[table][key]; dup {
		return fmt.Errorf("%s %q: key used twice", table, key)
	}
	for _, used := range x.tables[table] {
		if used == id {
			return fmt.Errorf("%s %q: id %d used twice", table, key, id)
		}
	}
	x.tables[table][key] = id
	return nil
}

// id resolves a key of table, which must exist.
func (x *ids) id(table, key string) (int64, error) {
	id, ok := x.tables[table][key]
	if !ok {
		return 0, fmt.Errorf("no %s with key %q", table, key)
	}
	return id, nil
}

// optional resolves a key that may be empty.
func (x *ids) optional(table, key string) (*int64, error) {
	if key == "" {
		return nil, nil
	}
	id, err := x.id(table, key)
	return &id, err
}

// ref resolves "table:key".
func (x *ids) ref(s string) (model.Ref, error) {
	table, key, ok := strings.Cut(s, ":")
	if !ok {
		return model.Ref{}, fmt.Errorf("reference %q: want table:key", s)
	}
	id, err := x.id(table, key)
	return model.Ref{Kind: table, ID: id}, err
}

// build turns the parsed files into rows, checking every reference and value.
func build(f *file) (*store.Dataset, error) {
	x := &ids{tables: map[string]map[string]int64{}, regions: map[string]*model.Division{}, partyIn: map[model.Ref]int64{}}
	d := &store.Dataset{}
	steps := []func(*file, *ids, *store.Dataset) error{
		buildSources, buildRegions, buildPrograms, buildCollectives,
		buildProjects, buildFunds, buildPairings, buildFigures,
	}
	for _, step := range steps {
		if err := step(f, x, d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func buildSources(f *file, x *ids, d *store.Dataset) error {
	for _, e := range f.Sources {
		if err := x.add(model.RefSource, e.Key, e.ID); err != nil {
			return err
		}
		kind := model.SourceKind(e.Kind)
		published, err := partialDate(e.PublishedOn)
		if err != nil || !kind.IsValid() {
			return fmt.Errorf("source %q: kind %q, date: %v", e.Key, e.Kind, err)
		}
		d.Sources = append(d.Sources, &model.Source{
			RowID: e.ID, Kind: kind, Title: e.Title, TitleEn: e.TitleEn, Publisher: e.Publisher,
			Authors: append([]string{}, e.Authors...), PublishedOn: published, URL: e.URL, Locator: e.Locator, Note: e.Note,
		})
	}
	return nil
}

func buildRegions(f *file, x *ids, d *store.Dataset) error {
	for _, e := range f.Regions {
		if err := x.add(model.RefRegion, e.Key, e.ID); err != nil {
			return err
		}
		r := &model.Division{RowID: e.ID, Level: model.RegionLevel(e.Level), Kind: model.RegionKind(e.Kind),
			Name: e.Name, NameEn: e.NameEn, Path: "/" + strconv.FormatInt(e.ID, 10) + "/"}
		if !r.Level.IsValid() || !r.Kind.IsValid() {
			return fmt.Errorf("region %q: level %q or kind %q unknown", e.Key, e.Level, e.Kind)
		}
		if e.Code != nil {
			code, err := model.NormalizeCode(*e.Code)
			if err != nil || code != *e.Code {
				return fmt.Errorf("region %q: code %q is not 12 digits", e.Key, *e.Code)
			}
			r.Code = &code
		}
		var parent *model.Division
		if e.Parent != "" {
			var ok bool
			if parent, ok = x.regions[e.Parent]; !ok {
				return fmt.Errorf("region %q: parent %q must come first", e.Key, e.Parent)
			}
			r.ParentID, r.Path = &parent.RowID, parent.Path+strconv.FormatInt(e.ID, 10)+"/"
		}
		r.SetAncestors(parent)
		var err error
		if r.SourceID, err = x.id(model.RefSource, e.Source); err != nil {
			return fmt.Errorf("region %q: %w", e.Key, err)
		}
		x.regions[e.Key] = r
		x.partyIn[model.Ref{Kind: model.RefRegion, ID: r.RowID}] = r.RowID
		d.Regions = append(d.Regions, r)
	}
	return nil
}

func buildPrograms(f *file, x *ids, d *store.Dataset) error {
	for _, e := range f.Programs {
		if err := x.add(model.RefProgram, e.Key, e.ID); err != nil {
			return err
		}
		src, err := x.id(model.RefSource, e.Source)
		if err != nil {
			return fmt.Errorf("program %q: %w", e.Key, err)
		}
		d.Programs = append(d.Programs, &model.Program{RowID: e.ID, Ordinal: e.Ordinal, Name: e.Name,
			NameEn: e.NameEn, Quote: e.Quote, SourceID: src})
	}
	return nil
}

// optionalEnum reads an optional enum value of the dataset: nil for none, an error naming what
// it is for a value the schema does not know.
func optionalEnum[E interface {
	~string
	IsValid() bool
}](s *string, what string) (*E, error) {
	if s == nil {
		return nil, nil
	}
	v := E(*s)
	if !v.IsValid() {
		return nil, fmt.Errorf("%s %q unknown", what, *s)
	}
	return &v, nil
}

func buildCollectives(f *file, x *ids, d *store.Dataset) error {
	for _, e := range f.Collectives {
		if err := x.add(model.RefCollective, e.Key, e.ID); err != nil {
			return err
		}
		c := &model.Collective{RowID: e.ID, Name: e.Name, NameEn: e.NameEn,
			MemberKind: model.CollectiveMemberKind(e.MemberKind), MemberCount: e.MemberCount, Quote: e.Quote}
		if !c.MemberKind.IsValid() {
			return fmt.Errorf("collective %q: member kind %q unknown", e.Key, e.MemberKind)
		}
		var err error
		if c.HospitalLevel, err = optionalEnum[model.HospitalLevel](e.HospitalLevel, "hospital level"); err != nil {
			return fmt.Errorf("collective %q: %w", e.Key, err)
		}
		if c.RegionID, err = x.id(model.RefRegion, e.Region); err != nil {
			return fmt.Errorf("collective %q: %w", e.Key, err)
		}
		if c.SourceID, err = x.id(model.RefSource, e.Source); err != nil {
			return fmt.Errorf("collective %q: %w", e.Key, err)
		}
		x.partyIn[model.Ref{Kind: model.RefCollective, ID: c.RowID}] = c.RegionID
		d.Collectives = append(d.Collectives, c)
	}
	return nil
}

func buildProjects(f *file, x *ids, d *store.Dataset) error {
	for _, e := range f.Projects {
		if err := x.add(model.RefProject, e.Key, e.ID); err != nil {
			return err
		}
		p := &model.Project{RowID: e.ID, Name: e.Name, NameEn: e.NameEn, Description: e.Description,
			Category: model.ProjectCategory(e.Category), BudgetYuan: e.BudgetYuan, Quote: e.Quote}
		if !p.Category.IsValid() {
			return fmt.Errorf("project %q: category %q unknown", e.Key, e.Category)
		}
		var err error
		if p.Status, err = optionalEnum[model.ProjectStatus](e.Status, "status"); err != nil {
			return fmt.Errorf("project %q: %w", e.Key, err)
		}
		if p.StartDate, err = partialDate(e.StartDate); err != nil {
			return fmt.Errorf("project %q: %w", e.Key, err)
		}
		if p.EndDate, err = partialDate(e.EndDate); err != nil {
			return fmt.Errorf("project %q: %w", e.Key, err)
		}
		if err := resolveAll(e.Key, x,
			link{&p.ProgramID, model.RefProgram, e.Program},
			link{&p.FunderRegionID, model.RefRegion, e.Funder},
			link{&p.RegionID, model.RefRegion, e.Region}); err != nil {
			return err
		}
		if p.SourceID, err = x.id(model.RefSource, e.Source); err != nil {
			return fmt.Errorf("project %q: %w", e.Key, err)
		}
		d.Projects = append(d.Projects, p)
	}
	return nil
}

func buildFunds(f *file, x *ids, d *store.Dataset) error {
	for _, e := range f.Funds {
		if err := x.add(model.RefFund, e.Key, e.ID); err != nil {
			return err
		}
		fd := &model.Fund{RowID: e.ID, Name: e.Name, NameEn: e.NameEn, Description: e.Description, Quote: e.Quote}
		if err := resolveAll(e.Key, x, link{&fd.ProgramID, model.RefProgram, e.Program}); err != nil {
			return err
		}
		var err error
		if fd.SourceID, err = x.id(model.RefSource, e.Source); err != nil {
			return fmt.Errorf("fund %q: %w", e.Key, err)
		}
		d.Funds = append(d.Funds, fd)
	}
	return nil
}

func buildPairings(f *file, x *ids, d *store.Dataset) error {
	for _, e := range f.Pairings {
		if err := x.add(model.RefPairing, e.Key, e.ID); err != nil {
			return err
		}
	}
	for _, e := range f.Pairings {
		p := &model.Pairing{RowID: e.ID, Kind: model.PairingKind(e.Kind), Description: e.Description, Quote: e.Quote}
		if !p.Kind.IsValid() {
			return fmt.Errorf("pairing %q: kind %q unknown", e.Key, e.Kind)
		}
		helper, err := x.party(e.Helper)
		if err != nil {
			return fmt.Errorf("pairing %q helper: %w", e.Key, err)
		}
		helped, err := x.party(e.Helped)
		if err != nil {
			return fmt.Errorf("pairing %q helped: %w", e.Key, err)
		}
		p.HelperType, p.HelperID, p.HelperRegionID = helper.Kind, helper.ID, x.partyIn[helper]
		p.HelpedType, p.HelpedID, p.HelpedRegionID = helped.Kind, helped.ID, x.partyIn[helped]
		if p.StartDate, err = partialDate(e.StartDate); err != nil {
			return fmt.Errorf("pairing %q: %w", e.Key, err)
		}
		if p.PartOfID, err = x.optional(model.RefPairing, e.PartOf); err != nil {
			return fmt.Errorf("pairing %q: %w", e.Key, err)
		}
		if p.SourceID, err = x.id(model.RefSource, e.Source); err != nil {
			return fmt.Errorf("pairing %q: %w", e.Key, err)
		}
		d.Pairings = append(d.Pairings, p)
	}
	return nil
}

// party resolves a pairing party, which must be something that lies in a region.
func (x *ids) party(s string) (model.Ref, error) {
	ref, err := x.ref(s)
	if err != nil {
		return ref, err
	}
	if _, ok := x.partyIn[ref]; !ok {
		return ref, fmt.Errorf("%q cannot be a pairing party", s)
	}
	return ref, nil
}

func buildFigures(f *file, x *ids, d *store.Dataset) error {
	for _, e := range f.Figures {
		if err := x.add(model.RefFigure, e.Key, e.ID); err != nil {
			return err
		}
	}
	for _, e := range f.Figures {
		fig, err := figure(e, x)
		if err != nil {
			return fmt.Errorf("figure %q: %w", e.Key, err)
		}
		d.Figures = append(d.Figures, fig)
	}
	return nil
}

func figure(e figureEntry, x *ids) (*model.Figure, error) {
	fig := &model.Figure{RowID: e.ID, Metric: e.Metric, Label: e.Label, LabelZh: e.LabelZh,
		Unit: model.Unit(e.Unit), Qualifier: model.Qualifier(e.Qualifier), Kind: model.FigureKind(e.Kind),
		OriginalText: e.OriginalText, Quote: e.Quote, TimeText: e.TimeText, Note: e.Note}
	if !fig.Unit.IsValid() || !fig.Qualifier.IsValid() {
		return nil, fmt.Errorf("unit %q or qualifier %q unknown", e.Unit, e.Qualifier)
	}
	if err := model.CheckKind(fig.Unit, fig.Kind); err != nil {
		return nil, err
	}
	if !strings.Contains(e.Quote, e.OriginalText) {
		return nil, fmt.Errorf("original text %q is not in its quote %q", e.OriginalText, e.Quote)
	}
	var err error
	if fig.Value, err = model.ParseDecimal(e.Value); err != nil {
		return nil, err
	}
	subject, err := x.ref(e.Subject)
	if err != nil {
		return nil, err
	}
	fig.SubjectType, fig.SubjectID = subject.Kind, subject.ID
	if fig.SourceID, err = x.id(model.RefSource, e.Source); err != nil {
		return nil, err
	}
	if fig.PeriodStart, err = partialDate(e.PeriodStart); err != nil {
		return nil, err
	}
	if fig.PeriodEnd, err = partialDate(e.PeriodEnd); err != nil {
		return nil, err
	}
	return fig, resolveAll(e.Key, x,
		link{&fig.ProgramID, model.RefProgram, deref(e.Program)},
		link{&fig.PartOfID, model.RefFigure, deref(e.PartOf)},
		link{&fig.RestatesID, model.RefFigure, deref(e.Restates)})
}

// link is an optional foreign key to fill from a key.
type link struct {
	dst   **int64
	table string
	key   string
}

func resolveAll(owner string, x *ids, links ...link) error {
	for _, l := range links {
		id, err := x.optional(l.table, l.key)
		if err != nil {
			return fmt.Errorf("%q: %w", owner, err)
		}
		*l.dst = id
	}
	return nil
}

func partialDate(s *string) (*model.PartialDate, error) {
	if s == nil {
		return nil, nil
	}
	p, err := model.ParsePartialDate(*s)
	return &p, err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
