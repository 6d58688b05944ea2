package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/model"
)

// Within selects rows tied to one region, or to it and every region below it.
type Within struct {
	Region      *model.Division
	Descendants bool
}

// match narrows q to rows whose column names a region inside w.
func (w Within) match(q *gorm.DB, column string) *gorm.DB {
	cond, args := w.cond(column)
	return q.Where(cond, args...)
}

// cond is the SQL condition that column names a region inside w. A subtree is a range of
// materialized paths, which the regions_path index serves on both databases.
func (w Within) cond(column string) (string, []any) {
	if !w.Descendants {
		return column + " = ?", []any{w.Region.RowID}
	}
	lo, hi := pathRange(w.Region.Path)
	return column + " IN (SELECT id FROM regions WHERE path >= ? AND path < ?)", []any{lo, hi}
}

// pathRange returns the bounds of every path that starts with p ("/1/3/" to "/1/30": '0'
// follows '/' in ASCII), so that a prefix match is an index range on any collation-free column.
func pathRange(p string) (lo, hi string) {
	return p, p[:len(p)-1] + "0"
}

// RegionFilter selects regions.
type RegionFilter struct {
	Level    *model.RegionLevel
	ParentID *int64
}

// Regions pages through regions, in id order (which the dataset assigns in code order).
func (s *Store) Regions(ctx context.Context, f RegionFilter, args paging.Args) (*model.Connection[*model.Division], error) {
	return page[model.Division](ctx, s, args, func(q *gorm.DB) *gorm.DB {
		if f.Level != nil {
			q = q.Where("level = ?", *f.Level)
		}
		if f.ParentID != nil {
			q = q.Where("parent_id = ?", *f.ParentID)
		}
		return q
	})
}

// RegionByCode returns the region with this 12-digit code, or nil.
func (s *Store) RegionByCode(ctx context.Context, code string) (*model.Division, error) {
	var d model.Division
	err := s.session(ctx).Where("code = ?", code).Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("region by code %s: %w", code, err)
	}
	return &d, nil
}

// Sources pages through sources.
func (s *Store) Sources(ctx context.Context, args paging.Args) (*model.Connection[*model.Source], error) {
	return page[model.Source](ctx, s, args, nil)
}

// Programs pages through the programs, in the source's order.
func (s *Store) Programs(ctx context.Context, args paging.Args) (*model.Connection[*model.Program], error) {
	return page[model.Program](ctx, s, args, nil)
}

// Funds pages through funds.
func (s *Store) Funds(ctx context.Context, args paging.Args) (*model.Connection[*model.Fund], error) {
	return page[model.Fund](ctx, s, args, nil)
}

// Collectives pages through collectives.
func (s *Store) Collectives(ctx context.Context, args paging.Args) (*model.Connection[*model.Collective], error) {
	return page[model.Collective](ctx, s, args, nil)
}

// Schools pages through schools, all of them or those within a region.
func (s *Store) Schools(ctx context.Context, within *Within, args paging.Args) (*model.Connection[*model.School], error) {
	return page[model.School](ctx, s, args, inRegion(within, "region_id"))
}

// Hospitals pages through hospitals, all of them or those within a region.
func (s *Store) Hospitals(ctx context.Context, within *Within, args paging.Args) (*model.Connection[*model.Hospital], error) {
	return page[model.Hospital](ctx, s, args, inRegion(within, "region_id"))
}

func inRegion(w *Within, column string) scope {
	if w == nil {
		return nil
	}
	return func(q *gorm.DB) *gorm.DB { return w.match(q, column) }
}

// ProjectFilter selects projects.
type ProjectFilter struct {
	Within    *Within // beneficiary region
	ProgramID *int64
}

// Projects pages through projects.
func (s *Store) Projects(ctx context.Context, f ProjectFilter, args paging.Args) (*model.Connection[*model.Project], error) {
	return page[model.Project](ctx, s, args, func(q *gorm.DB) *gorm.DB {
		if f.Within != nil {
			q = f.Within.match(q, "region_id")
		}
		if f.ProgramID != nil {
			q = q.Where("program_id = ?", *f.ProgramID)
		}
		return q
	})
}

// PairingFilter selects pairings.
type PairingFilter struct {
	Party    *model.Ref // a party on either side
	PartOfID *int64
	Within   *Within           // a party located in this region ...
	Role     model.PairingRole // ... on this side
}

// Pairings pages through pairings.
func (s *Store) Pairings(ctx context.Context, f PairingFilter, args paging.Args) (*model.Connection[*model.Pairing], error) {
	return page[model.Pairing](ctx, s, args, func(q *gorm.DB) *gorm.DB {
		if f.Party != nil {
			q = q.Where("((helper_type = ? AND helper_id = ?) OR (helped_type = ? AND helped_id = ?))",
				f.Party.Table, f.Party.ID, f.Party.Table, f.Party.ID)
		}
		if f.PartOfID != nil {
			q = q.Where("part_of_id = ?", *f.PartOfID)
		}
		if f.Within != nil {
			q = pairingSides(q, *f.Within, f.Role)
		}
		return q
	})
}

// pairingSides narrows q to pairings with a party on the given side within w.
func pairingSides(q *gorm.DB, w Within, role model.PairingRole) *gorm.DB {
	switch role {
	case model.PairingRoleHelper:
		return w.match(q, "helper_region_id")
	case model.PairingRoleHelped:
		return w.match(q, "helped_region_id")
	default:
		helper, a1 := w.cond("helper_region_id")
		helped, a2 := w.cond("helped_region_id")
		return q.Where("(("+helper+") OR ("+helped+"))", append(a1, a2...)...)
	}
}

// FigureFilter selects figures.
type FigureFilter struct {
	SourceID  *int64
	Subject   *model.Ref
	ProgramID *int64
	PartOfID  *int64
	Within    *Within // figures about a region inside this one
}

// Figures pages through figures, in id order (which is each source's reading order).
func (s *Store) Figures(ctx context.Context, f FigureFilter, args paging.Args) (*model.Connection[*model.Figure], error) {
	return page[model.Figure](ctx, s, args, func(q *gorm.DB) *gorm.DB {
		if f.SourceID != nil {
			q = q.Where("source_id = ?", *f.SourceID)
		}
		if f.Subject != nil {
			q = q.Where("subject_type = ? AND subject_id = ?", f.Subject.Table, f.Subject.ID)
		}
		if f.ProgramID != nil {
			q = q.Where("program_id = ?", *f.ProgramID)
		}
		if f.PartOfID != nil {
			q = q.Where("part_of_id = ?", *f.PartOfID)
		}
		if f.Within != nil {
			q = f.Within.match(q.Where("subject_type = ?", model.RefRegion), "subject_id")
		}
		return q
	})
}
