package store

import (
	"fmt"

	"github.com/aidgraph/aidgraph/model"
)

// followDerived brings what is derived from the rows a write touched up to date, in the write's
// own transaction and in Go (no triggers: TiDB has none): the region ancestors copied onto
// projects, schools and hospitals, and the project summary's groups the write changed.
func (w *Tx) followDerived() error {
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
	if len(w.groups) == 0 {
		return nil
	}
	return refreshProjectGroups(w.db, w.groups)
}

// noteGroups remembers the summary groups of a project before and after a change.
func (w *Tx) noteGroups(rows ...any) {
	for _, r := range rows {
		if p, ok := r.(*model.Project); ok && p != nil {
			g := projectGroup{Category: string(p.Category)}
			if p.Status != nil {
				s := string(*p.Status)
				g.Status = &s
			}
			w.groups = append(w.groups, g)
		}
	}
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
