package model

// The GORM rows of aidgraph's tables. Each is also the Go type that gqlgen binds to the GraphQL
// type of the same name; fields that link to other rows keep only the foreign key, and resolvers
// load the linked row, so no query ever preloads.

// Source is a document that aidgraph's data comes from.
type Source struct {
	RowID       int64 `gorm:"column:id;primaryKey"`
	Version     int   `gorm:"default:1"` // bumped by every update: an update or delete names the one it read
	Kind        SourceKind
	Title       string
	TitleEn     *string
	Publisher   *string
	Authors     []string `gorm:"serializer:json"`
	PublishedOn *PartialDate
	URL         *string `gorm:"column:url"`
	Locator     *string
	Note        *string
}

// Program is one of the six programs of the "1346" framework.
type Program struct {
	RowID    int64 `gorm:"column:id;primaryKey"`
	Ordinal  int
	Name     string
	NameEn   string
	Quote    string
	SourceID int64
}

// School is a school that a source names.
type School struct {
	RowID    int64 `gorm:"column:id;primaryKey"`
	Version  int   `gorm:"default:1"` // bumped by every update: an update or delete names the one it read
	Name     string
	NameEn   *string
	Stage    *SchoolStage
	RegionID int64
	SourceID int64
}

// Hospital is a hospital or township health centre that a source names.
type Hospital struct {
	RowID    int64 `gorm:"column:id;primaryKey"`
	Version  int   `gorm:"default:1"` // bumped by every update: an update or delete names the one it read
	Name     string
	NameEn   *string
	Level    HospitalLevel
	RegionID int64
	SourceID int64
}

// Collective is a group that a source names as one party without listing its members.
type Collective struct {
	RowID         int64 `gorm:"column:id;primaryKey"`
	Version       int   `gorm:"default:1"` // bumped by every update: an update or delete names the one it read
	Name          string
	NameEn        *string
	MemberKind    CollectiveMemberKind
	HospitalLevel *HospitalLevel
	MemberCount   *int
	RegionID      int64
	Quote         string
	SourceID      int64
}

// Project is an aid project that a source names.
type Project struct {
	RowID          int64 `gorm:"column:id;primaryKey"`
	Version        int   `gorm:"default:1"` // bumped by every update: an update or delete names the one it read
	Name           string
	NameEn         *string
	Description    *string
	Category       ProjectCategory
	ProgramID      *int64
	Status         *ProjectStatus
	BudgetYuan     *int64
	FunderRegionID *int64
	RegionID       *int64
	StartDate      *PartialDate
	EndDate        *PartialDate
	Quote          string
	SourceID       int64
}

// Fund is an investment fund that a source names.
type Fund struct {
	RowID       int64 `gorm:"column:id;primaryKey"`
	Name        string
	NameEn      *string
	Description *string
	ProgramID   *int64
	Quote       string
	SourceID    int64
}

// Pairing is one party helping another, as a source states it. The parties are polymorphic
// (a type name and a row id); HelperRegionID and HelpedRegionID hold the region each party is in,
// so that a region's pairings are one indexed lookup.
type Pairing struct {
	RowID          int64 `gorm:"column:id;primaryKey"`
	Version        int   `gorm:"default:1"` // bumped by every update: an update or delete names the one it read
	Kind           PairingKind
	HelperType     string
	HelperID       int64
	HelpedType     string
	HelpedID       int64
	HelperRegionID int64
	HelpedRegionID int64
	StartDate      *PartialDate
	PartOfID       *int64
	Description    *string
	Quote          string
	SourceID       int64
}

// Figure is a number as a source reports it.
type Figure struct {
	RowID        int64 `gorm:"column:id;primaryKey"`
	Version      int   `gorm:"default:1"` // bumped by every update: an update or delete names the one it read
	Metric       string
	Label        string
	LabelZh      string
	Value        Decimal `gorm:"column:value_e4"`
	Unit         Unit
	Qualifier    Qualifier
	Kind         FigureKind
	OriginalText string
	Quote        string
	SourceID     int64
	SubjectType  string
	SubjectID    int64
	ProgramID    *int64
	PeriodStart  *PartialDate
	PeriodEnd    *PartialDate
	TimeText     *string
	PartOfID     *int64
	RestatesID   *int64
	Note         *string
}

// PK returns the row's primary key; the store's generic queries use it.
func (r *Division) PK() int64 { return r.RowID }

// PK returns the row's primary key.
func (r *Source) PK() int64 { return r.RowID }

// PK returns the row's primary key.
func (r *Program) PK() int64 { return r.RowID }

// PK returns the row's primary key.
func (r *School) PK() int64 { return r.RowID }

// PK returns the row's primary key.
func (r *Hospital) PK() int64 { return r.RowID }

// PK returns the row's primary key.
func (r *Collective) PK() int64 { return r.RowID }

// PK returns the row's primary key.
func (r *Project) PK() int64 { return r.RowID }

// PK returns the row's primary key.
func (r *Fund) PK() int64 { return r.RowID }

// PK returns the row's primary key.
func (r *Pairing) PK() int64 { return r.RowID }

// PK returns the row's primary key.
func (r *Figure) PK() int64 { return r.RowID }

// Ref points at a row of any kind: the targets of pairings and figures are polymorphic.
type Ref struct {
	Kind string // a reference kind: one of the Ref* constants of the registry (kinds.go)
	ID   int64
}

// SubjectRef is what the figure is about.
func (f *Figure) SubjectRef() Ref { return Ref{Kind: f.SubjectType, ID: f.SubjectID} }

// HelperRef is the pairing's helping party.
func (p *Pairing) HelperRef() Ref { return Ref{Kind: p.HelperType, ID: p.HelperID} }

// HelpedRef is the pairing's helped party.
func (p *Pairing) HelpedRef() Ref { return Ref{Kind: p.HelpedType, ID: p.HelpedID} }

// PartyRefs lists both parties of the pairing.
func (p *Pairing) PartyRefs() []Ref { return []Ref{p.HelperRef(), p.HelpedRef()} }
