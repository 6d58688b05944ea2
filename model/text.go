package model

// The text limits of the record: every text a mutation or an import takes, how many characters
// it may have (Unicode code points, counted after internal/textnorm has normalised it), whether
// it may hold line breaks, and the column it is stored in. internal/edit checks input against
// this table; the schema's descriptions state its numbers (TestSchemaStatesTextLimits) and the
// MySQL columns are wide enough for them (TestColumnsHoldTextLimits).
var textLimits = []TextLimit{
	{"SchoolInput", "name", maxName, false, "schools", "name"},
	{"SchoolInput", "nameEn", maxName, false, "schools", "name_en"},
	{"HospitalInput", "name", maxName, false, "hospitals", "name"},
	{"HospitalInput", "nameEn", maxName, false, "hospitals", "name_en"},
	{"CollectiveInput", "name", maxName, false, "collectives", "name"},
	{"CollectiveInput", "nameEn", maxName, false, "collectives", "name_en"},
	{"CollectiveInput", "quote", maxQuote, true, "collectives", "quote"},
	{"ProjectInput", "name", maxName, false, "projects", "name"},
	{"ProjectInput", "nameEn", maxName, false, "projects", "name_en"},
	{"ProjectInput", "description", maxNote, true, "projects", "description"},
	{"ProjectInput", "quote", maxQuote, true, "projects", "quote"},
	{"PairingInput", "description", maxNote, true, "pairings", "description"},
	{"PairingInput", "quote", maxQuote, true, "pairings", "quote"},
	{"FigureInput", "metric", 100, false, "figures", "metric"},
	{"FigureInput", "label", maxName, false, "figures", "label"},
	{"FigureInput", "labelZh", maxName, false, "figures", "label_zh"},
	{"FigureInput", "originalText", 100, false, "figures", "original_text"},
	{"FigureInput", "quote", maxQuote, true, "figures", "quote"},
	{"FigureInput", "timeText", maxName, false, "figures", "time_text"},
	{"FigureInput", "note", maxNote, true, "figures", "note"},
	{"SourceInput", "title", 500, false, "sources", "title"},
	{"SourceInput", "titleEn", 500, false, "sources", "title_en"},
	{"SourceInput", "publisher", maxName, false, "sources", "publisher"},
	{"SourceInput", "authors", maxName, false, "sources", "authors"}, // each; the list as JSON, MaxAuthors of them
	{"SourceInput", "url", 1000, false, "sources", "url"},
	{"SourceInput", "locator", 500, false, "sources", "locator"},
	{"SourceInput", "note", maxNote, true, "sources", "note"},
	{"VillageInput", "name", maxName, false, "regions", "name"},
	{"VillageInput", "nameEn", maxName, false, "regions", "name_en"},
	{"VillageInput", "code", 12, false, "regions", "code"},
}

// The limits most texts share, in characters.
const (
	maxName  = 200  // names, labels, publishers, authors
	maxQuote = 2000 // a source's words
	maxNote  = 2000 // descriptions and notes
)

// MaxAuthors is how many authors a source may credit: their list is stored as JSON in one
// column, which must hold MaxAuthors authors of the longest name.
const MaxAuthors = 20

// TextLimit is one text field of a mutation's input and its limit.
type TextLimit struct {
	Input     string // the GraphQL input type: SchoolInput
	Field     string // its field: name
	Max       int    // the most characters it may have, once normalised
	Multiline bool   // whether it may hold line breaks and tabs (quotes, descriptions, notes)
	Table     string // the table it is stored in
	Column    string // and the column
}

// TextLimits returns every text field of every mutation's input, with its limit.
func TextLimits() []TextLimit { return append([]TextLimit(nil), textLimits...) }

// TextLimitOf returns the limit of an input type's text field; ok is false when the table has
// none (TestEveryTextInputHasALimit keeps it complete).
func TextLimitOf(input, field string) (TextLimit, bool) {
	for _, l := range textLimits {
		if l.Input == input && l.Field == field {
			return l, true
		}
	}
	return TextLimit{}, false
}
