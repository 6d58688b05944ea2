package store

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/paging"
)

// Operation is a named operation of the registry: a GraphQL document that the example queries
// or an admin registered, by the SHA-256 of its exact text. internal/namedops checks and builds
// it; the store keeps it. Bound to the GraphQL type Operation.
type Operation struct {
	Hash        string `gorm:"primaryKey"` // SHA-256 of Document, lowercase hex
	Name        string
	Description string
	Document    string
	CreatedAt   time.Time
}

// TableName names Operation's table for GORM.
func (Operation) TableName() string { return "operations" }

// ID is the operation's document id, as GraphQL-over-HTTP's persisted documents name it.
func (o *Operation) ID() string { return DocumentIDPrefix + o.Hash }

// DocumentIDPrefix starts every document id: the hash's algorithm.
const DocumentIDPrefix = "sha256:"

// MaxOperations bounds the registry, so that every list of it (the MCP tools, the playground's)
// is bounded too.
const MaxOperations = 1000

// ErrOperationExists is returned by SaveOperation for a name, or a document, that another
// operation of the registry has.
var ErrOperationExists = errors.New("the registry holds this name or document already")

// ErrRegistryFull is returned by SaveOperation when the registry holds MaxOperations.
var ErrRegistryFull = fmt.Errorf("the registry holds %d operations, its limit", MaxOperations)

// OperationConnection is a page of the registry, bound to the GraphQL type of that name.
type OperationConnection struct {
	Nodes      []*Operation
	Edges      []*OperationEdge
	PageInfo   *PageInfo
	TotalCount int
}

// OperationEdge is an operation with its cursor.
type OperationEdge struct {
	Cursor string
	Node   *Operation
}

// SaveOperation registers op (its Hash, Name, Description and Document set). Saving an
// operation the registry holds already, by the same name, changes nothing and reports false.
// A name taken by another document is ErrOperationExists unless replace, which puts op in its
// place; a document registered under another name is ErrOperationExists always. A change bumps
// the data version, so that cached answers listing the registry are dropped on every instance.
func (s *Store) SaveOperation(ctx context.Context, op Operation, replace bool) (bool, error) {
	changed, seq := false, int64(0)
	err := s.session(ctx).Transaction(func(tx *gorm.DB) error {
		var held []Operation
		if err := tx.Select("hash", "name").Where("hash = ? OR name = ?", op.Hash, op.Name).Find(&held).Error; err != nil {
			return err
		}
		for _, h := range held {
			switch {
			case h.Hash == op.Hash && strings.EqualFold(h.Name, op.Name):
				return nil // registered already
			case h.Hash == op.Hash:
				return fmt.Errorf("this document is registered as %q: %w", h.Name, ErrOperationExists)
			case !replace:
				return fmt.Errorf("another document is registered as %q (replace it to change it): %w", h.Name, ErrOperationExists)
			}
			if err := tx.Where("hash = ?", h.Hash).Delete(&Operation{}).Error; err != nil {
				return err
			}
		}
		var n int64
		if err := tx.Model(&Operation{}).Count(&n).Error; err != nil {
			return err
		}
		if n >= MaxOperations {
			return ErrRegistryFull
		}
		op.CreatedAt = time.Now().UTC().Truncate(time.Second)
		if err := tx.Create(&op).Error; err != nil {
			return err
		}
		changed = true
		var err error
		seq, err = takeSeq(tx)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrOperationExists) || errors.Is(err, ErrRegistryFull) {
			return false, fmt.Errorf("register operation %q: %w", op.Name, err)
		}
		if taken, _ := s.operationNamed(ctx, op.Name); taken { // two registering at once: the unique index
			return false, fmt.Errorf("register operation %q: %w", op.Name, ErrOperationExists)
		}
		return false, fmt.Errorf("register operation %q: %w", op.Name, err)
	}
	if changed {
		forgetVersion(ctx)
		s.committed(seq)
	}
	return changed, nil
}

func (s *Store) operationNamed(ctx context.Context, name string) (bool, error) {
	var n int64
	err := s.session(ctx).Model(&Operation{}).Where("name = ?", name).Count(&n).Error
	return n > 0, err
}

// OperationByHash returns the operation whose document has this SHA-256 (lowercase hex), or
// ErrNotFound.
func (s *Store) OperationByHash(ctx context.Context, hash string) (*Operation, error) {
	return s.oneOperation(ctx, "hash = ?", hash)
}

// OperationByName returns the operation of this name (ignoring case), or ErrNotFound.
func (s *Store) OperationByName(ctx context.Context, name string) (*Operation, error) {
	return s.oneOperation(ctx, "name = ?", name)
}

func (s *Store) oneOperation(ctx context.Context, where string, arg string) (*Operation, error) {
	var ops []*Operation
	if err := s.session(ctx).Where(where, arg).Limit(1).Find(&ops).Error; err != nil {
		return nil, fmt.Errorf("read operation: %w", err)
	}
	if len(ops) == 0 {
		return nil, ErrNotFound
	}
	return ops[0], nil
}

// AllOperations returns the whole registry (at most MaxOperations), by name.
func (s *Store) AllOperations(ctx context.Context) ([]*Operation, error) {
	var ops []*Operation
	if err := s.session(ctx).Order("name").Limit(MaxOperations).Find(&ops).Error; err != nil {
		return nil, fmt.Errorf("list operations: %w", err)
	}
	return ops, nil
}

// operationOrder names the registry's one ordering in its cursors' positions: by name.
const operationOrder = "operations"

// Operations returns a page of the registry by name, paged by keyset on the (unique) name.
func (s *Store) Operations(ctx context.Context, page paging.Args) (*OperationConnection, error) {
	w, err := page.CheckCursors(s.maxPageSize, decodeOperationCursor)
	if err != nil {
		return nil, err
	}
	db := s.session(ctx).Model(&Operation{})
	if p := w.After; p != nil {
		db = db.Where("name > ?", p.Keys[0])
	}
	if p := w.Before; p != nil {
		db = db.Where("name < ?", p.Keys[0])
	}
	order := "name"
	if w.Backward {
		order = "name DESC"
	}
	var rows []*Operation
	if err := db.Order(order).Limit(w.Limit + 1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list operations: %w", err)
	}
	var total int64
	if err := s.session(ctx).Model(&Operation{}).Count(&total).Error; err != nil {
		return nil, fmt.Errorf("count operations: %w", err)
	}
	rows, pi := trimPage(rows, w)
	c := &OperationConnection{Nodes: []*Operation{}, Edges: []*OperationEdge{}, PageInfo: pi, TotalCount: int(total)}
	for _, op := range rows {
		c.Nodes = append(c.Nodes, op)
		c.Edges = append(c.Edges, &OperationEdge{Cursor: encodeOperationCursor(op.Name), Node: op})
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c, nil
}

// Operation cursors are opaque: "operation:NAME", base64url.
func encodeOperationCursor(name string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("operation:" + name))
}

func decodeOperationCursor(arg, c string) (*paging.Position, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	name, ok := strings.CutPrefix(string(b), "operation:")
	if err != nil || !ok || name == "" || encodeOperationCursor(name) != c {
		return nil, apperr.New(apperr.InvalidCursor, arg, "%s is not a cursor of the operation registry", arg)
	}
	return &paging.Position{Order: operationOrder, Keys: []any{name}, ID: 1}, nil
}
