package seed_test

import (
	"reflect"
	"testing"

	"github.com/aidgraph/aidgraph/internal/seed"
	"github.com/aidgraph/aidgraph/internal/textnorm"
)

// TestDatasetTextIsNormal requires every text of the article's dataset to be in the form writes
// store (internal/textnorm), so that a write's natural key meets the dataset's rows: a school
// imported under the name the dataset gives it is the same school.
func TestDatasetTextIsNormal(t *testing.T) {
	d, err := seed.Article()
	if err != nil {
		t.Fatal(err)
	}
	v, checked := reflect.ValueOf(d).Elem(), 0
	for i := range v.NumField() {
		rows := v.Field(i)
		if rows.Kind() != reflect.Slice {
			continue
		}
		for j := range rows.Len() {
			row := reflect.Indirect(rows.Index(j))
			if row.Kind() != reflect.Struct {
				continue
			}
			for k := range row.NumField() {
				f := reflect.Indirect(row.Field(k))
				if f.Kind() != reflect.String || f.String() == "" {
					continue
				}
				checked++
				if out, err := textnorm.Normalize(f.String(), true); err != nil || out != f.String() {
					t.Errorf("%s[%d].%s %+q is not normal: %+q, %v", v.Type().Field(i).Name, j, row.Type().Field(k).Name, f.String(), out, err)
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d texts checked: the dataset's rows are not where the test looks", checked)
	}
}
