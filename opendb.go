package main

import (
	"context"

	"github.com/aidgraph/aidgraph/internal/store"
)

// openMigrated opens the database a command other than serve names and brings its tables up to
// date (a new database gets its tables and no data). A malformed --db is the caller's usage
// error. Serving opens its database itself (server.go): it also waits, loads and reads the tree.
func openMigrated(ctx context.Context, db string) (*store.Store, error) {
	target, err := store.ParseTarget(db)
	if err != nil {
		return nil, usageError{err}
	}
	s, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx, nil); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}
