package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// statRow is a row of project_stats, or of its recomputation from projects.
type statRow struct {
	Category                           string
	Status                             *string
	ProjectsN, BudgetN                 int64
	BudgetHi, BudgetLo                 *string // MySQL's SUM is a DECIMAL
	BudgetMin, BudgetMax               *int64
	StartMin, StartMax, EndMin, EndMax *string
}

func (r statRow) String() string {
	v := func(p any) string {
		rv := reflect.ValueOf(p)
		if rv.IsNil() {
			return "NULL"
		}
		return fmt.Sprint(rv.Elem())
	}
	return fmt.Sprintf("%s/%s: %d projects, %d budgets, sum %s·2^32 + %s, %s..%s, start %s..%s, end %s..%s", r.Category, v(r.Status),
		r.ProjectsN, r.BudgetN, v(r.BudgetHi), v(r.BudgetLo), v(r.BudgetMin), v(r.BudgetMax), v(r.StartMin), v(r.StartMax), v(r.EndMin), v(r.EndMax))
}

// stats reads project_stats, and what recomputing it whole would give, in the transaction.
func stats(t *testing.T, tx *gorm.DB) (have, want []statRow) {
	t.Helper()
	const order = " ORDER BY category, status"
	if err := tx.Raw("SELECT * FROM project_stats" + order).Scan(&have).Error; err != nil {
		t.Fatal(err)
	}
	if err := tx.Raw(store.ProjectStatsSelect(store.Dialect(tx.Dialector.Name())) + " GROUP BY category, status" + order).Scan(&want).Error; err != nil {
		t.Fatal(err)
	}
	return have, want
}

// groupsOf lists the summary groups of the projects with the given ids.
func groupsOf(t *testing.T, tx *gorm.DB, ids []int64) []store.ProjectGroup {
	t.Helper()
	var groups []store.ProjectGroup
	if err := tx.Raw("SELECT category, status FROM projects WHERE id IN ?", ids).Scan(&groups).Error; err != nil {
		t.Fatal(err)
	}
	return groups
}

// TestRefreshProjectGroups changes projects by plain SQL, as a mutation would, and refreshes the
// groups of the rows changed, before the change and after: project_stats must then equal its
// recomputation from projects, where before the refresh it did not.
func TestRefreshProjectGroups(t *testing.T) {
	cases := []struct {
		name   string
		pick   string // the ids of the projects to change
		change string // the change, given those ids
	}{
		{"status to another", "SELECT id FROM projects WHERE status = 'COMPLETED' ORDER BY id LIMIT 3",
			"UPDATE projects SET status = 'PLANNED' WHERE id IN ?"},
		{"category to another", "SELECT id FROM projects WHERE category <> 'WATER' ORDER BY id LIMIT 4",
			"UPDATE projects SET category = 'WATER' WHERE id IN ?"},
		{"status to none", "SELECT id FROM projects WHERE status IS NOT NULL ORDER BY id DESC LIMIT 2",
			"UPDATE projects SET status = NULL WHERE id IN ?"},
		{"no status to one", "SELECT id FROM projects ORDER BY id LIMIT 5",
			"UPDATE projects SET status = CASE WHEN status IS NULL THEN 'IN_PROGRESS' ELSE NULL END WHERE id IN ?"},
		{"budget and dates in the same group", "SELECT id FROM projects ORDER BY id LIMIT 6",
			"UPDATE projects SET budget_yuan = COALESCE(budget_yuan, 0) * 3 + 1, start_date = '1990', end_date = '2999-12-31' WHERE id IN ?"},
		{"budget to none", "SELECT id FROM projects WHERE budget_yuan IS NOT NULL ORDER BY id LIMIT 2",
			"UPDATE projects SET budget_yuan = NULL WHERE id IN ?"},
		{"a group emptied", "SELECT id FROM projects WHERE category = (SELECT MIN(category) FROM projects)",
			"UPDATE projects SET category = 'CONSUMPTION', status = 'PLANNED' WHERE id IN ?"},
		{"a new group", "SELECT id FROM projects ORDER BY id LIMIT 1",
			"UPDATE projects SET category = 'ELDERLY_AND_DISABILITY_CARE', status = 'PLANNED' WHERE id IN ?"},
		{"inserted", "SELECT 990001",
			"INSERT INTO projects (id, name, category, status, budget_yuan, quote, source_id) SELECT 990001, 'test', 'HOUSING', 'PLANNED', 7, 'test', MIN(id) FROM sources WHERE 990001 IN ?"},
		{"deleted", "SELECT id FROM projects ORDER BY id DESC LIMIT 2",
			"DELETE FROM projects WHERE id IN ?"},
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.Open(t, d)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				err := s.RolledBack(context.Background(), func(tx *gorm.DB) error {
					var ids []int64
					if err := tx.Raw(c.pick).Scan(&ids).Error; err != nil || len(ids) == 0 {
						t.Fatalf("%s: %v (%d rows): the case needs some", c.pick, err, len(ids))
					}
					groups := groupsOf(t, tx, ids)
					if err := tx.Exec(c.change, ids).Error; err != nil {
						t.Fatalf("%s: %v", c.change, err)
					}
					groups = append(groups, groupsOf(t, tx, ids)...)
					if have, want := stats(t, tx); reflect.DeepEqual(have, want) {
						t.Fatal("project_stats agrees with projects before the refresh: the case changes nothing it keeps")
					}
					if err := store.RefreshProjectGroups(tx, groups); err != nil {
						return err
					}
					have, want := stats(t, tx)
					if !reflect.DeepEqual(have, want) {
						t.Errorf("after refreshing %v:\nproject_stats %v\nrecomputed    %v", groups, have, want)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			})
		}
	})
}

// TestRecordRowWrite checks that a row write's version is the next one, that it commits with
// the write, and that a write rolled back leaves the version as it was.
func TestRecordRowWrite(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.OpenEmpty(t, d)
		ctx := context.Background()
		before, err := s.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name   string
			run    func(context.Context, func(*gorm.DB) error) error
			commit bool
		}{
			{"committed", s.InTx, true},
			{"rolled back", s.RolledBack, false},
			{"committed again", s.InTx, true},
		} {
			var got int64
			err := c.run(ctx, func(tx *gorm.DB) (err error) {
				got, err = store.RecordRowWrite(tx)
				return err
			})
			if err != nil || got != before+1 {
				t.Errorf("%s: version %d (%v), want %d", c.name, got, err, before+1)
			}
			after, err := s.DataVersion(ctx)
			if c.commit {
				before++
			}
			if err != nil || after != before {
				t.Errorf("%s: version %d after (%v), want %d", c.name, after, err, before)
			}
		}
	})
}
