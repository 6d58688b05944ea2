package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/aidgraph/aidgraph/model"
)

// Dataset is a complete set of rows to load, such as the article's data.
type Dataset struct {
	Name        string // stable name, for example "article"
	Checksum    string // changes whenever the rows do
	Sources     []*model.Source
	Regions     []*model.Division // parents before children
	Programs    []*model.Program
	Collectives []*model.Collective
	Schools     []*model.School
	Hospitals   []*model.Hospital
	Projects    []*model.Project
	Funds       []*model.Fund
	Pairings    []*model.Pairing
	Figures     []*model.Figure
}

// datasetRow records what was loaded into this database.
type datasetRow struct {
	Name     string `gorm:"primaryKey"`
	Checksum string
	LoadedAt time.Time
}

func (datasetRow) TableName() string { return "datasets" }

// LoadDataset writes d in one transaction, inserting new rows and updating changed ones by
// primary key. It does nothing when this database already holds d at the same checksum, so
// every start of every instance may call it. It reports whether it wrote anything.
func (s *Store) LoadDataset(ctx context.Context, d *Dataset) (bool, error) {
	var have datasetRow
	err := s.session(ctx).Where("name = ?", d.Name).Take(&have).Error
	if err == nil && have.Checksum == d.Checksum {
		return false, nil
	}
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return false, fmt.Errorf("load dataset %s: %w", d.Name, err)
	}
	var seq int64
	err = s.primary(ctx).Transaction(func(tx *gorm.DB) (err error) {
		if err := upsertAll(tx, d); err != nil {
			return err
		}
		if seq, err = recordWrite(tx); err != nil {
			return err
		}
		rec := datasetRow{Name: d.Name, Checksum: d.Checksum, LoadedAt: time.Now().UTC()}
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&rec).Error
	})
	if err != nil {
		return false, fmt.Errorf("load dataset %s: %w", d.Name, err)
	}
	s.committed(seq)
	return true, nil
}

// upsertAll writes every table in foreign-key order, and the copies of their region's ancestors
// that the rows of some keep. Self-references (a pairing or figure that is part of another, a
// figure that restates a later one) are set in a second pass, so that rows may refer forward.
func upsertAll(tx *gorm.DB, d *Dataset) error {
	d, err := withoutEdited(tx, d)
	if err != nil {
		return err
	}
	steps := []step{
		stepOf(d.Sources), stepOf(d.Regions), stepOf(d.Programs), stepOf(d.Collectives), stepOf(d.Schools),
		stepOf(d.Hospitals), stepOf(d.Projects), stepOf(d.Funds),
		stepOf(withoutPairingLinks(d.Pairings)), stepOf(withoutFigureLinks(d.Figures)),
	}
	for _, st := range steps {
		if st.n == 0 {
			continue
		}
		if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).CreateInBatches(st.rows, 500).Error; err != nil {
			return fmt.Errorf("write %s: %w", st.name, err)
		}
		if err := indexSearch(tx, st.name, st.ids); err != nil {
			return fmt.Errorf("write %s: %w", st.name, err)
		}
		// The regions come first, so that each row's are written by now.
		if hasAncestors(st.name) {
			if err := copyAncestors(tx, st.name, st.ids); err != nil {
				return fmt.Errorf("write %s: %w", st.name, err)
			}
		}
	}
	for _, p := range d.Pairings {
		if err := tx.Model(&model.Pairing{}).Where("id = ?", p.RowID).Update("part_of_id", p.PartOfID).Error; err != nil {
			return fmt.Errorf("link pairing %d: %w", p.RowID, err)
		}
	}
	for _, f := range d.Figures {
		links := map[string]any{"part_of_id": f.PartOfID, "restates_id": f.RestatesID}
		if err := tx.Model(&model.Figure{}).Where("id = ?", f.RowID).Updates(links).Error; err != nil {
			return fmt.Errorf("link figure %d: %w", f.RowID, err)
		}
	}
	return nil
}

// step is the rows of one table that upsertAll writes.
type step struct {
	name string
	rows any
	ids  []int64
	n    int
}

func stepOf[T any, P Keyed[T]](rows []P) step {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.PK()
	}
	return step{tableOf[T](), rows, ids, len(rows)}
}

func withoutPairingLinks(in []*model.Pairing) []*model.Pairing {
	out := make([]*model.Pairing, len(in))
	for i, p := range in {
		c := *p
		c.PartOfID = nil
		out[i] = &c
	}
	return out
}

func withoutFigureLinks(in []*model.Figure) []*model.Figure {
	out := make([]*model.Figure, len(in))
	for i, f := range in {
		c := *f
		c.PartOfID, c.RestatesID = nil, nil
		out[i] = &c
	}
	return out
}

// withoutEdited leaves out of a dataset the rows that clients have changed or deleted through
// the API since it was loaded (every such write is in changes): a new release of the dataset
// must not silently undo an editor's correction, nor bring back what an editor deleted, with
// no change recorded.
func withoutEdited(tx *gorm.DB, d *Dataset) (*Dataset, error) {
	var rows []struct {
		NodeType string
		NodeID   int64
	}
	if err := tx.Table("changes").Distinct("node_type", "node_id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("find edited rows: %w", err)
	}
	if len(rows) == 0 {
		return d, nil
	}
	edited := map[string]map[int64]bool{}
	for _, r := range rows {
		if k, ok := model.KindOfType(r.NodeType); ok {
			if edited[k.Table] == nil {
				edited[k.Table] = map[int64]bool{}
			}
			edited[k.Table][r.NodeID] = true
		}
	}
	out := *d
	out.Sources, out.Regions = unedited(d.Sources, edited), unedited(d.Regions, edited)
	out.Programs, out.Collectives = unedited(d.Programs, edited), unedited(d.Collectives, edited)
	out.Schools, out.Hospitals = unedited(d.Schools, edited), unedited(d.Hospitals, edited)
	out.Projects, out.Funds = unedited(d.Projects, edited), unedited(d.Funds, edited)
	out.Pairings, out.Figures = unedited(d.Pairings, edited), unedited(d.Figures, edited)
	return &out, nil
}

// unedited keeps the rows whose ids edited does not list for their table.
func unedited[T any, P Keyed[T]](rows []P, edited map[string]map[int64]bool) []P {
	ids := edited[tableOf[T]()]
	if len(ids) == 0 {
		return rows
	}
	out := make([]P, 0, len(rows))
	for _, r := range rows {
		if !ids[r.PK()] {
			out = append(out, r)
		}
	}
	return out
}
