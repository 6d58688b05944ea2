package model

import "github.com/aidgraph/aidgraph/internal/gid"

// Division is a row of the regions table: an administrative division of any level. The five
// GraphQL region types are defined types of Division, so one table and one query serve them all.
type Division struct {
	RowID    int64 `gorm:"column:id;primaryKey"`
	Version  int   `gorm:"default:1"` // bumped by every update (villages only: the rest is reference data)
	Level    RegionLevel
	Kind     RegionKind
	Code     *string
	Name     string
	NameEn   *string
	ParentID *int64
	// Path lists the ids from the root down to this row, as "/1/3/4/"; a subtree is a prefix match.
	Path     string
	SourceID int64
	// The region's ancestor at each level, itself at its own level, nil above it.
	ProvinceID, CityID, CountyID, TownshipID, VillageID *int64
}

// SetAncestors fills the ancestor columns from the parent's (nil for a province).
func (d *Division) SetAncestors(parent *Division) {
	if parent != nil {
		d.ProvinceID, d.CityID, d.CountyID, d.TownshipID = parent.ProvinceID, parent.CityID, parent.CountyID, parent.TownshipID
	}
	id := &d.RowID
	switch d.Level {
	case RegionLevelProvince:
		d.ProvinceID = id
	case RegionLevelCity:
		d.CityID = id
	case RegionLevelCounty:
		d.CountyID = id
	case RegionLevelTownship:
		d.TownshipID = id
	case RegionLevelVillage:
		d.VillageID = id
	}
}

// TableName names the table of Division rows, as the registry gives it: GORM would say
// "divisions".
func (Division) TableName() string { return KindOfRow[Division]().Table }

// Region is one of the five region types (the GraphQL Region interface).
type Region interface {
	Named
	// Division returns the underlying row.
	Division() *Division
}

// Province is a province-level division.
type Province Division

// City is a prefecture-level city.
type City Division

// County is a county-level division: a county, city district or county-level city.
type County Division

// Township is a township-level division.
type Township Division

// Village is a village-level division.
type Village Division

func (r Province) ID() string { return gid.Encode(TypeProvince, r.RowID) }
func (r City) ID() string     { return gid.Encode(TypeCity, r.RowID) }
func (r County) ID() string   { return gid.Encode(TypeCounty, r.RowID) }
func (r Township) ID() string { return gid.Encode(TypeTownship, r.RowID) }
func (r Village) ID() string  { return gid.Encode(TypeVillage, r.RowID) }

func (r Province) Division() *Division { d := Division(r); return &d }
func (r City) Division() *Division     { d := Division(r); return &d }
func (r County) Division() *Division   { d := Division(r); return &d }
func (r Township) Division() *Division { d := Division(r); return &d }
func (r Village) Division() *Division  { d := Division(r); return &d }

func (Province) isNamed() {}
func (City) isNamed()     {}
func (County) isNamed()   {}
func (Township) isNamed() {}
func (Village) isNamed()  {}

// AsRegion returns the division as the GraphQL type of its level.
func (d *Division) AsRegion() Region {
	switch d.Level {
	case RegionLevelProvince:
		return (*Province)(d)
	case RegionLevelCity:
		return (*City)(d)
	case RegionLevelCounty:
		return (*County)(d)
	case RegionLevelTownship:
		return (*Township)(d)
	default:
		return (*Village)(d)
	}
}
