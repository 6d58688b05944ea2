package store

import (
	"slices"

	"github.com/aidgraph/aidgraph/model"
)

// Rows of these tables carry their region's ancestors: the region's province, city, county and
// township ids, which triggers copy from regions whenever a row is written (migration 00007).
// The rows under a region at any depth are then an index range on one column, so the first rows
// under each of many large regions (the projects of every province) are a short read per region.
var ancestorTables = []string{"projects", "schools", "hospitals"}

var ancestorLevels = []model.RegionLevel{model.RegionLevelProvince, model.RegionLevelCity,
	model.RegionLevelCounty, model.RegionLevelTownship}

// under partitions the rows of table by region: through the copy of the ancestor at the
// region's level when the rows under it are asked for and the table keeps one, each parent's
// first rows read apart (see partition.perParent); else as Within.partition does.
func (w *Within) under(table string) *partition {
	col := table + ".region_id"
	if !w.Descendants || !slices.Contains(ancestorLevels, w.Region.Level) || !slices.Contains(ancestorTables, table) {
		return w.partition(col)
	}
	p := column(table+"."+levelColumn(w.Region.Level), "regions", w.Region.RowID)
	p.perParent = true
	return p
}
