package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// APIKey is a key's row: who it is for, what it may do, and when it was made, last used and
// revoked. The key itself is never stored, only its hash (internal/auth makes both).
type APIKey struct {
	ID         int64
	Name       string
	Role       string
	Hash       string `gorm:"column:key_hash"` // set by KeyByHash only, for auth.Verify
	CreatedAt  time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

// TableName names APIKey's table for GORM.
func (APIKey) TableName() string { return "api_keys" }

// ErrKeyNotFound is returned for a key name or hash that names no key in use: none, or a
// revoked one. errors.Is(err, ErrNotFound) holds for it too.
var ErrKeyNotFound error = keyNotFound{}

type keyNotFound struct{}

func (keyNotFound) Error() string        { return "no such API key" }
func (keyNotFound) Is(target error) bool { return target == ErrNotFound }

// ErrKeyExists is returned by CreateKey for a name a key already has (revoked keys keep theirs).
var ErrKeyExists = errors.New("an API key by this name exists already (revoked keys keep their names): choose another name")

// keyColumns are what reading a key returns; the hash is read only where it is checked.
var (
	keyColumns        = []string{"id", "name", "role", "created_at", "revoked_at", "last_used_at"}
	keyColumnsAndHash = []string{"id", "name", "role", "created_at", "revoked_at", "last_used_at", "key_hash"}
)

// CreateKey stores a new key by its hash (auth.Hash of the key, which is not stored). Keys are
// not the record: making one does not bump the data version, so no cache is dropped.
func (s *Store) CreateKey(ctx context.Context, name, role, hash string) error {
	if b, err := hex.DecodeString(hash); err != nil || len(b) != 32 {
		return errors.New("create API key: want the key's SHA-256 in hex (auth.Hash), never the key itself")
	}
	if name == "" || role == "" {
		return errors.New("create API key: a key needs a name and a role")
	}
	// A name taken is the caller's mistake, not a failed statement to log: ask first. Two
	// creating the same name at once still meet the unique index, and are told the same.
	switch taken, err := s.keyNamed(ctx, name); {
	case err != nil:
		return fmt.Errorf("create API key: %w", err)
	case taken:
		return fmt.Errorf("create API key %q: %w", name, ErrKeyExists)
	}
	row := APIKey{Name: name, Role: role, Hash: hash, CreatedAt: keyNow()}
	err := s.session(ctx).Create(&row).Error
	if err == nil {
		return nil
	}
	if taken, _ := s.keyNamed(ctx, name); taken { // the drivers word a unique violation each their own way
		return fmt.Errorf("create API key %q: %w", name, ErrKeyExists)
	}
	return fmt.Errorf("create API key %q: %w", name, err)
}

// keyNamed tells whether a key, in use or revoked, has this name (ignoring case).
func (s *Store) keyNamed(ctx context.Context, name string) (bool, error) {
	var n int64
	if err := s.session(ctx).Model(&APIKey{}).Where("name = ?", name).Count(&n).Error; err != nil {
		return false, fmt.Errorf("look up API key %q: %w", name, err)
	}
	return n > 0, nil
}

// ListKeys returns every key, revoked ones too, oldest first, without their hashes.
func (s *Store) ListKeys(ctx context.Context) ([]APIKey, error) {
	var keys []APIKey
	if err := s.session(ctx).Select(keyColumns).Order("id").Find(&keys).Error; err != nil {
		return nil, fmt.Errorf("list API keys: %w", err)
	}
	return keys, nil
}

// RevokeKey stops the key named name from working, from the next request on, on every
// instance (each looks its keys up per request). Revoking a revoked key changes nothing; a
// name that no key has is ErrKeyNotFound.
func (s *Store) RevokeKey(ctx context.Context, name string) error {
	res := s.session(ctx).Model(&APIKey{}).Where("name = ? AND revoked_at IS NULL", name).Update("revoked_at", keyNow())
	if res.Error != nil {
		return fmt.Errorf("revoke API key %q: %w", name, res.Error)
	}
	if res.RowsAffected > 0 {
		return nil
	}
	switch exists, err := s.keyNamed(ctx, name); {
	case err != nil:
		return fmt.Errorf("revoke API key: %w", err)
	case !exists:
		return fmt.Errorf("revoke API key %q: %w", name, ErrKeyNotFound)
	}
	return nil
}

// KeyByHash returns the key in use whose hash is hash, with the hash; a revoked or unknown
// one is ErrKeyNotFound. It is one lookup by a unique index, made for every request that
// presents a key, so that a revoked key is refused at once on every instance.
func (s *Store) KeyByHash(ctx context.Context, hash string) (APIKey, error) {
	var keys []APIKey
	err := s.session(ctx).Select(keyColumnsAndHash).
		Where("key_hash = ? AND revoked_at IS NULL", hash).Limit(1).Find(&keys).Error
	switch {
	case err != nil:
		return APIKey{}, fmt.Errorf("look up API key: %w", err)
	case len(keys) == 0:
		return APIKey{}, ErrKeyNotFound
	}
	return keys[0], nil
}

// TouchKey records that the key with this id was used at about at. Callers write it at most
// once an hour per key: a write per request would cost more than the lookup it follows.
func (s *Store) TouchKey(ctx context.Context, id int64, at time.Time) error {
	err := s.session(ctx).Model(&APIKey{}).Where("id = ?", id).Update("last_used_at", at.UTC().Truncate(time.Second)).Error
	if err != nil {
		return fmt.Errorf("note API key %d used: %w", id, err)
	}
	return nil
}

// keyNow is the time a key's row records: UTC, to the second, as both databases keep it.
func keyNow() time.Time { return time.Now().UTC().Truncate(time.Second) }
