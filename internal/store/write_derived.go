package store

import (
	"fmt"

	"github.com/aidgraph/aidgraph/model"
)

// followDerived brings what is derived from the rows a write touched up to date, in the write's
// own transaction and in Go (no triggers: TiDB has none): the region ancestors copied onto
// projects, schools and hospitals, and project_stats, by the deltas of the projects the write
// changed (applyProjectChanges), and the search index of every row written (indexSearch).
func (w *Tx) followDerived() error {
	for table, ids := range w.created {
		if err := indexCreated(w.db, table, ids); err != nil {
			return err
		}
	}
	for table, ids := range w.written {
		if err := indexSearch(w.db, table, ids); err != nil {
			return err
		}
	}
	for table, ids := range w.touched {
		if hasAncestors(table) {
			if err := copyAncestors(w.db, table, ids); err != nil {
				return err
			}
		}
		if table == "regions" {
			if err := w.followRegions(ids); err != nil {
				return err
			}
		}
	}
	if len(w.projects) == 0 {
		return nil
	}
	return applyProjectChanges(w, w.projects)
}

// noteGroups remembers a project as a change found it and left it (a copy: the caller's row
// may change after), for project_stats' deltas.
func (w *Tx) noteGroups(before, after any) {
	c := projectChange{before: projectCopy(before), after: projectCopy(after)}
	if c.before != nil || c.after != nil {
		w.projects = append(w.projects, c)
	}
}

func projectCopy(row any) *model.Project {
	p, ok := row.(*model.Project)
	if !ok || p == nil {
		return nil
	}
	c := *p
	return &c
}

// followRegions copies the ancestors of regions that were written (a village moved to another
// township) onto the rows in them.
func (w *Tx) followRegions(regions []int64) error {
	for _, table := range ancestorTables {
		var ids []int64
		if err := w.db.Table(table).Where("region_id IN ?", regions).Pluck("id", &ids).Error; err != nil {
			return fmt.Errorf("find the %s in moved regions: %w", table, err)
		}
		if len(ids) == 0 {
			continue
		}
		if err := copyAncestors(w.db, table, ids); err != nil {
			return err
		}
	}
	return nil
}

// followParty keeps the region a pairing records for each of its parties (helper_region_id,
// helped_region_id) when a party moves: a region's pairings are found by it.
func (w *Tx) followParty(k *model.Kind, row any) error {
	region, ok := columnValues(row)["region_id"].(int64)
	if !ok || k.IsRegion() {
		return nil
	}
	for _, side := range []string{"helper", "helped"} {
		err := w.db.Table("pairings").Where(side+"_type = ? AND "+side+"_id = ?", k.Ref, columnValues(row)["id"]).
			Update(side+"_region_id", region).Error
		if err != nil {
			return fmt.Errorf("follow %s %v's pairings: %w", k.Type, columnValues(row)["id"], err)
		}
	}
	return nil
}
