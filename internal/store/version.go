package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// DataVersion is the number of committed writes so far. A result computed at one version is
// valid for as long as the version stays the same.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.session(ctx).Raw("SELECT version FROM data_version WHERE id = 1").Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("read data version: %w", err)
	}
	return v, nil
}

// bumpVersion records a write; call it inside the write's transaction, so that the new version
// and the data it stands for commit together.
func bumpVersion(tx *gorm.DB) error {
	if err := tx.Exec("UPDATE data_version SET version = version + 1 WHERE id = 1").Error; err != nil {
		return fmt.Errorf("bump data version: %w", err)
	}
	return nil
}
