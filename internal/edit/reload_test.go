package edit_test

import (
	"context"
	"testing"

	"github.com/aidgraph/aidgraph/internal/edit"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestNewReleaseKeepsEdits loads a new release of the article's dataset over a database whose
// rows editors changed and deleted: the correction stays, the deleted row stays deleted, and
// the rows nobody touched follow the release.
func TestNewReleaseKeepsEdits(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.Open(t, d)
		db := testdb.SQL(t, s)
		e := &edit.Editor{Store: s}
		corrected, deleted := int64(1008), int64(1067) // 158个 poor villages in 2016; 2 left at the end of 2019
		in := model.FigureInput{Metric: "poor_villages", Label: "Poor villages in Lushi", LabelZh: "贫困村", Value: model.Decimal(158 * 10000),
			Unit: model.UnitVillage, Qualifier: model.QualifierExact, Kind: model.FigureKindStock, OriginalText: "158个",
			Quote: "2016年，卢氏县有贫困村158个", SourceID: article, SubjectID: gid.Encode(model.TypeCounty, 4)}
		if _, err := e.Figure(ctx, "editor", edit.Target{ID: gid.Encode(model.TypeFigure, corrected), Version: 1}, in); err != nil {
			t.Fatalf("correct figure %d: %v", corrected, err)
		}
		if err := e.Delete(ctx, "editor", edit.Target{ID: gid.Encode(model.TypeFigure, deleted), Version: 1}); err != nil {
			t.Fatalf("delete figure %d: %v", deleted, err)
		}

		release, err := seed.Article()
		if err != nil {
			t.Fatal(err)
		}
		release.Checksum = "a new release"
		for _, f := range release.Figures {
			f.Note = ptr("noted in the new release")
		}
		if loaded, err := s.LoadDataset(ctx, release); err != nil || !loaded {
			t.Fatalf("load the new release: %v %v", loaded, err)
		}

		var label string
		var version int
		if err := db.QueryRow("SELECT label, version FROM figures WHERE id = ?", corrected).Scan(&label, &version); err != nil ||
			label != "Poor villages in Lushi" || version != 2 {
			t.Errorf("the corrected figure after the release: %q version %d (%v), want the editor's label at version 2", label, version, err)
		}
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM figures WHERE id = ?", deleted).Scan(&n); err != nil || n != 0 {
			t.Errorf("the deleted figure came back with the release (%d rows, %v)", n, err)
		}
		var note *string
		if err := db.QueryRow("SELECT note FROM figures WHERE id = 1001").Scan(&note); err != nil || note == nil || *note != "noted in the new release" {
			t.Errorf("an untouched figure did not follow the release: %v (%v)", note, err)
		}
	})
}

func ptr(s string) *string { return &s }
