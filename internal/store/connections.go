package store

import "github.com/aidgraph/aidgraph/model"

// The GraphQL connection and edge types, bound by name through gqlgen's autobind.
type (
	SourceConnection     = Connection[*model.Source]
	SourceEdge           = Edge[*model.Source]
	RegionConnection     = Connection[model.Region]
	RegionEdge           = Edge[model.Region]
	ProvinceConnection   = Connection[*model.Province]
	ProvinceEdge         = Edge[*model.Province]
	CityConnection       = Connection[*model.City]
	CityEdge             = Edge[*model.City]
	CountyConnection     = Connection[*model.County]
	CountyEdge           = Edge[*model.County]
	TownshipConnection   = Connection[*model.Township]
	TownshipEdge         = Edge[*model.Township]
	VillageConnection    = Connection[*model.Village]
	VillageEdge          = Edge[*model.Village]
	SchoolConnection     = Connection[*model.School]
	SchoolEdge           = Edge[*model.School]
	HospitalConnection   = Connection[*model.Hospital]
	HospitalEdge         = Edge[*model.Hospital]
	CollectiveConnection = Connection[*model.Collective]
	CollectiveEdge       = Edge[*model.Collective]
	ProgramConnection    = Connection[*model.Program]
	ProgramEdge          = Edge[*model.Program]
	ProjectConnection    = Connection[*model.Project]
	ProjectEdge          = Edge[*model.Project]
	FundConnection       = Connection[*model.Fund]
	FundEdge             = Edge[*model.Fund]
	PairingConnection    = Connection[*model.Pairing]
	PairingEdge          = Edge[*model.Pairing]
	FigureConnection     = Connection[*model.Figure]
	FigureEdge           = Edge[*model.Figure]
)

// The connection of search hits.
type (
	SearchHitConnection = Connection[*model.SearchHit]
	SearchHitEdge       = Edge[*model.SearchHit]
)
