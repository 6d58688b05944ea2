package store

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/paging"
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
	Since    int64       // only changes of writes after this data version
	Page     paging.Args // first/after or last/before, as every connection takes them
}

// changeOrder names the feed's one ordering in its cursors' positions: by seq, then id.
const changeOrder = "changes"

// Changes returns the changes q selects in commit order (seq, then id within one write).
// Writes take their seq from the data version's row as their last statement and hold that row
// only until their commit, so they commit, and become visible, in seq order (ARCHITECTURE.md,
// "Writes, and the change feed's order"): a reader that has seen seq n has seen every change
// with a smaller one, and the feed's cursor never skips a write that committed late. A page with last/before is read backwards by the same key and
// given oldest first, as every connection's is.
func (s *Store) Changes(ctx context.Context, q ChangeQuery) (*ChangeConnection, error) {
	w, err := q.Page.CheckCursors(s.maxPageSize, decodeChangeCursor)
	if err != nil {
		return nil, err
	}
	db := s.session(ctx).Model(&Change{}).Where("seq > ?", q.Since)
	if q.NodeType != "" {
		db = db.Where("node_type = ? AND node_id = ?", q.NodeType, q.NodeID)
	}
	if p := w.After; p != nil {
		seq := p.Keys[0].(int64)
		db = db.Where("seq > ? OR (seq = ? AND id > ?)", seq, seq, p.ID)
	}
	if p := w.Before; p != nil {
		seq := p.Keys[0].(int64)
		db = db.Where("seq < ? OR (seq = ? AND id < ?)", seq, seq, p.ID)
	}
	order := "seq, id"
	if w.Backward {
		order = "seq DESC, id DESC"
	}
	var rows []*Change
	if err := db.Order(order).Limit(w.Limit + 1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read changes: %w", err)
	}
	rows, pi := trimPage(rows, w)
	c := &ChangeConnection{Nodes: []*Change{}, Edges: []*ChangeEdge{}, PageInfo: pi}
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

// decodeChangeCursor reads a cursor given as argument arg: only the spelling encodeChangeCursor
// writes is accepted.
func decodeChangeCursor(arg, c string) (*paging.Position, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	var seq, id int64
	if err == nil {
		_, err = fmt.Sscanf(string(b), "change:%d:%d", &seq, &id)
	}
	if err != nil || id < 0 || seq < 0 || encodeChangeCursor(seq, id) != c { // 0:0 is the empty log's start
		return nil, apperr.New(apperr.InvalidCursor, arg, "%s is not a cursor of a change feed", arg)
	}
	return &paging.Position{Order: changeOrder, Keys: []any{seq}, ID: id}, nil
}
