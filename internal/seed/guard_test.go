package seed_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestRefusesForeignData: regions that no recorded dataset put in the database (a synthetic
// run that died before it recorded itself, say) must not be overwritten by the article's rows,
// which reuse the same ids.
func TestRefusesForeignData(t *testing.T) {
	ctx := context.Background()
	s := testdb.OpenEmpty(t, store.SQLite)
	src := &model.Source{RowID: 1, Kind: model.SourceKindSynthetic, Title: "x", Authors: []string{}}
	region := &model.Division{RowID: 1, Level: model.RegionLevelProvince, Kind: model.RegionKindProvince, Name: "省11", Path: "/1/", SourceID: 1}
	if err := store.BulkInsert(ctx, s, []*model.Source{src}); err != nil {
		t.Fatal(err)
	}
	if err := store.BulkInsert(ctx, s, []*model.Division{region}); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Load(ctx, s); !errors.Is(err, seed.ErrForeignData) {
		t.Errorf("seed.Load over unrecorded regions: %v, want ErrForeignData", err)
	}
}
