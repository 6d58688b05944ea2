package api_test

import (
	"testing"

	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestRegionsOfEveryLevel lists the regions of every level in one connection: each comes as the
// type of its level, the list holds as many as the five levels' lists together, and a filter on
// the level gives that level's list.
func TestRegionsOfEveryLevel(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		h := newHarness(t, d)
		var all struct {
			Regions struct {
				TotalCount int
				Nodes      []struct{ Typename, Name, Level string }
			}
			Provinces, Cities, Counties, Townships, Villages struct{ TotalCount int }
		}
		h.data(t, `{ regions(first: 100) { totalCount nodes { typename: __typename name level } }
			provinces { totalCount } cities { totalCount } counties { totalCount } townships { totalCount } villages { totalCount } }`, nil, &all)
		sum := all.Provinces.TotalCount + all.Cities.TotalCount + all.Counties.TotalCount + all.Townships.TotalCount + all.Villages.TotalCount
		if all.Regions.TotalCount != sum || sum == 0 {
			t.Errorf("regions has %d, the five levels %d", all.Regions.TotalCount, sum)
		}
		typeOf := map[string]string{"PROVINCE": "Province", "CITY": "City", "COUNTY": "County", "TOWNSHIP": "Township", "VILLAGE": "Village"}
		seen := map[string]bool{}
		for _, n := range all.Regions.Nodes {
			if typeOf[n.Level] != n.Typename {
				t.Errorf("%s (%s) comes as a %s", n.Name, n.Level, n.Typename)
			}
			seen[n.Typename] = true
		}
		if len(seen) < 4 {
			t.Errorf("the first page holds only %v", seen)
		}
		var townships struct {
			Regions struct{ TotalCount int }
		}
		h.data(t, `{ regions(filter: {level: {eq: TOWNSHIP}}) { totalCount } }`, nil, &townships)
		if townships.Regions.TotalCount != all.Townships.TotalCount {
			t.Errorf("regions at the township level: %d, townships: %d", townships.Regions.TotalCount, all.Townships.TotalCount)
		}
	})
}
