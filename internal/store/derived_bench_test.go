package store_test

import (
	"context"
	"os"
	"testing"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// benchEnv names the variable that points the benchmarks of derived data at a database (any
// --db setting, such as a national-scale synthetic one); without it they use the article's
// data on SQLite. The database is left as it was: every operation runs in a transaction that is
// rolled back.
const benchEnv = "AIDGRAPH_BENCH_DB"

// BenchmarkDerived measures what a write of a few projects spends on derived data, against the
// whole recomputation of project_stats that every write used to run, and the two ways a bulk
// load can copy ancestors: once for every row, or chunk by chunk as it writes them.
//
//	go test ./internal/store -run '^$' -bench Derived
//	AIDGRAPH_BENCH_DB='mysql://root@localhost/aidgraph_national?socket=/run/mysqld/mysqld.sock' \
//	  go test ./internal/store -run '^$' -bench Derived -benchtime 10x
func BenchmarkDerived(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	var groups []store.ProjectGroup // the two largest: the dearest to recompute
	var project int64
	var all []int64
	err := s.InTx(ctx, func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT category, status FROM project_stats ORDER BY projects_n DESC LIMIT 2").Scan(&groups).Error; err != nil {
			return err
		}
		if err := tx.Raw("SELECT MAX(id) FROM projects").Scan(&project).Error; err != nil {
			return err
		}
		return tx.Raw("SELECT id FROM projects ORDER BY id").Scan(&all).Error
	})
	if err != nil || len(groups) < 2 {
		b.Fatalf("groups %v: %v", groups, err)
	}
	// The copies are spoiled before they are timed: MySQL skips an UPDATE that changes nothing.
	spoil := func(tx *gorm.DB, ids []int64) error {
		q := "UPDATE projects SET province_id = NULL, city_id = NULL, county_id = NULL, township_id = NULL"
		if ids == nil {
			return tx.Exec(q).Error
		}
		return tx.Exec(q+" WHERE id IN ?", ids).Error
	}
	for _, c := range []struct {
		name       string
		setup, run func(tx *gorm.DB) error
	}{
		{"refreshSummaries", nil, store.RefreshSummaries},
		{"refreshProjectGroups/2", nil, func(tx *gorm.DB) error { return store.RefreshProjectGroups(tx, groups) }},
		{"recordRowWrite", nil, func(tx *gorm.DB) error { _, err := store.RecordRowWrite(tx); return err }},
		{"copyAncestors/1", func(tx *gorm.DB) error { return spoil(tx, []int64{project}) },
			func(tx *gorm.DB) error { return store.CopyAncestors(tx, "projects", []int64{project}) }},
		{"copyAncestors/all", func(tx *gorm.DB) error { return spoil(tx, nil) },
			func(tx *gorm.DB) error { return store.CopyAncestors(tx, "projects", nil) }},
		{"copyAncestors/all-by-20000", func(tx *gorm.DB) error { return spoil(tx, nil) }, func(tx *gorm.DB) error {
			for i := 0; i < len(all); i += 20000 {
				if err := store.CopyAncestors(tx, "projects", all[i:min(i+20000, len(all))]); err != nil {
					return err
				}
			}
			return nil
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.StopTimer()
			for range b.N {
				err := s.RolledBack(ctx, func(tx *gorm.DB) error {
					if c.setup != nil {
						if err := c.setup(tx); err != nil {
							return err
						}
					}
					b.StartTimer()
					err := c.run(tx)
					b.StopTimer()
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchStore opens the database benchEnv names, or the article's data on SQLite.
func benchStore(b testing.TB) *store.Store {
	b.Helper()
	db := os.Getenv(benchEnv)
	if db == "" {
		return testdb.Open(b, store.SQLite)
	}
	target, err := store.ParseTarget(db)
	if err != nil {
		b.Fatal(err)
	}
	s, err := store.Open(context.Background(), target, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}
