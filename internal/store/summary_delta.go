package store

import (
	"cmp"
	"database/sql"
	"fmt"
	"slices"

	"github.com/aidgraph/aidgraph/model"
)

// A write keeps project_stats by deltas: for each group it touched it subtracts the projects as
// they were and adds them as they are, in its own transaction. Counts and the two parts of the
// budgets' sum (sumSplit: the sum of the quotients by 2^32 and of the remainders) are exact by
// addition, so the row equals its recomputation; a MIN or MAX is only read again from projects
// when a value removed was the extreme, since a value added can only push it outwards. The
// group's row is read FOR UPDATE (MySQL; SQLite has one writer), groups in one order, so that
// concurrent writes to a group add up instead of overwriting each other.

// projectChange is one project as a write found it and as it left it (nil: absent).
type projectChange struct{ before, after *model.Project }

// statRow is a row of project_stats.
type statRow struct {
	ProjectsN, BudgetN                 int64
	BudgetHi, BudgetLo                 *int64
	BudgetMin, BudgetMax               *int64
	StartMin, StartMax, EndMin, EndMax *string
}

// groupDelta is what a write changed in one group: counts and sums to add, values removed and
// added (each project's budget and dates).
type groupDelta struct {
	group          projectGroup
	n, budgetN     int64
	hi, lo         int64
	removed, added []*model.Project
}

// groupOf returns the summary group of a project.
func groupOf(p *model.Project) projectGroup {
	g := projectGroup{Category: string(p.Category)}
	if p.Status != nil {
		s := string(*p.Status)
		g.Status = &s
	}
	return g
}

// deltasOf adds up a write's project changes per group, in the order groups are locked.
func deltasOf(changes []projectChange) []*groupDelta {
	byGroup := map[string]*groupDelta{}
	at := func(p *model.Project) *groupDelta {
		g := groupOf(p)
		k := g.String() + "\x00" + fmt.Sprint(g.Status == nil)
		d := byGroup[k]
		if d == nil {
			d = &groupDelta{group: g}
			byGroup[k] = d
		}
		return d
	}
	add := func(p *model.Project, sign int64) {
		d := at(p)
		d.n += sign
		if b := p.BudgetYuan; b != nil {
			d.budgetN += sign
			d.hi += sign * (*b / splitBase)
			d.lo += sign * (*b % splitBase)
		}
		if sign < 0 {
			d.removed = append(d.removed, p)
		} else {
			d.added = append(d.added, p)
		}
	}
	for _, c := range changes {
		if c.before != nil {
			add(c.before, -1)
		}
		if c.after != nil {
			add(c.after, 1)
		}
	}
	out := make([]*groupDelta, 0, len(byGroup))
	for _, d := range byGroup {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *groupDelta) int {
		return cmp.Or(cmp.Compare(a.group.Category, b.group.Category), cmpNullable(a.group.Status, b.group.Status))
	})
	return out
}

func cmpNullable(a, b *string) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return cmp.Compare(*a, *b)
}

// applyProjectChanges brings project_stats up to date with a write's project changes, once the
// write's rows are in projects (a recomputed extreme reads them).
func applyProjectChanges(w *Tx, changes []projectChange) error {
	for _, d := range deltasOf(changes) {
		if err := applyGroupDelta(w, d); err != nil {
			return fmt.Errorf("keep project_stats of %s: %w", d.group, err)
		}
	}
	return nil
}

func applyGroupDelta(w *Tx, d *groupDelta) error {
	tx := w.db
	where, args := d.group.where()
	lock := ""
	if dialectOf(tx) == MySQL {
		lock = " FOR UPDATE"
	}
	read := func() (rows []statRow, err error) {
		err = tx.Raw("SELECT projects_n, budget_n, budget_hi, budget_lo, budget_min, budget_max, start_min, start_max, end_min, end_max FROM project_stats"+
			where+lock, args...).Scan(&rows).Error
		return rows, err
	}
	rows, err := read()
	if err != nil {
		return err
	}
	if len(rows) == 0 && lock != "" {
		// No row to lock: two writes at once would both insert the group's. The group's key
		// (lockKey) makes the second wait for the first's commit, then read the row it wrote.
		if err := w.lockKey("project_stats", map[string]any{"category": d.group.Category, "status": d.group.Status}); err != nil {
			return err
		}
		if rows, err = read(); err != nil {
			return err
		}
	}
	if len(rows) > 1 {
		return fmt.Errorf("%d rows for one group", len(rows))
	}
	var cur statRow
	if len(rows) == 1 {
		cur = rows[0]
	}
	next := statRow{ProjectsN: cur.ProjectsN + d.n, BudgetN: cur.BudgetN + d.budgetN}
	if next.ProjectsN < 0 || next.BudgetN < 0 {
		return fmt.Errorf("counts would fall below zero (%d projects, %d budgets): project_stats is out of step with projects", next.ProjectsN, next.BudgetN)
	}
	if next.ProjectsN == 0 {
		if len(rows) == 0 {
			return nil
		}
		return tx.Exec("DELETE FROM project_stats"+where, args...).Error
	}
	if next.BudgetN > 0 {
		hi, lo := deref(cur.BudgetHi)+d.hi, deref(cur.BudgetLo)+d.lo
		next.BudgetHi, next.BudgetLo = &hi, &lo
	}
	recompute := func(agg, col string) func() (*string, error) {
		return func() (*string, error) {
			var v sql.NullString
			if err := tx.Raw("SELECT "+agg+"("+col+") FROM projects"+where, args...).Row().Scan(&v); err != nil {
				return nil, err
			}
			if !v.Valid {
				return nil, nil
			}
			return &v.String, nil
		}
	}
	budget := func(p *model.Project) *string { return int64Text(p.BudgetYuan) }
	start := func(p *model.Project) *string { return (*string)(p.StartDate) }
	end := func(p *model.Project) *string { return (*string)(p.EndDate) }
	bmin, bmax := int64Text(cur.BudgetMin), int64Text(cur.BudgetMax)
	for _, x := range []struct {
		cur   *string
		dst   **string
		value func(*model.Project) *string
		agg   string
		col   string
		less  func(a, b string) bool
	}{
		{bmin, &bmin, budget, "MIN", "budget_yuan", lessInt},
		{bmax, &bmax, budget, "MAX", "budget_yuan", greaterInt},
		{cur.StartMin, &next.StartMin, start, "MIN", "start_date", lessText},
		{cur.StartMax, &next.StartMax, start, "MAX", "start_date", greaterText},
		{cur.EndMin, &next.EndMin, end, "MIN", "end_date", lessText},
		{cur.EndMax, &next.EndMax, end, "MAX", "end_date", greaterText},
	} {
		if *x.dst, err = extreme(x.cur, d, x.value, x.less, recompute(x.agg, x.col)); err != nil {
			return err
		}
	}
	if next.BudgetMin, err = textInt64(bmin); err != nil {
		return err
	}
	if next.BudgetMax, err = textInt64(bmax); err != nil {
		return err
	}
	values := []any{next.ProjectsN, next.BudgetN, next.BudgetHi, next.BudgetLo, next.BudgetMin, next.BudgetMax,
		next.StartMin, next.StartMax, next.EndMin, next.EndMax}
	if len(rows) == 0 {
		return tx.Exec(`INSERT INTO project_stats (category, status, projects_n, budget_n, budget_hi, budget_lo, budget_min,
  budget_max, start_min, start_max, end_min, end_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			append([]any{d.group.Category, d.group.Status}, values...)...).Error
	}
	return tx.Exec(`UPDATE project_stats SET projects_n = ?, budget_n = ?, budget_hi = ?, budget_lo = ?, budget_min = ?,
  budget_max = ?, start_min = ?, start_max = ?, end_min = ?, end_max = ?`+where, append(values, args...)...).Error
}

// extreme returns a group's MIN or MAX (less says which comes first) after the delta: read again
// through recompute when a value removed was the extreme, else the extreme of the old one and of
// the values added.
func extreme(cur *string, d *groupDelta, value func(*model.Project) *string, less func(a, b string) bool,
	recompute func() (*string, error)) (*string, error) {
	for _, p := range d.removed {
		if v := value(p); v != nil && (cur == nil || !less(*cur, *v)) {
			return recompute() // the extreme (or a value beyond it: out of step) is gone
		}
	}
	out := cur
	for _, p := range d.added {
		if v := value(p); v != nil && (out == nil || less(*v, *out)) {
			out = v
		}
	}
	return out, nil
}

func int64Text(p *int64) *string {
	if p == nil {
		return nil
	}
	s := fmt.Sprint(*p)
	return &s
}

func textInt64(s *string) (*int64, error) {
	if s == nil {
		return nil, nil
	}
	var v int64
	if _, err := fmt.Sscan(*s, &v); err != nil {
		return nil, fmt.Errorf("read %q as a budget: %w", *s, err)
	}
	return &v, nil
}

func lessInt(a, b string) bool {
	x, _ := textInt64(&a)
	y, _ := textInt64(&b)
	return *x < *y
}
func greaterInt(a, b string) bool { return lessInt(b, a) }

// Partial dates (2019, 2019-05, 2019-05-31) are digits and hyphens: every collation orders them
// as bytes.
func lessText(a, b string) bool    { return a < b }
func greaterText(a, b string) bool { return a > b }
