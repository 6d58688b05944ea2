package model

// The GraphQL connection and edge types, bound by name through gqlgen's autobind.
type (
	SourceConnection     = Connection[*Source]
	SourceEdge           = Edge[*Source]
	ProvinceConnection   = Connection[*Province]
	ProvinceEdge         = Edge[*Province]
	CityConnection       = Connection[*City]
	CityEdge             = Edge[*City]
	CountyConnection     = Connection[*County]
	CountyEdge           = Edge[*County]
	TownshipConnection   = Connection[*Township]
	TownshipEdge         = Edge[*Township]
	VillageConnection    = Connection[*Village]
	VillageEdge          = Edge[*Village]
	SchoolConnection     = Connection[*School]
	SchoolEdge           = Edge[*School]
	HospitalConnection   = Connection[*Hospital]
	HospitalEdge         = Edge[*Hospital]
	CollectiveConnection = Connection[*Collective]
	CollectiveEdge       = Edge[*Collective]
	ProgramConnection    = Connection[*Program]
	ProgramEdge          = Edge[*Program]
	ProjectConnection    = Connection[*Project]
	ProjectEdge          = Edge[*Project]
	FundConnection       = Connection[*Fund]
	FundEdge             = Edge[*Fund]
	PairingConnection    = Connection[*Pairing]
	PairingEdge          = Edge[*Pairing]
	FigureConnection     = Connection[*Figure]
	FigureEdge           = Edge[*Figure]
)

// The connection of search hits.
type (
	SearchHitConnection = Connection[*SearchHit]
	SearchHitEdge       = Edge[*SearchHit]
)
