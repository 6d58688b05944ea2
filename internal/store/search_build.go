package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// StaleSearchIndex marks the search index out of date, for a bulk load: BulkInsert leaves the
// index alone, and BuildSearchIndex (or the next start) then builds it whole, as a database
// loads a table's rows first and builds its indexes after. Indexing each batch as it came read
// and rewrote a chunk's bitmaps once per batch.
func (s *Store) StaleSearchIndex(ctx context.Context) error {
	if err := s.primary(ctx).Exec("DELETE FROM search_index_state").Error; err != nil {
		return fmt.Errorf("mark the search index out of date: %w", err)
	}
	return nil
}

// BuildSearchIndex builds the search index if it is out of date (StaleSearchIndex).
func (s *Store) BuildSearchIndex(ctx context.Context) error {
	return s.ensureSearchIndex(ctx)
}

// ensureSearchIndex builds the search index of a database that lacks it, or holds an older
// build of it (search_index_state), from the rows: at start-up, under the migration lock, so
// that one instance builds it. A new database, empty, is built at once.
func (s *Store) ensureSearchIndex(ctx context.Context) error {
	db := s.primary(ctx)
	var n int64
	if err := db.Table("search_index_state").Where("build = ?", searchIndexBuild).Count(&n).Error; err != nil {
		return fmt.Errorf("read the search index's build: %w", err)
	}
	if n > 0 {
		return nil
	}
	start := time.Now()
	for _, table := range []string{"search_index_state", "search_texts", "search_grams", "search_prefixes", "search_gram_counts"} {
		if err := db.Exec("DELETE FROM " + table).Error; err != nil {
			return fmt.Errorf("clear %s: %w", table, err)
		}
	}
	rows := 0
	for _, k := range searchKinds {
		n, err := buildSearchKind(db, k)
		if err != nil {
			return err
		}
		rows += n
	}
	if err := db.Exec("INSERT INTO search_index_state (build) VALUES (?)", searchIndexBuild).Error; err != nil {
		return fmt.Errorf("record the search index's build: %w", err)
	}
	if rows > 0 {
		slog.InfoContext(ctx, "built the search index", "rows", rows, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// buildSearchKind indexes every row of kind k into the cleared index, one chunk of ids (the
// bitmaps' chunk) per transaction, and returns how many rows it indexed.
func buildSearchKind(db *gorm.DB, k *searchKind) (int, error) {
	cols := make([]string, len(k.cols))
	for i, c := range k.cols {
		cols[i] = c.name
	}
	total := 0
	for next := int64(0); ; {
		var lo sql.NullInt64
		if err := db.Table(k.table).Where("id >= ?", next).Select("MIN(id)").Scan(&lo).Error; err != nil {
			return total, fmt.Errorf("index %s for search: %w", k.table, err)
		}
		if !lo.Valid {
			return total, nil
		}
		from := lo.Int64 >> chunkBits << chunkBits
		to := from + 1<<chunkBits - 1
		err := db.Transaction(func(tx *gorm.DB) error {
			now, err := currentTextsBetween(tx, k, cols, from, to)
			if err != nil {
				return err
			}
			ids := slices.Sorted(maps.Keys(now))
			c := newIndexChange()
			for _, id := range ids {
				c.diff(k, id, nil, now[id])
			}
			total += len(ids)
			return c.apply(tx, true)
		})
		if err != nil {
			return total, err
		}
		slog.Info("indexing for search", "table", k.table, "rows", total)
		next = to + 1
	}
}

// currentTextsBetween is currentTexts for the rows whose ids lie in [from, to].
func currentTextsBetween(db *gorm.DB, k *searchKind, cols []string, from, to int64) (map[int64][]rowText, error) {
	return scanTexts(db.Raw("SELECT id, "+strings.Join(cols, ", ")+" FROM "+k.table+" WHERE id BETWEEN ? AND ?", from, to), k, cols)
}
