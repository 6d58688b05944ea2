package seed

// The shape of data/*.yaml. Each entry has a `key` for cross-references within the files and an
// explicit `id`, the row's stable primary key.

type file struct {
	Sources     []sourceEntry     `yaml:"sources"`
	Regions     []regionEntry     `yaml:"regions"`
	Programs    []programEntry    `yaml:"programs"`
	Collectives []collectiveEntry `yaml:"collectives"`
	Pairings    []pairingEntry    `yaml:"pairings"`
	Projects    []projectEntry    `yaml:"projects"`
	Funds       []fundEntry       `yaml:"funds"`
	Figures     []figureEntry     `yaml:"figures"`
}

type sourceEntry struct {
	Key         string   `yaml:"key"`
	ID          int64    `yaml:"id"`
	Kind        string   `yaml:"kind"`
	Title       string   `yaml:"title"`
	TitleEn     *string  `yaml:"titleEn"`
	Publisher   *string  `yaml:"publisher"`
	Authors     []string `yaml:"authors"`
	PublishedOn *string  `yaml:"publishedOn"`
	URL         *string  `yaml:"url"`
	Locator     *string  `yaml:"locator"`
	Note        *string  `yaml:"note"`
}

type regionEntry struct {
	Key    string  `yaml:"key"`
	ID     int64   `yaml:"id"`
	Level  string  `yaml:"level"`
	Kind   string  `yaml:"kind"`
	Code   *string `yaml:"code"`
	Name   string  `yaml:"name"`
	NameEn *string `yaml:"nameEn"`
	Parent string  `yaml:"parent"`
	Source string  `yaml:"source"`
}

type programEntry struct {
	Key     string `yaml:"key"`
	ID      int64  `yaml:"id"`
	Ordinal int    `yaml:"ordinal"`
	Name    string `yaml:"name"`
	NameEn  string `yaml:"nameEn"`
	Quote   string `yaml:"quote"`
	Source  string `yaml:"source"`
}

type collectiveEntry struct {
	Key           string  `yaml:"key"`
	ID            int64   `yaml:"id"`
	Name          string  `yaml:"name"`
	NameEn        *string `yaml:"nameEn"`
	MemberKind    string  `yaml:"memberKind"`
	HospitalLevel *string `yaml:"hospitalLevel"`
	MemberCount   *int    `yaml:"memberCount"`
	Region        string  `yaml:"region"`
	Quote         string  `yaml:"quote"`
	Source        string  `yaml:"source"`
}

type pairingEntry struct {
	Key         string  `yaml:"key"`
	ID          int64   `yaml:"id"`
	Kind        string  `yaml:"kind"`
	Helper      string  `yaml:"helper"` // type:key
	Helped      string  `yaml:"helped"` // type:key
	StartDate   *string `yaml:"startDate"`
	PartOf      string  `yaml:"partOf"`
	Description *string `yaml:"description"`
	Quote       string  `yaml:"quote"`
	Source      string  `yaml:"source"`
}

type projectEntry struct {
	Key         string  `yaml:"key"`
	ID          int64   `yaml:"id"`
	Name        string  `yaml:"name"`
	NameEn      *string `yaml:"nameEn"`
	Description *string `yaml:"description"`
	Category    string  `yaml:"category"`
	Program     string  `yaml:"program"`
	Status      *string `yaml:"status"`
	BudgetYuan  *int64  `yaml:"budgetYuan"`
	Funder      string  `yaml:"funder"`
	Region      string  `yaml:"region"`
	StartDate   *string `yaml:"startDate"`
	EndDate     *string `yaml:"endDate"`
	Quote       string  `yaml:"quote"`
	Source      string  `yaml:"source"`
}

type fundEntry struct {
	Key         string  `yaml:"key"`
	ID          int64   `yaml:"id"`
	Name        string  `yaml:"name"`
	NameEn      *string `yaml:"nameEn"`
	Description *string `yaml:"description"`
	Program     string  `yaml:"program"`
	Quote       string  `yaml:"quote"`
	Source      string  `yaml:"source"`
}

type figureEntry struct {
	Key          string  `yaml:"key"`
	ID           int64   `yaml:"id"`
	Metric       string  `yaml:"metric"`
	Label        string  `yaml:"label"`
	LabelZh      string  `yaml:"labelZh"`
	Value        string  `yaml:"value"`
	Unit         string  `yaml:"unit"`
	Qualifier    string  `yaml:"qualifier"`
	Kind         string  `yaml:"kind"` // FLOW, STOCK or RATIO: what adding it means
	OriginalText string  `yaml:"originalText"`
	Quote        string  `yaml:"quote"`
	Source       string  `yaml:"source"`
	Subject      string  `yaml:"subject"` // type:key
	Program      *string `yaml:"program"`
	PeriodStart  *string `yaml:"periodStart"`
	PeriodEnd    *string `yaml:"periodEnd"`
	TimeText     *string `yaml:"timeText"`
	PartOf       *string `yaml:"partOf"`
	Restates     *string `yaml:"restates"`
	Note         *string `yaml:"note"`
}
