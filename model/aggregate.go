package model

// ProjectGroup is the aggregate of one group of projects (or of all of them).
type ProjectGroup struct {
	Key             *ProjectGroupKey
	Count           int
	CountWithBudget int
	Sum             *ProjectSums
	Min             *ProjectExtremes
	Max             *ProjectExtremes
	Avg             *ProjectAverages
}

// ProjectGroupKey holds the values a group shares; linked rows are kept as ids and loaded only
// if a client asks for them.
type ProjectGroupKey struct {
	Category       *ProjectCategory
	ProgramID      *int64
	Status         *ProjectStatus
	RegionID       *int64
	FunderRegionID *int64
	Year           *int
}

// SearchResult is an object that search finds.
type SearchResult interface {
	Node
	isSearchResult()
}

// SearchHit is one object found by search, as a reference to load.
type SearchHit struct {
	Ref          Ref
	Score        int
	MatchedField string
}

func (Province) isSearchResult()   {}
func (City) isSearchResult()       {}
func (County) isSearchResult()     {}
func (Township) isSearchResult()   {}
func (Village) isSearchResult()    {}
func (School) isSearchResult()     {}
func (Hospital) isSearchResult()   {}
func (Collective) isSearchResult() {}
func (Program) isSearchResult()    {}
func (Project) isSearchResult()    {}
func (Fund) isSearchResult()       {}
func (Figure) isSearchResult()     {}

// ProjectSums holds the sums of projects' numeric fields. They are exact whatever their size:
// a sum of many budgets may pass what an int64 holds.
type ProjectSums struct {
	BudgetYuan *BigInt
}

// ProjectAverages holds the means of projects' numeric fields, as large as the values they
// average.
type ProjectAverages struct {
	BudgetYuan *BigDecimal
}
