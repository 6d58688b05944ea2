package synth_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/synth"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

func scalar(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	var v sql.NullString
	if err := db.QueryRow(q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v.String
}

// TestSmallScale generates the small scale on each database and checks its shape against the
// peer benchmark's description, its integrity, and that it never mixes with the article's data.
func TestSmallScale(t *testing.T) {
	ctx := context.Background()
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		s := testdb.OpenEmpty(t, d)
		counts, err := synth.Generate(ctx, s, synth.Scales["small"])
		if err != nil {
			t.Fatal(err)
		}
		db := testdb.SQL(t, s)
		for _, c := range []struct{ q, want string }{
			{"SELECT COUNT(*) FROM regions WHERE level = 'PROVINCE'", "1"},
			{"SELECT COUNT(*) FROM regions WHERE level = 'CITY'", "2"},
			{"SELECT COUNT(*) FROM regions WHERE level = 'COUNTY'", "13"},
			{"SELECT COUNT(*) FROM regions WHERE level = 'TOWNSHIP'", "234"},
			{"SELECT COUNT(*) FROM regions WHERE level = 'VILLAGE'", "2340"},
			{"SELECT COUNT(*) FROM projects", "200"},
			{"SELECT COUNT(*) FROM schools", "73"},
			{"SELECT COUNT(*) FROM hospitals", "36"},
			{"SELECT COUNT(*) FROM pairings", "13"},
			{"SELECT COUNT(*) FROM figures", "65"},
			// Children spread evenly: 18 townships a county, 10 villages a township.
			{"SELECT COUNT(DISTINCT n) FROM (SELECT parent_id, COUNT(*) AS n FROM regions WHERE level = 'TOWNSHIP' GROUP BY parent_id) x", "1"},
			{"SELECT MIN(n) FROM (SELECT parent_id, COUNT(*) AS n FROM regions WHERE level = 'VILLAGE' GROUP BY parent_id) x", "10"},
			// Codes: unique, 12 digits, each starting with its parent's significant digits.
			{"SELECT COUNT(DISTINCT code) FROM regions", "2590"},
			{"SELECT COUNT(*) FROM regions WHERE LENGTH(code) <> 12", "0"},
			{"SELECT COUNT(*) FROM regions c JOIN regions p ON p.id = c.parent_id WHERE SUBSTR(c.code, 1, 4) <> SUBSTR(p.code, 1, 4) AND p.level <> 'PROVINCE'", "0"},
			{"SELECT code FROM regions WHERE level = 'COUNTY' ORDER BY id LIMIT 1", "110101000000"},
			// Ancestor columns agree with parents, paths with ids.
			{"SELECT COUNT(*) FROM regions v JOIN regions t ON t.id = v.parent_id WHERE v.level = 'VILLAGE' AND (v.township_id <> t.id OR v.county_id <> t.county_id OR v.village_id <> v.id)", "0"},
			{"SELECT COUNT(*) FROM regions c JOIN regions p ON p.id = c.parent_id WHERE SUBSTR(c.path, 1, LENGTH(p.path)) <> p.path", "0"},
			// Every row cites the one synthetic source, and it says so.
			{"SELECT kind FROM sources", "SYNTHETIC"},
			{"SELECT COUNT(*) FROM projects WHERE source_id <> 1", "0"},
			// Projects: every status and 11 categories; funders are cities; beneficiaries at three levels.
			{"SELECT COUNT(DISTINCT status) FROM projects", "3"},
			{"SELECT COUNT(DISTINCT category) FROM projects", "11"},
			{"SELECT COUNT(*) FROM projects p JOIN regions r ON r.id = p.funder_region_id WHERE r.level <> 'CITY'", "0"},
			{"SELECT COUNT(DISTINCT r.level) FROM projects p JOIN regions r ON r.id = p.region_id", "3"},
			{"SELECT COUNT(*) FROM projects WHERE budget_yuan < 10000 OR budget_yuan > 50010000", "0"},
			{"SELECT COUNT(*) FROM projects WHERE (status = 'COMPLETED') <> (end_date IS NOT NULL)", "0"},
		} {
			if got := scalar(t, db, c.q); got != c.want {
				t.Errorf("%s: got %s, want %s", c.q, got, c.want)
			}
		}
		// Every row that keeps copies of its region's ancestors has them (Go writes them, with
		// each chunk: no trigger does).
		for _, table := range store.AncestorTables() {
			q := "SELECT COUNT(*) FROM " + table + " x JOIN regions r ON r.id = x.region_id WHERE " +
				"COALESCE(x.province_id, 0) <> COALESCE(r.province_id, 0) OR COALESCE(x.city_id, 0) <> COALESCE(r.city_id, 0) OR " +
				"COALESCE(x.county_id, 0) <> COALESCE(r.county_id, 0) OR COALESCE(x.township_id, 0) <> COALESCE(r.township_id, 0)"
			if got := scalar(t, db, q); got != "0" {
				t.Errorf("%s: %s rows whose ancestors differ from their region's", table, got)
			}
		}
		// Roughly 70 % of projects benefit a township (200 rows: allow ±12 points).
		if n := scalar(t, db, "SELECT COUNT(*) FROM projects p JOIN regions r ON r.id = p.region_id WHERE r.level = 'TOWNSHIP'"); n < "116" || n > "164" || len(n) != 3 {
			t.Errorf("%s of 200 projects benefit a township, want about 140", n)
		}
		if counts["projects"] != 200 {
			t.Errorf("counts %v", counts)
		}

		// Never mixed: no second generation, no article on top.
		if _, err := synth.Generate(ctx, s, synth.Scales["small"]); !errors.Is(err, synth.ErrNotEmpty) {
			t.Errorf("generating twice: %v, want ErrNotEmpty", err)
		}
		if _, err := seed.Load(ctx, s); !errors.Is(err, seed.ErrSynthetic) {
			t.Errorf("loading the article over synthetic data: %v, want ErrSynthetic", err)
		}
	})
}

// TestDeterministic generates the small scale twice and compares the data row for row.
func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	var dumps []string
	for range 2 {
		s := testdb.OpenEmpty(t, "sqlite")
		if _, err := synth.Generate(ctx, s, synth.Scales["small"]); err != nil {
			t.Fatal(err)
		}
		db := testdb.SQL(t, s)
		var parts []string
		for _, q := range []string{
			"SELECT GROUP_CONCAT(id || ':' || code || ':' || name, ',') FROM (SELECT * FROM regions ORDER BY id)",
			"SELECT GROUP_CONCAT(id || ':' || region_id || ':' || funder_region_id || ':' || category || ':' || status || ':' || budget_yuan || ':' || start_date, ',') FROM (SELECT * FROM projects ORDER BY id)",
			"SELECT GROUP_CONCAT(id || ':' || region_id || ':' || stage, ',') FROM (SELECT * FROM schools ORDER BY id)",
			"SELECT GROUP_CONCAT(id || ':' || subject_id || ':' || value_e4, ',') FROM (SELECT * FROM figures ORDER BY id)",
		} {
			parts = append(parts, scalar(t, db, q))
		}
		dumps = append(dumps, strings.Join(parts, "|"))
	}
	if dumps[0] != dumps[1] || len(dumps[0]) < 1000 {
		t.Error("two generations at the same scale differ")
	}
}

// TestRefusesTheArticlesDatabase loads the article first: generation must then refuse.
func TestRefusesTheArticlesDatabase(t *testing.T) {
	s := testdb.Open(t, "sqlite") // holds the article
	if _, err := synth.Generate(context.Background(), s, synth.Scales["small"]); !errors.Is(err, synth.ErrNotEmpty) {
		t.Errorf("generating into the article's database: %v, want ErrNotEmpty", err)
	}
}

// TestProjectDateExtremes checks, on data that has dates, that an aggregate computes the date
// extremes exactly when asked (they cost a table read) and agrees with SQL.
func TestProjectDateExtremes(t *testing.T) {
	ctx := context.Background()
	s := testdb.OpenEmpty(t, "sqlite")
	if _, err := synth.Generate(ctx, s, synth.Scales["small"]); err != nil {
		t.Fatal(err)
	}
	conn, err := s.Projects(ctx, store.ProjectScope{}, store.List[model.ProjectFilter, model.ProjectOrder]{})
	if err != nil {
		t.Fatal(err)
	}
	db := testdb.SQL(t, s)
	for _, dates := range []bool{false, true} {
		agg := s.ProjectAggregate(conn, store.Measures{Dates: dates})
		lo, err := agg.Min(ctx)
		if err != nil {
			t.Fatal(err)
		}
		hi, _ := agg.Max(ctx)
		switch {
		case !dates && (lo.StartDate != nil || hi.EndDate != nil):
			t.Errorf("dates computed without being asked for: %v %v", lo.StartDate, hi.EndDate)
		case dates && (lo.StartDate == nil || string(*lo.StartDate) != scalar(t, db, "SELECT MIN(start_date) FROM projects") ||
			string(*hi.EndDate) != scalar(t, db, "SELECT MAX(end_date) FROM projects")):
			t.Errorf("date extremes %v..%v disagree with SQL", lo.StartDate, hi.EndDate)
		}
		if n, _ := agg.Count(ctx); n != 200 {
			t.Errorf("count %d", n)
		}
	}
}
