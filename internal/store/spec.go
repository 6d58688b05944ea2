package store

import (
	"strings"

	"github.com/aidgraph/aidgraph/model"
)

// tableSpec tells the filter and order compilers how a GraphQL type maps onto its table.
type tableSpec struct {
	table string
	// kinds are the kinds whose rows the table holds, from the registry: their global ids name
	// its rows.
	kinds []model.Kind
	// typeColumn, when set, holds each row's region level, which tells its kind: a global id of
	// type County names a row of the regions table only if its level is COUNTY.
	typeColumn string
	// columns maps filter fields (by their GraphQL name) to columns.
	columns map[string]string
	// relations maps filter fields to the table they lead to.
	relations map[string]relation
	// orders maps order-field enum values to columns.
	orders map[string]string
	// defaultOrder, when set, is the column a list is ordered by when the client gives no
	// orderBy (ascending, then by id); otherwise it is ordered by id.
	defaultOrder string
	byDefault    ordering // the ordering of a list without orderBy, made by init from defaultOrder
	// summary, when set, answers counts and aggregates over some of the table's scopes.
	summary *summary
}

// relation is a filter field that holds a filter on another table: rows whose column points at
// a row of target matching it (and, for polymorphic references, whose typeColumn is typeValue).
type relation struct {
	column     string
	target     string // key in specs
	typeColumn string
	typeValue  string
}

// specs holds every table's mapping, by table name (which init copies into its table).
var specs = map[string]*tableSpec{
	"regions": {
		typeColumn: "level",
		columns:    map[string]string{"code": "code", "name": "name", "nameEn": "name_en", "level": "level", "kind": "kind"},
		relations:  map[string]relation{"parent": {column: "parent_id", target: "regions"}},
		orders:     map[string]string{"CODE": "code", "NAME": "name", "NAME_EN": "name_en", "LEVEL": "level"},
		// Regions come in code order, as the schema says; ids are not (卢氏县 has an earlier id
		// than 中原区). Villages without a code come first, by id. The indexes on (parent_id,
		// code) and (level, code) serve it (migration 00014), and the tree keeps it (newTree).
		defaultOrder: "code",
	},
	"sources": {
		columns: map[string]string{"kind": "kind", "title": "title", "publisher": "publisher", "publishedOn": "published_on"},
		orders:  map[string]string{"TITLE": "title", "PUBLISHED_ON": "published_on"},
	},
	"programs": {
		columns: map[string]string{"ordinal": "ordinal", "name": "name", "nameEn": "name_en"},
		orders:  map[string]string{"ORDINAL": "ordinal", "NAME": "name"},
	},
	"schools": {
		columns:   map[string]string{"name": "name", "nameEn": "name_en", "stage": "stage"},
		relations: map[string]relation{"region": {column: "region_id", target: "regions"}},
		orders:    map[string]string{"NAME": "name"},
	},
	"hospitals": {
		columns:   map[string]string{"name": "name", "nameEn": "name_en", "level": "level"},
		relations: map[string]relation{"region": {column: "region_id", target: "regions"}},
		orders:    map[string]string{"NAME": "name", "LEVEL": "level"},
	},
	"collectives": {
		columns: map[string]string{"name": "name", "nameEn": "name_en", "memberKind": "member_kind",
			"hospitalLevel": "hospital_level", "memberCount": "member_count"},
		relations: map[string]relation{"region": {column: "region_id", target: "regions"}},
		orders:    map[string]string{"NAME": "name", "MEMBER_COUNT": "member_count"},
	},
	"projects": {
		columns: map[string]string{"name": "name", "nameEn": "name_en", "category": "category", "status": "status",
			"budgetYuan": "budget_yuan", "startDate": "start_date", "endDate": "end_date"},
		relations: map[string]relation{
			"program": {column: "program_id", target: "programs"},
			"region":  {column: "region_id", target: "regions"},
			"funder":  {column: "funder_region_id", target: "regions"},
			"source":  {column: "source_id", target: "sources"},
		},
		orders: map[string]string{"NAME": "name", "CATEGORY": "category", "STATUS": "status",
			"BUDGET_YUAN": "budget_yuan", "START_DATE": "start_date", "END_DATE": "end_date"},
		summary: projectStats,
	},
	"funds": {
		columns:   map[string]string{"name": "name", "nameEn": "name_en"},
		relations: map[string]relation{"program": {column: "program_id", target: "programs"}},
		orders:    map[string]string{"NAME": "name"},
	},
	"pairings": {
		columns: map[string]string{"kind": "kind", "startDate": "start_date"},
		relations: map[string]relation{
			"helperRegion": {column: "helper_region_id", target: "regions"},
			"helpedRegion": {column: "helped_region_id", target: "regions"},
			"partOf":       {column: "part_of_id", target: "pairings"},
			"source":       {column: "source_id", target: "sources"},
		},
		orders: map[string]string{"KIND": "kind", "START_DATE": "start_date"},
	},
	"figures": {
		columns: map[string]string{"metric": "metric", "label": "label", "labelZh": "label_zh", "value": "value_e4",
			"unit": "unit", "qualifier": "qualifier", "kind": "kind", "originalText": "original_text", "quote": "quote",
			"timeText": "time_text", "periodStart": "period_start", "periodEnd": "period_end"},
		relations: map[string]relation{
			"source":            {column: "source_id", target: "sources"},
			"program":           {column: "program_id", target: "programs"},
			"partOf":            {column: "part_of_id", target: "figures"},
			"subjectRegion":     {column: "subject_id", target: "regions", typeColumn: "subject_type", typeValue: model.RefRegion},
			"subjectPairing":    {column: "subject_id", target: "pairings", typeColumn: "subject_type", typeValue: model.RefPairing},
			"subjectProject":    {column: "subject_id", target: "projects", typeColumn: "subject_type", typeValue: model.RefProject},
			"subjectFund":       {column: "subject_id", target: "funds", typeColumn: "subject_type", typeValue: model.RefFund},
			"subjectCollective": {column: "subject_id", target: "collectives", typeColumn: "subject_type", typeValue: model.RefCollective},
		},
		orders: map[string]string{"METRIC": "metric", "VALUE": "value_e4", "UNIT": "unit", "QUALIFIER": "qualifier",
			"PERIOD_START": "period_start", "PERIOD_END": "period_end"},
	},
}

func init() {
	for table, spec := range specs {
		spec.table = table
		if spec.defaultOrder != "" {
			spec.byDefault = ordering{keys: []orderKey{{column: spec.defaultOrder}}, name: spec.defaultOrder + ":asc"}
		}
	}
	for _, k := range model.Kinds() {
		spec := specs[k.Table]
		if spec == nil {
			panic("store: no tableSpec for table " + k.Table + " of kind " + k.Type)
		}
		spec.kinds = append(spec.kinds, k)
	}
}

// typeNames lists the GraphQL types of the table's rows, for errors: "Province or City or ...".
func (spec *tableSpec) typeNames() string {
	names := make([]string, len(spec.kinds))
	for i, k := range spec.kinds {
		names[i] = k.Type
	}
	return strings.Join(names, " or ")
}

// tableOfRef names the table that a reference kind points into.
func tableOfRef(ref string) string {
	if k, ok := model.KindOfRef(ref); ok {
		return k.Table
	}
	return ""
}

// specOf returns the mapping of T's table.
func specOf[T any]() *tableSpec {
	return specs[tableOf[T]()]
}

// tableOf names T's table, from the registry ("" for a row type that is no kind's, such as a
// search hit: no family is ever found under "").
func tableOf[T any]() string {
	if k := model.KindOfRow[T](); k != nil {
		return k.Table
	}
	return ""
}
