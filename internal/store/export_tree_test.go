package store

// Hooks for the division tree's tests (package store_test).

// SetTree turns the division tree on or off, so that a test can compare its answers with SQL's.
func (s *Store) SetTree(on bool) { s.trees.off.Store(!on) }

// TreeLoads is how many times the store has read the tree from the database.
func (s *Store) TreeLoads() int64 { return s.trees.loads.Load() }
