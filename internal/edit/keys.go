package edit

import "github.com/aidgraph/aidgraph/model"

// naturalKey is what makes a row the same thing as another: two schools of one name in one
// region are one school recorded twice.
type naturalKey struct {
	field string         // the input field a clash is reported against
	what  string         // the row's kind, in words
	cols  map[string]any // the columns that must not all be equal to another row's
}

// naturalKeys lists a row's natural keys. Creates, updates, imports and restores all hold a row
// to them.
func naturalKeys(row any) []naturalKey {
	switch r := row.(type) {
	case *model.School:
		return []naturalKey{{"name", "school", map[string]any{"name": r.Name, "region_id": r.RegionID}}}
	case *model.Hospital:
		return []naturalKey{{"name", "hospital", map[string]any{"name": r.Name, "region_id": r.RegionID}}}
	case *model.Collective:
		return []naturalKey{{"name", "collective", map[string]any{"name": r.Name}}}
	case *model.Project:
		return []naturalKey{{"name", "project", map[string]any{"name": r.Name, "region_id": r.RegionID}}}
	case *model.Pairing:
		return []naturalKey{{"helpedId", "pairing", map[string]any{"kind": r.Kind, "helper_type": r.HelperType,
			"helper_id": r.HelperID, "helped_type": r.HelpedType, "helped_id": r.HelpedID}}}
	case *model.Figure:
		return []naturalKey{{"quote", "figure", map[string]any{"source_id": r.SourceID, "quote": r.Quote, "original_text": r.OriginalText}}}
	case *model.Source:
		if r.URL != nil {
			return []naturalKey{{"url", "source", map[string]any{"url": *r.URL}}}
		}
		return []naturalKey{{"title", "source", map[string]any{"title": r.Title, "publisher": r.Publisher}}}
	case *model.Division:
		keys := []naturalKey{{"name", "village", map[string]any{"parent_id": r.ParentID, "name": r.Name}}}
		if r.Code != nil {
			keys = append(keys, naturalKey{"code", "region", map[string]any{"code": *r.Code}})
		}
		return keys
	}
	return nil
}

// uniqueRow requires that no other row of row's table (the registry's) has any of its natural
// keys.
func (c *checker) uniqueRow(row any, id int64) {
	kind, ok := model.KindOf(row)
	if !ok {
		return // no kind's row has no natural key
	}
	for _, k := range naturalKeys(row) {
		c.unique(k.field, k.what, kind.Table, k.cols, id)
	}
}
