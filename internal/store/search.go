package store

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/model"
)

// searchable describes how one table is searched: its columns by how much a match counts.
type searchable struct {
	ref     string   // the reference kind searched, from the registry
	primary []string // names and codes: 100 whole, 80 start, 60 inside
	second  []string // English names and labels: 100 whole, 80 start, 50 inside
	text    []string // quotes and descriptions: 30 inside
}

var searchables = map[model.SearchType]searchable{
	model.SearchTypeRegion:     {model.RefRegion, []string{"name", "code"}, []string{"name_en"}, nil},
	model.SearchTypeSchool:     {model.RefSchool, []string{"name"}, []string{"name_en"}, nil},
	model.SearchTypeHospital:   {model.RefHospital, []string{"name"}, []string{"name_en"}, nil},
	model.SearchTypeCollective: {model.RefCollective, []string{"name"}, []string{"name_en"}, []string{"quote"}},
	model.SearchTypeProgram:    {model.RefProgram, []string{"name"}, []string{"name_en"}, nil},
	model.SearchTypeProject:    {model.RefProject, []string{"name"}, []string{"name_en"}, []string{"description", "quote"}},
	model.SearchTypeFund:       {model.RefFund, []string{"name"}, []string{"name_en"}, []string{"description"}},
	model.SearchTypeFigure:     {model.RefFigure, nil, []string{"label_zh", "label", "original_text"}, []string{"quote"}},
}

// fieldNames gives the GraphQL name of each searched column.
var fieldNames = map[string]string{"name": "name", "code": "code", "name_en": "nameEn", "label_zh": "labelZh",
	"label": "label", "original_text": "originalText", "description": "description", "quote": "quote"}

// searchRow is one hit as the hits query returns it.
type searchRow struct {
	T     string
	ID    int64 `gorm:"column:id"`
	Score int
	Len   int // length of the matched text: among equal scores, the closer match is shorter
	Field string
}

// PK returns the hit's row id.
func (r *searchRow) PK() int64 { return r.ID }

var searchOrdering = ordering{keys: []orderKey{{column: "score", desc: true}, {column: "len"}, {column: "t"}},
	name: "score:desc,len:asc,t:asc"}

var hitsSpec = &tableSpec{table: "hits"}

// Search finds objects whose names, codes, labels or quotes contain text, best matches first.
// LIKE is case-insensitive for Latin letters on both databases and matches Chinese as written.
func (s *Store) Search(ctx context.Context, text string, types []model.SearchType, args paging.Args) (*Connection[*model.SearchHit], error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, apperr.New(apperr.InvalidArgument, "text", "text must not be empty")
	}
	if n := utf8.RuneCountInString(text); n > maxText {
		return nil, apperr.New(apperr.InvalidArgument, "text", "text is %d characters long, more than %d", n, maxText)
	}
	if types == nil {
		types = model.AllSearchType
	}
	if len(types) == 0 {
		return nil, apperr.New(apperr.InvalidArgument, "types", "types needs at least one kind, or leave it out for all")
	}
	var selects []cond
	seen := map[model.SearchType]bool{}
	for _, t := range types {
		if !seen[t] {
			seen[t] = true
			selects = append(selects, searchables[t].query(text, s.charLength(), s.like))
		}
	}
	union := cond{}
	for i, c := range selects {
		if i > 0 {
			union.sql += " UNION ALL "
		}
		union.sql += c.sql
		union.args = append(union.args, c.args...)
	}
	sc := &scope{spec: hitsSpec, from: cond{"(" + union.sql + ") hits", union.args}}
	conn, err := page[searchRow](ctx, s, sc, searchOrdering, args)
	if err != nil {
		return nil, err
	}
	return mapPage(conn, func(rows []*searchRow) []*model.SearchHit {
		hits := make([]*model.SearchHit, len(rows))
		byTable := map[string][]int64{}
		for i, r := range rows {
			hits[i] = &model.SearchHit{Ref: model.Ref{Kind: r.T, ID: r.ID}, Score: r.Score, MatchedField: r.Field}
			if k, ok := model.KindOfRef(r.T); ok {
				byTable[k.Table] = append(byTable[k.Table], r.ID)
			}
		}
		// Each hit's object is read with the other hits' of its table.
		for table, ids := range byTable {
			expect(ctx, table, ids)
		}
		return hits
	}), nil
}

// charLength is the SQL function that counts characters (MySQL's LENGTH counts bytes).
func (s *Store) charLength() string {
	if s.dialect == MySQL {
		return "CHAR_LENGTH"
	}
	return "LENGTH"
}

// query selects the table's rows that match text, with their score, best field and its length.
func (sb searchable) query(text, charLength string, like func(column string) string) cond {
	table := tableOfRef(sb.ref)
	exact, prefix, inside := escapeLike(text), escapeLike(text)+"%", "%"+escapeLike(text)+"%"
	type tier struct {
		column, pattern string
		score           string
	}
	var tiers []tier
	for _, c := range append(append([]string{}, sb.primary...), sb.second...) {
		whole := exact
		if full, err := model.NormalizeCode(text); c == "code" && err == nil {
			whole = full // "411224" names 卢氏县 (411224000000) exactly, as region(code:) does
		}
		tiers = append(tiers, tier{c, whole, "100"})
	}
	for _, c := range append(append([]string{}, sb.primary...), sb.second...) {
		tiers = append(tiers, tier{c, prefix, "80"})
	}
	for _, c := range sb.primary {
		tiers = append(tiers, tier{c, inside, "60"})
	}
	for _, c := range sb.second {
		tiers = append(tiers, tier{c, inside, "50"})
	}
	for _, c := range sb.text {
		tiers = append(tiers, tier{c, inside, "30"})
	}
	var score, length, field, match strings.Builder
	var tierArgs, matchArgs []any
	score.WriteString("CASE")
	length.WriteString("CASE")
	field.WriteString("CASE")
	for _, t := range tiers {
		column := table + "." + t.column
		matches := like(column)
		score.WriteString(" WHEN " + matches + " THEN " + t.score)
		length.WriteString(" WHEN " + matches + " THEN " + charLength + "(" + column + ")")
		field.WriteString(" WHEN " + matches + " THEN '" + fieldNames[t.column] + "'")
		tierArgs = append(tierArgs, t.pattern)
	}
	score.WriteString(" ELSE 0 END")
	length.WriteString(" ELSE 0 END")
	field.WriteString(" ELSE '' END")
	for i, c := range append(append(append([]string{}, sb.primary...), sb.second...), sb.text...) {
		if i > 0 {
			match.WriteString(" OR ")
		}
		match.WriteString(like(table + "." + c))
		matchArgs = append(matchArgs, inside)
	}
	sql := "SELECT '" + sb.ref + "' AS t, " + table + ".id AS id, " + score.String() + " AS score, " +
		length.String() + " AS len, " + field.String() + " AS field FROM " + table + " WHERE " + match.String()
	var args []any
	for range 3 { // score, len and field each test the tiers
		args = append(args, tierArgs...)
	}
	return cond{sql, append(args, matchArgs...)}
}
