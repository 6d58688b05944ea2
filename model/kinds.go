package model

import (
	"reflect"
	"strings"
)

// The entity registry: every kind of object aidgraph serves, with where its rows live. It is the
// one place that names them; the resolvers, the store, the seed and the search read it. Adding a
// kind means a row type, an entry here, its schema file, its migration and its resolvers.

// Kind is one GraphQL object type that has a global id, and the table that holds its rows.
type Kind struct {
	// Type is the GraphQL object type's name. Global ids begin with it (see internal/gid).
	Type string
	// Ref names the kind's table in polymorphic references: the *_type columns of pairings'
	// parties and figures' subjects, and Ref.Kind. The five region types share "region".
	Ref string
	// Table is the SQL table of the rows.
	Table string
	// Level is the level of a region type's rows ("" for other kinds): a County is a row of
	// regions whose level is COUNTY.
	Level RegionLevel
	// Row is the Go type of the rows: what GORM reads and the store loads by id.
	Row reflect.Type
}

// The GraphQL object types that have global ids.
const (
	TypeProvince   = "Province"
	TypeCity       = "City"
	TypeCounty     = "County"
	TypeTownship   = "Township"
	TypeVillage    = "Village"
	TypeSchool     = "School"
	TypeHospital   = "Hospital"
	TypeCollective = "Collective"
	TypeProgram    = "Program"
	TypeProject    = "Project"
	TypeFund       = "Fund"
	TypePairing    = "Pairing"
	TypeFigure     = "Figure"
	TypeSource     = "Source"
)

// The reference kinds, as a Ref and the *_type columns hold them.
const (
	RefRegion     = "region"
	RefSchool     = "school"
	RefHospital   = "hospital"
	RefCollective = "collective"
	RefProgram    = "program"
	RefProject    = "project"
	RefFund       = "fund"
	RefPairing    = "pairing"
	RefFigure     = "figure"
	RefSource     = "source"
)

// kinds lists every kind. Region types come first, from the top level down.
var kinds = []Kind{
	{TypeProvince, RefRegion, "regions", RegionLevelProvince, reflect.TypeFor[Division]()},
	{TypeCity, RefRegion, "regions", RegionLevelCity, reflect.TypeFor[Division]()},
	{TypeCounty, RefRegion, "regions", RegionLevelCounty, reflect.TypeFor[Division]()},
	{TypeTownship, RefRegion, "regions", RegionLevelTownship, reflect.TypeFor[Division]()},
	{TypeVillage, RefRegion, "regions", RegionLevelVillage, reflect.TypeFor[Division]()},
	{TypeSchool, RefSchool, "schools", "", reflect.TypeFor[School]()},
	{TypeHospital, RefHospital, "hospitals", "", reflect.TypeFor[Hospital]()},
	{TypeCollective, RefCollective, "collectives", "", reflect.TypeFor[Collective]()},
	{TypeProgram, RefProgram, "programs", "", reflect.TypeFor[Program]()},
	{TypeProject, RefProject, "projects", "", reflect.TypeFor[Project]()},
	{TypeFund, RefFund, "funds", "", reflect.TypeFor[Fund]()},
	{TypePairing, RefPairing, "pairings", "", reflect.TypeFor[Pairing]()},
	{TypeFigure, RefFigure, "figures", "", reflect.TypeFor[Figure]()},
	{TypeSource, RefSource, "sources", "", reflect.TypeFor[Source]()},
}

// Lookups built from kinds, so that no caller walks the list.
var (
	kindByType  = map[string]*Kind{}
	kindByRef   = map[string]*Kind{}
	kindByRow   = map[reflect.Type]*Kind{}
	regionKinds []Kind
)

func init() {
	for i := range kinds {
		k := &kinds[i]
		kindByType[k.Type] = k
		if k.IsRegion() {
			regionKinds = append(regionKinds, *k)
		}
		if _, seen := kindByRef[k.Ref]; !seen { // a region ref names the table, not a level
			kindByRef[k.Ref] = k
			kindByRow[k.Row] = k
		}
	}
}

// Kinds returns every kind, region types first.
func Kinds() []Kind { return kinds }

// RegionKinds returns the five region types, from provinces down to villages.
func RegionKinds() []Kind { return regionKinds }

// KindOfType returns the kind of a GraphQL type name (a global id's prefix).
func KindOfType(typ string) (*Kind, bool) {
	k, ok := kindByType[typ]
	return k, ok
}

// KindOfRef returns the kind a reference kind names: for "region", the regions table's first
// kind (Province), whose Ref, Table and Row every region type shares.
func KindOfRef(ref string) (*Kind, bool) {
	k, ok := kindByRef[ref]
	return k, ok
}

// KindOfRow returns the kind whose rows are T's, as KindOfRef does for regions, or nil if T
// is no kind's row type.
func KindOfRow[T any]() *Kind {
	return kindByRow[reflect.TypeFor[T]()]
}

// editable are the types that mutations create, update and delete. Regions above villages are
// reference data, changed by a dataset's load only; programs and funds are the article's frame.
var editable = map[string]bool{TypeVillage: true, TypeSchool: true, TypeHospital: true, TypeCollective: true,
	TypeProject: true, TypePairing: true, TypeFigure: true, TypeSource: true}

// importable are the editable types that an import file (`aidgraph import`) may hold.
var importable = map[string]bool{TypeSchool: true, TypeHospital: true, TypeProject: true, TypeFigure: true, TypeSource: true}

// Editable tells whether clients with an editor's key may write the kind's rows.
func (k *Kind) Editable() bool { return editable[k.Type] }

// Importable tells whether an import file may create the kind's rows.
func (k *Kind) Importable() bool { return importable[k.Type] }

// EditableKinds returns the kinds clients may write, in the registry's order.
func EditableKinds() []Kind { return kindsWhere(editable) }

// ImportableKinds returns the kinds an import file may hold, in the registry's order.
func ImportableKinds() []Kind { return kindsWhere(importable) }

func kindsWhere(types map[string]bool) []Kind {
	var ks []Kind
	for _, k := range kinds {
		if types[k.Type] {
			ks = append(ks, k)
		}
	}
	return ks
}

// TypesOf returns the kinds' type names, in their order.
func TypesOf(ks []Kind) []string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.Type
	}
	return names
}

// TypeList words the kinds' type names as a list that ends with conj: "School, Hospital or
// Source".
func TypeList(ks []Kind, conj string) string {
	names := TypesOf(ks)
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// KindOf returns the kind of a row (a pointer to a kind's row type): a Division's kind is the
// region type of its level.
func KindOf(row any) (*Kind, bool) {
	if d, ok := row.(*Division); ok {
		for i := range regionKinds {
			if regionKinds[i].Level == d.Level {
				return &regionKinds[i], true
			}
		}
		return nil, false
	}
	t := reflect.TypeOf(row)
	if t == nil || t.Kind() != reflect.Pointer {
		return nil, false
	}
	k, ok := kindByRow[t.Elem()]
	return k, ok
}

// IsRegion tells whether the kind is one of the region types.
func (k *Kind) IsRegion() bool { return k.Ref == RefRegion }

// NodeOf returns a row of any kind as its GraphQL object: a Division as the region type of
// its level, any other row as itself.
func NodeOf(row any) Node {
	if d, ok := row.(*Division); ok {
		return d.AsRegion()
	}
	n, _ := row.(Node)
	return n
}
