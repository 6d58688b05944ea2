package live

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/gid"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/model"
)

// MaxFilterValues bounds each list of a ChangeFilter.
const MaxFilterValues = 1000

// Filter narrows a subscription's changes; a nil or empty set lets every value through.
type Filter struct {
	types  map[string]bool
	ids    map[nodeKey]bool
	ops    map[string]bool
	within *model.Division // changes to rows in this region or below
}

type nodeKey struct {
	typ string
	id  int64
}

// NewFilter checks a client's filter (nil for none), each mistake with the code and the
// argument path at fault.
func NewFilter(ctx context.Context, s *store.Store, in *model.ChangeFilter) (*Filter, error) {
	f := &Filter{}
	if in == nil {
		return f, nil
	}
	for _, l := range []struct {
		name string
		n    int
	}{{"filter.nodeTypes", len(in.NodeTypes)}, {"filter.ids", len(in.Ids)}, {"filter.ops", len(in.Ops)}} {
		if l.n > MaxFilterValues {
			return nil, apperr.New(apperr.InvalidArgument, l.name, "%s lists %d values, more than %d", l.name, l.n, MaxFilterValues)
		}
	}
	if in.NodeTypes != nil {
		f.types = map[string]bool{}
		for _, t := range in.NodeTypes {
			if _, ok := model.KindOfType(t); !ok {
				return nil, apperr.New(apperr.InvalidArgument, "filter.nodeTypes", "%q is not a type of object aidgraph records", t)
			}
			f.types[t] = true
		}
	}
	if in.Ids != nil {
		f.ids = map[nodeKey]bool{}
		for _, id := range in.Ids {
			typ, n, err := gid.Decode(id)
			if err != nil {
				return nil, apperr.New(apperr.InvalidID, "filter.ids", "%q is not an aidgraph id", id)
			}
			f.ids[nodeKey{typ, n}] = true
		}
	}
	if in.Ops != nil {
		f.ops = map[string]bool{}
		for _, op := range in.Ops {
			f.ops[string(op)] = true
		}
	}
	if in.Within != nil {
		d, err := s.RegionByCode(s.WithSession(ctx), fullCode(*in.Within))
		if err != nil {
			return nil, err
		}
		if d == nil {
			return nil, apperr.New(apperr.NotFound, "filter.within", "no region has the code %q", *in.Within)
		}
		f.within = d
	}
	return f, nil
}

// match tells whether c passes the filter. Only within reads the database: the region of the
// changed row, through ctx's session.
func (f *Filter) match(ctx context.Context, s *store.Store, c *store.Change) (bool, error) {
	if f.types != nil && !f.types[c.NodeType] {
		return false, nil
	}
	if f.ids != nil && !f.ids[nodeKey{c.NodeType, c.NodeID}] {
		return false, nil
	}
	if f.ops != nil && !f.ops[c.Op] {
		return false, nil
	}
	if f.within == nil {
		return true, nil
	}
	return f.inRegion(ctx, c)
}

// regionFields are the fields of a row that name a region it is in: its own region, a
// pairing's two parties' regions, a project's funder's.
var regionFields = []string{"RegionID", "HelperRegionID", "HelpedRegionID", "FunderRegionID"}

// inRegion tells whether the row changed (as it was after the change, or before a delete) is
// the filter's region, below it, or tied to a region below it.
func (f *Filter) inRegion(ctx context.Context, c *store.Change) (bool, error) {
	doc := c.After
	if doc == nil {
		doc = c.Before
	}
	if doc == nil {
		return false, nil
	}
	k, ok := model.KindOfType(c.NodeType)
	if !ok {
		return false, nil
	}
	if k.IsRegion() {
		var d model.Division
		if err := json.Unmarshal([]byte(*doc), &d); err != nil {
			return false, err
		}
		return f.under(&d), nil
	}
	var row map[string]any
	if err := json.Unmarshal([]byte(*doc), &row); err != nil {
		return false, err
	}
	for _, name := range regionFields {
		v, ok := row[name].(float64)
		if !ok {
			continue
		}
		d, err := store.Load[model.Division](ctx, int64(v))
		if err != nil {
			continue // a region since deleted: not under the filter's
		}
		if f.under(d) {
			return true, nil
		}
	}
	return false, nil
}

func (f *Filter) under(d *model.Division) bool {
	return d.RowID == f.within.RowID || strings.Contains(d.Path, "/"+strconv.FormatInt(f.within.RowID, 10)+"/")
}

// fullCode pads a code given by its significant digits (411224 for 卢氏县, as people write it)
// to the statistical code's 12 digits.
func fullCode(code string) string {
	if n := len(code); (n == 2 || n == 4 || n == 6 || n == 9) && strings.Trim(code, "0123456789") == "" {
		return code + strings.Repeat("0", 12-n)
	}
	return code
}

// all tells whether the filter lets every change through.
func (f *Filter) all() bool {
	return f.types == nil && f.ids == nil && f.ops == nil && f.within == nil
}
