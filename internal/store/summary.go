package store

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/model"
)

// A summary is a table derived from another that holds the measures of its rows per
// combination of a few columns: project_stats keeps, per (category, status), what a count or a
// project aggregate needs. A scope whose rows are decided by those columns alone is answered
// from the summary, so that its cost does not grow with the table. Summaries are kept inside
// every write's transaction: they are derived data, never stale. A bulk load recomputes them
// whole (recordWrite); a write of a few rows changes the groups it touched by deltas
// (applyProjectChanges, summary_delta.go), since the whole takes seconds at national scale and
// even one group's recomputation tens of milliseconds; refreshProjectGroups recomputes groups.
type summary struct {
	table   string               // the summary table; queries alias it to the summarized table's name
	columns map[string]bool      // the summarized table's columns it keeps, qualified ("projects.status")
	rows    string               // its column that holds the number of rows summarized
	refresh func(Dialect) string // the statement that refills it after DELETE
}

// projectStatsSelect computes project_stats' rows, named as its columns, from the projects that
// a WHERE inserted before its GROUP BY admits. The budgets' sum is kept in two parts (sumSplit),
// so that no sum of budgets overflows, whatever the budgets.
func projectStatsSelect(d Dialect) string {
	return `SELECT category, status, COUNT(*) AS projects_n, COUNT(budget_yuan) AS budget_n,
  ` + sumSplit(d, "budget_yuan", "budget_hi", "budget_lo") + `, MIN(budget_yuan) AS budget_min, MAX(budget_yuan) AS budget_max,
  MIN(start_date) AS start_min, MAX(start_date) AS start_max, MIN(end_date) AS end_min, MAX(end_date) AS end_max
FROM projects`
}

func projectStatsInsert(d Dialect) string {
	return `INSERT INTO project_stats (category, status, projects_n, budget_n, budget_hi, budget_lo, budget_min,
  budget_max, start_min, start_max, end_min, end_max)
` + projectStatsSelect(d)
}

var projectStats = &summary{
	table:   "project_stats",
	columns: map[string]bool{"projects.category": true, "projects.status": true},
	rows:    "projects_n",
	refresh: func(d Dialect) string { return projectStatsInsert(d) + " GROUP BY category, status" },
}

// dialectOf names tx's database.
func dialectOf(tx *gorm.DB) Dialect { return Dialect(tx.Dialector.Name()) }

var summaries = []*summary{projectStats}

// covers tells whether a condition that reads only the columns in cols can be evaluated on the
// summary's rows: each of them then stands for rows that agree on every such column.
func (sm *summary) covers(cols map[string]bool) bool {
	for c := range cols {
		if !sm.columns[c] {
			return false
		}
	}
	return true
}

// refreshSummaries recomputes every summary from its table.
func refreshSummaries(tx *gorm.DB) error {
	for _, sm := range summaries {
		if err := tx.Exec("DELETE FROM " + sm.table).Error; err != nil {
			return fmt.Errorf("refresh %s: %w", sm.table, err)
		}
		if err := tx.Exec(sm.refresh(dialectOf(tx))).Error; err != nil {
			return fmt.Errorf("refresh %s: %w", sm.table, err)
		}
	}
	return nil
}

// projectGroup is one row of project_stats: the projects of a category and a status (nil: none).
type projectGroup struct {
	Category string
	Status   *string
}

// refreshProjectGroups recomputes the rows of project_stats of the groups given, from projects,
// one DELETE and one INSERT … SELECT a group: for a write that changed many rows of the groups,
// with the groups of the rows before the write and after. A group left with no projects loses its
// row, as in a recomputation of the whole.
func refreshProjectGroups(tx *gorm.DB, groups []projectGroup) error {
	for _, g := range distinctGroups(groups) {
		where, args := g.where()
		if err := tx.Exec("DELETE FROM project_stats"+where, args...).Error; err != nil {
			return fmt.Errorf("refresh project_stats of %s: %w", g, err)
		}
		if err := tx.Exec(projectStatsInsert(dialectOf(tx))+where+" GROUP BY category, status", args...).Error; err != nil {
			return fmt.Errorf("refresh project_stats of %s: %w", g, err)
		}
	}
	return nil
}

// where selects the group's rows, of projects or of project_stats: both name the columns alike.
// A nil status is matched by IS NULL, which = would never match.
func (g projectGroup) where() (string, []any) {
	if g.Status == nil {
		return " WHERE category = ? AND status IS NULL", []any{g.Category}
	}
	return " WHERE category = ? AND status = ?", []any{g.Category, *g.Status}
}

func (g projectGroup) String() string {
	if g.Status == nil {
		return g.Category + "/no status"
	}
	return g.Category + "/" + *g.Status
}

// distinctGroups drops repeated groups, keeping the first of each, so that a write whose rows
// stay in their group recomputes it once.
func distinctGroups(groups []projectGroup) []projectGroup {
	type key struct {
		category, status string
		null             bool
	}
	seen := map[key]bool{}
	var out []projectGroup
	for _, g := range groups {
		k := key{category: g.Category, null: g.Status == nil}
		if g.Status != nil {
			k.status = *g.Status
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, g)
		}
	}
	return out
}

// recordWrite brings the summaries and the planner's statistics up to date and takes a seq (the
// new data version), inside the write's transaction, so that derived data and the version commit with the
// rows. It costs seconds at national scale: it is for bulk loads; a write of a few rows calls
// recordRowWrite and refreshes what it touched.
func recordWrite(tx *gorm.DB) (seq int64, err error) {
	if err := refreshSummaries(tx); err != nil {
		return 0, err
	}
	if err := refreshStatistics(tx); err != nil {
		return 0, err
	}
	return takeSeq(tx)
}

// refreshStatistics tells SQLite's planner how the rows are spread. Without statistics it
// guesses, and for a county's townships it read the index of all 38,000 townships rather than
// the county's: 13 ms a statement instead of 0.7 at national scale. (InnoDB keeps its own
// statistics current, and MySQL's ANALYZE TABLE would commit the transaction.)
func refreshStatistics(tx *gorm.DB) error {
	if tx.Dialector.Name() != "sqlite" {
		return nil
	}
	if err := tx.Exec("ANALYZE").Error; err != nil {
		return fmt.Errorf("refresh planner statistics: %w", err)
	}
	return nil
}

// RecordWrite is recordWrite for writes made outside a transaction of the store's own, such as
// a bulk load of generated data.
func (s *Store) RecordWrite(ctx context.Context) error {
	var seq int64
	err := s.primary(ctx).Transaction(func(tx *gorm.DB) (err error) {
		seq, err = recordWrite(tx)
		return err
	})
	if err == nil {
		s.committed(seq)
	}
	return err
}

// summaryCount counts the rows of sc from its summary.
func (s *Store) summaryCount(ctx context.Context, sc *scope) (int, error) {
	var n int64
	where := sc.full()
	sql := "SELECT COALESCE(SUM(" + sc.summary.rows + "), 0) FROM " + sc.summary.table + " " + sc.spec.table + whereClause(where)
	if err := s.session(ctx).Raw(sql, where.args...).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("count %s from %s: %w", sc.spec.table, sc.summary.table, err)
	}
	return int(n), nil
}

// Analyze refreshes SQLite's planner statistics of tables (on MySQL, InnoDB keeps its own), for a
// bulk write that grew them: with statistics that still count a table's rows before the write,
// SQLite reads the whole table for an IN list longer than the rows it thinks there are (an
// import's natural-key lookups, store.RowsByKey, grew with the table).
func (s *Store) Analyze(ctx context.Context, tables ...string) error {
	if s.dialect != SQLite || len(tables) == 0 {
		return nil
	}
	if err := s.takeWriteTurn(ctx); err != nil {
		return err
	}
	defer func() { <-s.writeTurn }()
	for _, t := range tables {
		if !slices.Contains(tableNames(), t) {
			return fmt.Errorf("refresh planner statistics: no table %q", t)
		}
		if err := s.primary(ctx).Exec("ANALYZE " + t).Error; err != nil {
			return fmt.Errorf("refresh planner statistics of %s: %w", t, err)
		}
	}
	return nil
}

// tableNames are the tables of the registry's kinds.
func tableNames() []string {
	var out []string
	for _, k := range model.Kinds() {
		out = append(out, k.Table)
	}
	return out
}
