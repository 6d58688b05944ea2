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

// Search finds objects whose names, codes, labels or quotes contain text, best matches first,
// from the search index (search_index.go): the hits are exactly those whose folded texts
// (internal/textfold) contain the folded text, ranked as searchQuery.rank says.
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
	w, err := args.Check(s.maxPageSize)
	if err != nil {
		return nil, err
	}
	sq := newSearchQuery(s, text, types)
	if sq.after, err = cursorKey(w.After, "after"); err != nil {
		return nil, err
	}
	if sq.before, err = cursorKey(w.Before, "before"); err != nil {
		return nil, err
	}
	fetch := func(ctx context.Context) (*Page[*searchRow], error) {
		rows, more, err := sq.page(ctx, w)
		if err != nil {
			return nil, err
		}
		return pageOf(rows, more, w, searchOrdering), nil
	}
	conn := newConnection(ctx, fetch, sq.count, nil)
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
