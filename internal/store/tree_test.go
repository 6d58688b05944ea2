package store_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/paging"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// regionPage is what a client reads of a connection of regions.
type regionPage struct {
	IDs        []int64
	Cursors    []string
	Next, Prev bool
	Total      int
	Err        string
}

// readRegions reads a connection of regions in a session of its own, as one request would.
func readRegions(s *store.Store, sc store.RegionScope, l store.List[model.RegionFilter, model.RegionOrder]) regionPage {
	ctx := s.WithSession(context.Background())
	var p regionPage
	conn, err := s.Regions(ctx, sc, l)
	if err == nil {
		var edges []*store.Edge[*model.Division]
		if edges, err = conn.Edges(); err == nil {
			for _, e := range edges {
				p.IDs, p.Cursors = append(p.IDs, e.Node.RowID), append(p.Cursors, e.Cursor)
			}
			var info *store.PageInfo
			if info, err = conn.PageInfo(); err == nil {
				p.Next, p.Prev = info.HasNextPage, info.HasPreviousPage
				p.Total, err = conn.TotalCount()
			}
		}
	}
	if err != nil {
		p.Err = err.Error()
	}
	return p
}

// TestTreeAnswersAsSQL reads pages of regions from the division tree and from SQL, under many
// scopes, filters, orderings and windows, and wants the same rows, cursors, page info, counts
// and errors from both.
func TestTreeAnswersAsSQL(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		// Every region of the article has an English name: one without shows nulls alike.
		db := testdb.SQL(t, s)
		for _, q := range []string{"UPDATE regions SET name_en = NULL WHERE code = '411224203000'", "UPDATE data_version SET version = version + 1 WHERE id = 1"} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		lushi, err := s.RegionByCode(context.Background(), "411224000000")
		if err != nil || lushi == nil {
			t.Fatalf("Lushi: %v %v", lushi, err)
		}
		henan := *lushi.ProvinceID
		township := readRegions(s, store.RegionScope{Level: ptr(model.RegionLevelTownship), ParentID: &lushi.RowID},
			store.List[model.RegionFilter, model.RegionOrder]{Page: paging.Args{First: ptr(3)}}).IDs
		tid := func(i int) string { return gid.Encode(model.TypeTownship, township[i]) }
		scopes := map[string]store.RegionScope{
			"Lushi's townships": {Level: ptr(model.RegionLevelTownship), ParentID: &lushi.RowID},
			"Henan's cities":    {Level: ptr(model.RegionLevelCity), ParentID: &henan},
			"all counties":      {Level: ptr(model.RegionLevelCounty)},
			"all townships":     {Level: ptr(model.RegionLevelTownship)},
		}
		filters := map[string]*model.RegionFilter{
			"none":               nil,
			"level":              {Level: &model.RegionLevelFilter{Eq: ptr(model.RegionLevelTownship)}},
			"level ne":           {Level: &model.RegionLevelFilter{Ne: ptr(model.RegionLevelTownship)}},
			"kind in":            {Kind: &model.RegionKindFilter{In: []model.RegionKind{model.RegionKindTown, model.RegionKindDistrict}}},
			"kind notIn":         {Kind: &model.RegionKindFilter{NotIn: []model.RegionKind{model.RegionKindTown}}},
			"code eq":            {Code: &model.StringFilter{Eq: ptr("411224100000")}},
			"code in":            {Code: &model.StringFilter{In: []string{"411224100000", "411224203000", "410102000000"}}},
			"code ne":            {Code: &model.StringFilter{Ne: ptr("411224100000")}},
			"code isNull":        {Code: &model.StringFilter{IsNull: ptr(false)}},
			"nameEn isNull":      {NameEn: &model.StringFilter{IsNull: ptr(true)}},
			"nameEn ne":          {NameEn: &model.StringFilter{Ne: ptr("Wenyu")}},
			"name eq":            {Name: &model.StringFilter{Eq: ptr("文峪乡")}},
			"name in":            {Name: &model.StringFilter{In: []string{"文峪乡", "官道口镇", "二七区"}}},
			"name notIn":         {Name: &model.StringFilter{NotIn: []string{"文峪乡"}}},
			"name contains":      {Name: &model.StringFilter{Contains: ptr("口")}},
			"id eq":              {ID: &model.IDFilter{Eq: ptr(tid(1))}},
			"id in":              {ID: &model.IDFilter{In: []string{tid(0), tid(2), gid.Encode(model.TypeCounty, township[1])}}},
			"id notIn":           {ID: &model.IDFilter{NotIn: []string{tid(0)}}},
			"id of another type": {ID: &model.IDFilter{Eq: ptr(gid.Encode(model.TypeSchool, 1))}},
			"within":             {Within: ptr("411224")},
			"within Zhengzhou":   {Within: ptr("4101")},
			"within nowhere":     {Within: ptr("990000")},
			"parent":             {Parent: &model.RegionFilter{Code: &model.StringFilter{Eq: ptr("411224000000")}}},
			"parent's parent":    {Parent: &model.RegionFilter{Parent: &model.RegionFilter{Level: &model.RegionLevelFilter{Eq: ptr(model.RegionLevelCity)}}}},
			"not":                {Not: &model.RegionFilter{Name: &model.StringFilter{Eq: ptr("文峪乡")}}},
			"not on a null":      {Not: &model.RegionFilter{NameEn: &model.StringFilter{Eq: ptr("Wenyu")}}},
			"or":                 {Or: []*model.RegionFilter{{Code: &model.StringFilter{Eq: ptr("411224100000")}}, {Within: ptr("4101")}}},
			"and":                {And: []*model.RegionFilter{{Within: ptr("41")}, {Not: &model.RegionFilter{Kind: &model.RegionKindFilter{Eq: ptr(model.RegionKindTown)}}}}},
			"empty or":           {Or: []*model.RegionFilter{}},
		}
		orders := map[string][]*model.RegionOrder{
			"default":     nil,
			"id desc":     {{Field: model.RegionOrderFieldID, Direction: model.OrderDirectionDesc}},
			"code desc":   {{Field: model.RegionOrderFieldCode, Direction: model.OrderDirectionDesc}},
			"level, code": {{Field: model.RegionOrderFieldLevel, Direction: model.OrderDirectionAsc}, {Field: model.RegionOrderFieldCode, Direction: model.OrderDirectionAsc}},
			"name":        {{Field: model.RegionOrderFieldName, Direction: model.OrderDirectionAsc}},
		}
		cases := 0
		for sn, sc := range scopes {
			for fn, f := range filters {
				for on, o := range orders {
					list := func(a paging.Args) store.List[model.RegionFilter, model.RegionOrder] {
						return store.List[model.RegionFilter, model.RegionOrder]{Filter: f, OrderBy: o, Page: a}
					}
					s.SetTree(false)
					first := readRegions(s, sc, list(paging.Args{First: ptr(3)}))
					s.SetTree(true)
					windows := map[string]paging.Args{"first 3": {First: ptr(3)}, "last 2": {Last: ptr(2)}, "first 0": {First: ptr(0)}}
					if len(first.Cursors) > 1 {
						windows["after the second"] = paging.Args{First: ptr(4), After: &first.Cursors[1]}
						windows["last 1 before the second"] = paging.Args{Last: ptr(1), Before: &first.Cursors[1]}
						windows["between"] = paging.Args{First: ptr(5), After: &first.Cursors[0], Before: &first.Cursors[len(first.Cursors)-1]}
					}
					windows["a cursor of another ordering"] = paging.Args{First: ptr(2), After: ptr(paging.Cursor(paging.Position{Order: "nope", ID: 1}))}
					for wn, a := range windows {
						s.SetTree(false)
						want := readRegions(s, sc, list(a))
						s.SetTree(true)
						got := readRegions(s, sc, list(a))
						cases++
						if g, w := dump(got), dump(want); g != w {
							t.Errorf("%s, filter %s, order %s, %s:\n tree %s\n  SQL %s", sn, fn, on, wn, g, w)
						}
					}
				}
			}
		}
		t.Logf("%d cases", cases)
	})
}

func dump(p regionPage) string { b, _ := json.Marshal(p); return string(b) }

// TestTreeFollowsWrites: the tree is read again when the data version moves past a write that
// recorded no change (a new release of the dataset, here a rename by plain SQL, as another
// instance or the seed would make it), and kept when every write since is in the change feed and
// touched no region of the tree.
func TestTreeFollowsWrites(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		db := testdb.SQL(t, s)
		name := func() string {
			t.Helper()
			r, err := s.RegionByCode(s.WithSession(context.Background()), "411224100000")
			if err != nil || r == nil {
				t.Fatalf("region: %v %v", r, err)
			}
			return r.Name
		}
		before, loads := name(), s.TreeLoads()
		if loads == 0 {
			t.Fatal("the tree was not loaded")
		}
		// A write that the change feed records, of a project: the tree stays.
		var id int64
		var version int
		if err := db.QueryRow("SELECT id, version FROM projects ORDER BY id LIMIT 1").Scan(&id, &version); err != nil {
			t.Fatal(err)
		}
		err := s.Write(s.WithSession(context.Background()), "test", func(w *store.Tx) error {
			row, err := w.Get(model.KindOfRow[model.Project](), id)
			if err != nil {
				return err
			}
			p := row.(*model.Project)
			p.Name += "（改）"
			return w.Update(p, version)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := name(); got != before || s.TreeLoads() != loads {
			t.Errorf("after a project's update: name %q, %d loads; want %q, %d", got, s.TreeLoads(), before, loads)
		}
		// A rename with no change recorded, and the version bumped: the next request sees it.
		for _, q := range []string{"UPDATE regions SET name = '新名乡' WHERE code = '411224100000'", "UPDATE data_version SET version = version + 1 WHERE id = 1"} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		if got := name(); got != "新名乡" || s.TreeLoads() != loads+1 {
			t.Errorf("after a rename: name %q, %d loads; want 新名乡, %d", got, s.TreeLoads(), loads+1)
		}

	})
}

// TestTreeFilterAnswersEveryField walks model.RegionFilter's fields: a filter that sets only
// one of them must be answered by the division tree, keeping some regions but not all (so the
// field was not ignored), or be left to SQL. A field added to the schema fails here until
// treeFilter answers it (TestTreeAnswersAsSQL then compares the answers with SQL's) or sends it
// to SQL, and a case below says which.
func TestTreeFilterAnswersEveryField(t *testing.T) {
	s := testdb.Open(t, "sqlite")
	ctx := s.WithSession(context.Background())
	lushi, err := s.RegionByCode(ctx, "411224000000")
	if err != nil || lushi == nil || lushi.NameEn == nil {
		t.Fatalf("Lushi: %v %v", lushi, err)
	}
	county := &model.RegionFilter{Level: &model.RegionLevelFilter{Eq: ptr(model.RegionLevelCounty)}}
	cases := map[string]struct {
		filter *model.RegionFilter // sets the field alone
		sql    bool                // the tree leaves it to SQL
	}{
		"ID":     {&model.RegionFilter{ID: &model.IDFilter{Eq: ptr(gid.Encode(model.TypeCounty, lushi.RowID))}}, false},
		"Code":   {&model.RegionFilter{Code: &model.StringFilter{Eq: lushi.Code}}, false},
		"Name":   {&model.RegionFilter{Name: &model.StringFilter{Eq: &lushi.Name}}, false},
		"NameEn": {&model.RegionFilter{NameEn: &model.StringFilter{Eq: lushi.NameEn}}, false},
		"Level":  {county, false},
		"Kind":   {&model.RegionFilter{Kind: &model.RegionKindFilter{Eq: ptr(model.RegionKindTown)}}, false},
		"Within": {&model.RegionFilter{Within: ptr("411224")}, false},
		"Parent": {&model.RegionFilter{Parent: &model.RegionFilter{Code: &model.StringFilter{Eq: lushi.Code}}}, false},
		"And":    {&model.RegionFilter{And: []*model.RegionFilter{county}}, false},
		"Or":     {&model.RegionFilter{Or: []*model.RegionFilter{county}}, false},
		"Not":    {&model.RegionFilter{Not: county}, false},
	}
	fields := reflect.TypeFor[model.RegionFilter]()
	for name := range cases {
		if _, ok := fields.FieldByName(name); !ok {
			t.Errorf("a case for %s, which RegionFilter does not have", name)
		}
	}
	for f := range fields.Fields() {
		c, ok := cases[f.Name]
		if !ok {
			t.Errorf("RegionFilter.%s: treeFilter must answer it or send it to SQL, and a case here say which", f.Name)
			continue
		}
		v := reflect.ValueOf(c.filter).Elem()
		for other := range fields.Fields() {
			if set := !v.FieldByIndex(other.Index).IsZero(); set != (other.Name == f.Name) {
				t.Fatalf("the case of %s sets %s: %v", f.Name, other.Name, set)
			}
		}
		kept, of, answered, err := s.TreeFilter(ctx, c.filter)
		switch {
		case err != nil:
			t.Fatal(err)
		case answered == c.sql:
			t.Errorf("RegionFilter.%s: answered by the tree %v, want %v", f.Name, answered, !c.sql)
		case answered && (kept == 0 || kept == of):
			t.Errorf("RegionFilter.%s: keeps %d of the tree's %d regions: is it ignored?", f.Name, kept, of)
		}
	}
}
