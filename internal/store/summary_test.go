package store_test

import (
	"context"
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestProjectStats checks which counts project_stats answers, and that every write keeps it
// current. It skews the summary by hand: counts that read it move, the others must not; after
// RecordWrite every count agrees with the projects table again.
func TestProjectStats(t *testing.T) {
	completed, health := model.ProjectStatusCompleted, model.ProjectCategoryHealth
	lushi := "411224"
	cases := []struct {
		name       string
		scope      store.ProjectScope
		filter     *model.ProjectFilter
		summarized bool
	}{
		{"all projects", store.ProjectScope{}, nil, true},
		{"status", store.ProjectScope{}, &model.ProjectFilter{Status: &model.ProjectStatusFilter{Eq: &completed}}, true},
		{"not status (keeps nulls)", store.ProjectScope{}, &model.ProjectFilter{Not: &model.ProjectFilter{Status: &model.ProjectStatusFilter{Eq: &completed}}}, true},
		{"category or null status", store.ProjectScope{}, &model.ProjectFilter{Or: []*model.ProjectFilter{
			{Category: &model.ProjectCategoryFilter{Eq: &health}}, {Status: &model.ProjectStatusFilter{IsNull: ptr(true)}}}}, true},
		{"name", store.ProjectScope{}, &model.ProjectFilter{Name: &model.StringFilter{Contains: ptr("卢氏")}}, false},
		{"status and budget", store.ProjectScope{}, &model.ProjectFilter{Status: &model.ProjectStatusFilter{Eq: &completed},
			BudgetYuan: &model.Int64Filter{Gt: ptr(int64(0))}}, false},
		{"region within", store.ProjectScope{}, &model.ProjectFilter{Region: &model.RegionFilter{Within: &lushi}}, false},
		{"a region subtree's projects", store.ProjectScope{Within: &store.Within{Region: &model.Division{RowID: 1, Path: "/1/", Level: model.RegionLevelProvince}, Descendants: true}}, nil, false},
		{"program", store.ProjectScope{}, &model.ProjectFilter{Program: &model.ProgramFilter{Ordinal: &model.IntFilter{Gte: ptr(1)}}}, false},
		{"a program's projects", store.ProjectScope{ProgramID: ptr(int64(1))}, nil, false},
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.Open(t, d)
		db := testdb.SQL(t, s)
		count := func(sc store.ProjectScope, f *model.ProjectFilter) int {
			t.Helper()
			conn, err := s.Projects(ctx, sc, store.List[model.ProjectFilter, model.ProjectOrder]{Filter: f})
			if err != nil {
				t.Fatal(err)
			}
			n, err := conn.TotalCount()
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := make([]int, len(cases))
		for i, c := range cases {
			before[i] = count(c.scope, c.filter)
		}
		if before[0] == 0 {
			t.Fatal("no projects: the test needs some")
		}
		// Every (category, status) gains 1000 projects that the table does not have.
		if _, err := db.Exec("UPDATE project_stats SET projects_n = projects_n + 1000"); err != nil {
			t.Fatal(err)
		}
		for i, c := range cases {
			moved := count(c.scope, c.filter) != before[i]
			if moved != c.summarized {
				t.Errorf("%s: read the summary %t, want %t", c.name, moved, c.summarized)
			}
		}
		if err := s.RecordWrite(ctx); err != nil {
			t.Fatal(err)
		}
		for i, c := range cases {
			if got := count(c.scope, c.filter); got != before[i] {
				t.Errorf("%s after RecordWrite: %d, want %d", c.name, got, before[i])
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestWritesRefreshPlannerStatistics: SQLite plans with statistics only if someone gathers
// them, and without them it picked the index of every township over a county's own.
func TestWritesRefreshPlannerStatistics(t *testing.T) {
	s := testdb.Open(t, store.SQLite)
	var n int
	if err := testdb.SQL(t, s).QueryRow("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'regions'").Scan(&n); err != nil {
		t.Fatalf("read sqlite_stat1: %v", err)
	}
	if n == 0 {
		t.Error("no planner statistics for regions after loading the article's data")
	}
}
