package store

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// Change is one recorded write to one row: a row of changes, as a client reads it too.
type Change struct {
	ID       int64 `gorm:"primaryKey"` // its order within a seq
	Seq      int64
	NodeType string
	NodeID   int64
	Op       string
	Version  int
	Author   string
	At       string
	Before   *string `gorm:"column:before_json"`
	After    *string `gorm:"column:after_json"`
}

// TableName names the table: GORM would say "changes" too, but the name is the schema's.
func (Change) TableName() string { return "changes" }

// ChangeConnection is a page of changes, bound to the GraphQL type of that name.
type ChangeConnection struct {
	Nodes    []*Change
	Edges    []*ChangeEdge
	PageInfo *PageInfo
}

// ChangeEdge is a change with its cursor.
type ChangeEdge struct {
	Cursor string
	Node   *Change
}

// ChangeQuery selects changes: of one row, or of the whole record, after a point.
type ChangeQuery struct {
	NodeType string // with NodeID: one row's changes
	NodeID   int64
	Since    int64   // only changes of writes after this data version
	After    *string // a cursor from an earlier page
	First    *int    // default: the maximum page size
}

// Changes returns the changes q selects in commit order (seq, then id within one write).
// Writes take their seq under the data version's lock and commit in its order, so a reader that
// has seen seq n has seen every change with a smaller one: the feed's cursor never skips a
// write that committed late.
func (s *Store) Changes(ctx context.Context, q ChangeQuery) (*ChangeConnection, error) {
	first := s.maxPageSize
	if q.First != nil {
		if *q.First < 0 || *q.First > s.maxPageSize {
			return nil, apperr.New(apperr.InvalidArgument, "first", "first must be between 0 and %d (got %d)", s.maxPageSize, *q.First)
		}
		first = *q.First
	}
	db := s.session(ctx).Model(&Change{}).Where("seq > ?", q.Since)
	if q.NodeType != "" {
		db = db.Where("node_type = ? AND node_id = ?", q.NodeType, q.NodeID)
	}
	if q.After != nil {
		seq, id, err := decodeChangeCursor(*q.After)
		if err != nil {
			return nil, err
		}
		db = db.Where("seq > ? OR (seq = ? AND id > ?)", seq, seq, id)
	}
	var rows []*Change
	if err := db.Order("seq, id").Limit(first + 1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read changes: %w", err)
	}
	more := len(rows) > first
	if more {
		rows = rows[:first]
	}
	c := &ChangeConnection{Nodes: []*Change{}, Edges: []*ChangeEdge{}, PageInfo: &PageInfo{HasNextPage: more, HasPreviousPage: q.After != nil}}
	for _, ch := range rows {
		c.Nodes = append(c.Nodes, ch)
		c.Edges = append(c.Edges, &ChangeEdge{Cursor: encodeChangeCursor(ch.Seq, ch.ID), Node: ch})
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

// Change cursors are opaque: "change:SEQ:ID", base64url.
func encodeChangeCursor(seq, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("change:%d:%d", seq, id)))
}

func decodeChangeCursor(c string) (int64, int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	var seq, id int64
	if err == nil {
		_, err = fmt.Sscanf(string(b), "change:%d:%d", &seq, &id)
	}
	if err != nil {
		return 0, 0, apperr.New(apperr.InvalidCursor, "after", "after is not a cursor of a change feed")
	}
	return seq, id, nil
}
