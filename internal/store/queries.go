package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/model"
)

// Within selects rows tied to one region, or to it and every region below it.
type Within struct {
	Region      *model.Division
	Descendants bool
}

// on is the condition that column names a region inside w.
func (w *Within) on(column string) cond {
	if w == nil {
		return cond{}
	}
	if !w.Descendants {
		return cond{column + " = ?", []any{w.Region.RowID}}
	}
	lo, hi := pathRange(w.Region.Path)
	return cond{column + " IN (SELECT regions.id FROM regions WHERE regions.path >= ? AND regions.path < ?)", []any{lo, hi}}
}

// pathRange returns the bounds of every path that starts with p ("/1/3/" to "/1/30": '0'
// follows '/' in ASCII), so that a subtree is an index range on a binary-collated column.
func pathRange(p string) (lo, hi string) {
	return p, p[:len(p)-1] + "0"
}

// byColumn partitions by column, which holds ids of rows of parent, when the parent id is given.
func (b *scoped) byColumn(col, parent string, id *int64) *scoped {
	if id != nil {
		b.by(column(col, parent, *id))
	}
	return b
}

// under partitions the rows of table by the region given, if one is, for tables that keep their
// region's ancestors (see Within.under).
func (b *scoped) under(table string, w *Within) *scoped {
	if w != nil {
		b.by(w.under(table))
	}
	return b
}

// byRegion partitions by the region column when a region is given.
func (b *scoped) byRegion(col string, w *Within) *scoped {
	if w != nil {
		b.by(w.partition(col))
	}
	return b
}

// bySubject keeps the figures about one object.
func (b *scoped) bySubject(r *model.Ref) *scoped {
	if r != nil {
		b.and(cond{"figures.subject_type = ?", []any{r.Kind}}).by(column("figures.subject_id", tableOfRef(r.Kind), r.ID))
	}
	return b
}

// RegionScope fixes the regions a connection lists.
type RegionScope struct {
	Level    *model.RegionLevel
	ParentID *int64
}

// Regions lists regions, by default in id order (which the dataset assigns in code order).
func (s *Store) Regions(ctx context.Context, sc RegionScope, l List[model.RegionFilter, model.RegionOrder]) (*Connection[*model.Division], error) {
	if conn, err := s.treeRegions(ctx, sc, l); conn != nil || err != nil {
		return conn, err
	}
	b := (&scoped{}).byColumn("regions.parent_id", "regions", sc.ParentID)
	if sc.Level != nil {
		b.and(cond{"regions.level = ?", []any{string(*sc.Level)}})
	}
	return list[model.Division](ctx, s, b, l)
}

// RegionByCode returns the region with this 12-digit code, or nil.
func (s *Store) RegionByCode(ctx context.Context, code string) (*model.Division, error) {
	t, err := s.treeOf(ctx)
	if err != nil {
		return nil, err
	}
	if d := t.byCode[code]; d != nil {
		remember[model.Division](ctx, []*model.Division{d})
		return d, nil
	}
	return s.villageByCode(ctx, code) // or no region: the tree holds all the others
}

// villageByCode reads the region with this code from the database, or nil.
func (s *Store) villageByCode(ctx context.Context, code string) (*model.Division, error) {
	var d model.Division
	err := s.session(ctx).Where("code = ?", code).Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("region by code %s: %w", code, err)
	}
	remember[model.Division](ctx, []*model.Division{&d})
	return &d, nil
}

// regionByCodeCached is RegionByCode, remembered for the rest of the request: a filter with
// `within` compiles once per parent of a nested connection.
func (s *Store) regionByCodeCached(ctx context.Context, code string) (*model.Division, error) {
	ss := sessionOf(ctx)
	if ss == nil {
		return s.RegionByCode(ctx, code)
	}
	ss.mu.Lock()
	r, seen := ss.codes[code]
	ss.mu.Unlock()
	if seen {
		return r, nil
	}
	r, err := s.RegionByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	ss.mu.Lock()
	ss.codes[code] = r
	ss.mu.Unlock()
	return r, nil
}

// Sources lists sources.
func (s *Store) Sources(ctx context.Context, l List[model.SourceFilter, model.SourceOrder]) (*Connection[*model.Source], error) {
	return list[model.Source](ctx, s, &scoped{}, l)
}

// Programs lists the programs, by default in the source's order.
func (s *Store) Programs(ctx context.Context, l List[model.ProgramFilter, model.ProgramOrder]) (*Connection[*model.Program], error) {
	return list[model.Program](ctx, s, &scoped{}, l)
}

// Funds lists funds.
func (s *Store) Funds(ctx context.Context, l List[model.FundFilter, model.FundOrder]) (*Connection[*model.Fund], error) {
	return list[model.Fund](ctx, s, &scoped{}, l)
}

// Collectives lists collectives.
func (s *Store) Collectives(ctx context.Context, l List[model.CollectiveFilter, model.CollectiveOrder]) (*Connection[*model.Collective], error) {
	return list[model.Collective](ctx, s, &scoped{}, l)
}

// Schools lists schools, all of them or those within a region.
func (s *Store) Schools(ctx context.Context, w *Within, l List[model.SchoolFilter, model.SchoolOrder]) (*Connection[*model.School], error) {
	return list[model.School](ctx, s, (&scoped{}).under("schools", w), l)
}

// Hospitals lists hospitals, all of them or those within a region.
func (s *Store) Hospitals(ctx context.Context, w *Within, l List[model.HospitalFilter, model.HospitalOrder]) (*Connection[*model.Hospital], error) {
	return list[model.Hospital](ctx, s, (&scoped{}).under("hospitals", w), l)
}

// ProjectScope fixes the projects a connection lists.
type ProjectScope struct {
	Within    *Within // beneficiary region
	ProgramID *int64
}

// Projects lists projects.
func (s *Store) Projects(ctx context.Context, sc ProjectScope, l List[model.ProjectFilter, model.ProjectOrder]) (*Connection[*model.Project], error) {
	b := (&scoped{}).under("projects", sc.Within).byColumn("projects.program_id", "programs", sc.ProgramID)
	return list[model.Project](ctx, s, b, l)
}

// PairingScope fixes the pairings a connection lists.
type PairingScope struct {
	Party    *model.Ref // a party on either side
	PartOfID *int64
	Within   *Within           // a party located in this region ...
	Role     model.PairingRole // ... on this side
}

// Pairings lists pairings.
func (s *Store) Pairings(ctx context.Context, sc PairingScope, l List[model.PairingFilter, model.PairingOrder]) (*Connection[*model.Pairing], error) {
	b := (&scoped{}).byColumn("pairings.part_of_id", "pairings", sc.PartOfID)
	if p := sc.Party; p != nil {
		b.by(either(tableOfRef(p.Kind), p.ID,
			anyOf(refIs("pairings.helper_type", "pairings.helper_id", p), refIs("pairings.helped_type", "pairings.helped_id", p)),
			side{expr: "pairings.helper_id", where: cond{"pairings.helper_type = ?", []any{p.Kind}}},
			side{expr: "pairings.helped_id", where: cond{"pairings.helped_type = ?", []any{p.Kind}}}))
	}
	if sc.Within != nil {
		switch sc.Role {
		case model.PairingRoleHelper:
			b.byRegion("pairings.helper_region_id", sc.Within)
		case model.PairingRoleHelped:
			b.byRegion("pairings.helped_region_id", sc.Within)
		default:
			b.by(sc.Within.either("pairings.helper_region_id", "pairings.helped_region_id"))
		}
	}
	return list[model.Pairing](ctx, s, b, l)
}

// FigureScope fixes the figures a connection lists.
type FigureScope struct {
	SourceID  *int64
	Subject   *model.Ref
	ProgramID *int64
	PartOfID  *int64
	Within    *Within // figures about a region inside this one
}

// Figures lists figures, by default in id order (which is each source's reading order).
func (s *Store) Figures(ctx context.Context, sc FigureScope, l List[model.FigureFilter, model.FigureOrder]) (*Connection[*model.Figure], error) {
	b := (&scoped{}).byColumn("figures.source_id", "sources", sc.SourceID).bySubject(sc.Subject).
		byColumn("figures.program_id", "programs", sc.ProgramID).byColumn("figures.part_of_id", "figures", sc.PartOfID)
	if sc.Within != nil {
		b.and(cond{"figures.subject_type = ?", []any{model.RefRegion}}).byRegion("figures.subject_id", sc.Within)
	}
	return list[model.Figure](ctx, s, b, l)
}

// refIs is the condition that a polymorphic reference points at r.
func refIs(typeColumn, idColumn string, r *model.Ref) cond {
	return cond{typeColumn + " = ? AND " + idColumn + " = ?", []any{r.Kind, r.ID}}
}
