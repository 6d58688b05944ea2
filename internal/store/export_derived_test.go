package store

import (
	"context"
	"errors"

	"gorm.io/gorm"
)

// Hooks for the tests of derived data, which live in package store_test because they need
// testdb, and testdb imports the store.

type ProjectGroup = projectGroup

const AncestorChunk = ancestorChunk

var (
	ProjectStatsSelect   = projectStatsSelect
	CopyAncestors        = copyAncestors
	RefreshProjectGroups = refreshProjectGroups
	RefreshSummaries     = refreshSummaries
	RecordRowWrite       = takeSeq
)

// InTx runs f in one transaction of s's, committed unless f fails.
func (s *Store) InTx(ctx context.Context, f func(tx *gorm.DB) error) error {
	return s.session(ctx).Transaction(f)
}

var errRollback = errors.New("rolled back")

// RolledBack runs f in one transaction of s's and rolls it back whatever f returns, so that a
// test may write to a database it must leave as it found it.
func (s *Store) RolledBack(ctx context.Context, f func(tx *gorm.DB) error) error {
	err := s.session(ctx).Transaction(func(tx *gorm.DB) error {
		if err := f(tx); err != nil {
			return err
		}
		return errRollback
	})
	if errors.Is(err, errRollback) {
		return nil
	}
	return err
}
