package edit_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/edit"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
	"github.com/aidgraph/aidgraph/model"
)

// TestNaturalKeysCompareCharacters holds both databases to one rule: two names are the same
// only when their characters are. MySQL's utf8mb4_unicode_ci would take every rare character
// (CJK Extension B, common in village names) for every other, and LATIN for Latin.
func TestNaturalKeysCompareCharacters(t *testing.T) {
	cases := []struct {
		first, second string
		same          bool
	}{
		{"测试学校𠀀", "测试学校𠀁", false},
		{"Latin School", "LATIN SCHOOL", false},
		{"城关镇第一小学", "城关镇第一小学", true},
	}
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		e := &edit.Editor{Store: testdb.Open(t, d)}
		for _, c := range cases {
			school := func(name string) error {
				_, err := e.School(ctx, "test", edit.Target{}, model.SchoolInput{Name: name, RegionID: chengguan, SourceID: article})
				return err
			}
			if err := school(c.first); err != nil {
				t.Fatalf("create %s: %v", c.first, err)
			}
			err := school(c.second)
			var list apperr.List
			switch {
			case c.same && (!errors.As(err, &list) || list[0].Code != apperr.AlreadyExists):
				t.Errorf("%s after %s: %v, want ALREADY_EXISTS", c.second, c.first, err)
			case !c.same && err != nil:
				t.Errorf("%s after %s: %v, want a second school", c.second, c.first, err)
			}
		}
	})
}
