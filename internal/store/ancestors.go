package store

import (
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// ancestorTables are the tables whose rows keep a copy of their region's province, city, county
// and township ids (province_id, ...; migration 00007), so that the rows under a region at any
// level are an index range on one column (see Within.under). Go keeps the copies, inside each
// write's transaction (copyAncestors), because TiDB has no triggers (migration 00011). This is
// the one list of them: the filters, the loads and the tests read it.
var ancestorTables = []string{"projects", "schools", "hospitals"}

// AncestorTables lists the tables whose rows keep copies of their region's ancestors, for
// checks outside the store.
func AncestorTables() []string { return slices.Clone(ancestorTables) }

// hasAncestors tells whether the rows of table keep copies of their region's ancestors.
func hasAncestors(table string) bool { return slices.Contains(ancestorTables, table) }

// ancestorChunk is the number of ids copyAncestors names in one statement: far below SQLite's
// 32,766 placeholders and MySQL's 65,535, and short enough that a statement's row locks are few.
const ancestorChunk = manyChunk

// copyAncestors sets the ancestor copies of the rows of table whose ids are given (every row
// when ids is nil) from their region's row; a row with no region gets none. Call it in the
// transaction that writes the rows, after writing them, so that no reader sees a row whose
// copies disagree with its region.
func copyAncestors(tx *gorm.DB, table string, ids []int64) error {
	if !hasAncestors(table) {
		return fmt.Errorf("copy ancestors: %s keeps no copies of its region's ancestors", table)
	}
	update := copyAncestorsSQL(tx.Dialector.Name(), table)
	if ids == nil {
		if err := tx.Exec(update).Error; err != nil {
			return fmt.Errorf("copy ancestors of every row of %s: %w", table, err)
		}
		return nil
	}
	for chunk := range slices.Chunk(ids, ancestorChunk) {
		if err := tx.Exec(update+" WHERE "+table+".id IN ?", chunk).Error; err != nil {
			return fmt.Errorf("copy ancestors of %d rows of %s: %w", len(chunk), table, err)
		}
	}
	return nil
}

// copyAncestorsSQL is the UPDATE that copies every row's ancestors from its region, to be
// narrowed by a WHERE on the table's id. SQLite assigns a row value from a subquery (all NULLs
// when the row has no region); MySQL and MariaDB have no row-value assignment, so they join, and
// the LEFT JOIN gives a row without a region NULLs too.
func copyAncestorsSQL(dialect, table string) string {
	if dialect == "sqlite" {
		return "UPDATE " + table + " SET (province_id, city_id, county_id, township_id) = " +
			"(SELECT r.province_id, r.city_id, r.county_id, r.township_id FROM regions r WHERE r.id = " + table + ".region_id)"
	}
	return "UPDATE " + table + " LEFT JOIN regions r ON r.id = " + table + ".region_id SET " +
		table + ".province_id = r.province_id, " + table + ".city_id = r.city_id, " +
		table + ".county_id = r.county_id, " + table + ".township_id = r.township_id"
}
