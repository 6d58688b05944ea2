package store

import (
	"fmt"
	"maps"
	"slices"

	"github.com/aidgraph/aidgraph/model"
)

// followDerived brings what is derived from the rows a write touched up to date, in the write's
// own transaction and in Go (no triggers: TiDB has none): the region ancestors copied onto
// projects, schools and hospitals, project_stats, by the deltas of the projects the write
// changed (applyProjectChanges), and the search index of every row written.
//
// Tables are taken in one order, and the rows that writes share go last: project_stats' groups,
// then the search postings (a common gram's bitmap of a chunk is every new row's), then the seq
// (commitSeq). Each is locked from its statement to the commit, so the later it is taken the
// less time other writes wait for it; everything a write reads for them comes before.
func (w *Tx) followDerived() error {
	search := newIndexChange()
	for _, table := range slices.Sorted(maps.Keys(w.created)) {
		if err := search.addRows(w.db, table, w.created[table], true); err != nil {
			return err
		}
	}
	for _, table := range slices.Sorted(maps.Keys(w.written)) {
		if err := search.addRows(w.db, table, w.written[table], false); err != nil {
			return err
		}
	}
	if err := search.applyTexts(w.db); err != nil {
		return err
	}
	for _, table := range slices.Sorted(maps.Keys(w.touched)) {
		ids := w.touched[table]
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
	if len(w.projects) > 0 {
		if err := applyProjectChanges(w, w.projects); err != nil {
			return err
		}
	}
	return search.applyPostings(w.db, false)
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
