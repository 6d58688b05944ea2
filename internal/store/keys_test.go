package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aidgraph/aidgraph/internal/auth"
	"github.com/aidgraph/aidgraph/internal/store"
	"github.com/aidgraph/aidgraph/internal/testdb"
)

// TestKeys makes, finds, lists and revokes keys on every database at hand.
func TestKeys(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		s := testdb.OpenEmpty(t, d)
		key, hash, err := auth.Generate()
		if err != nil {
			t.Fatal(err)
		}
		before := time.Now().Add(-time.Second)
		if err := s.CreateKey(ctx, "ci", "editor", hash); err != nil {
			t.Fatalf("CreateKey: %v", err)
		}
		_, other, _ := auth.Generate()
		if err := s.CreateKey(ctx, "ops", "admin", other); err != nil {
			t.Fatalf("CreateKey ops: %v", err)
		}

		got, err := s.KeyByHash(ctx, auth.Hash(key))
		if err != nil || got.Name != "ci" || got.Role != "editor" || !auth.Verify(key, got.Hash) || got.RevokedAt != nil {
			t.Fatalf("KeyByHash = %+v, %v", got, err)
		}
		if got.CreatedAt.Before(before) || got.CreatedAt.After(time.Now().Add(time.Second)) {
			t.Errorf("created at %s, want about now", got.CreatedAt)
		}
		if _, err := s.KeyByHash(ctx, auth.Hash("agk_unknown")); !errors.Is(err, store.ErrKeyNotFound) || !errors.Is(err, store.ErrNotFound) {
			t.Errorf("KeyByHash(unknown) = %v, want ErrKeyNotFound", err)
		}

		for _, tt := range []struct {
			name, keyName, role, hash string
			want                      error // nil for any error
		}{
			{"duplicate name", "ci", "reader", auth.Hash("another"), store.ErrKeyExists},
			{"duplicate name in another case", "CI", "reader", auth.Hash("yet another"), store.ErrKeyExists},
			{"the key instead of its hash", "raw", "editor", key, nil},
			{"no name", "", "editor", auth.Hash("x"), nil},
			{"duplicate hash", "other", "editor", hash, nil},
		} {
			err := s.CreateKey(ctx, tt.keyName, tt.role, tt.hash)
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("%s: CreateKey = %v, want %v", tt.name, err, tt.want)
			}
		}

		if err := s.TouchKey(ctx, got.ID, time.Now()); err != nil {
			t.Fatalf("TouchKey: %v", err)
		}
		keys, err := s.ListKeys(ctx)
		if err != nil || len(keys) != 2 || keys[0].Name != "ci" || keys[1].Name != "ops" {
			t.Fatalf("ListKeys = %+v, %v; want ci and ops", keys, err)
		}
		for _, k := range keys {
			if k.Hash != "" {
				t.Errorf("ListKeys gave the hash of %s", k.Name)
			}
		}
		if keys[0].LastUsedAt == nil || keys[1].LastUsedAt != nil {
			t.Errorf("last used: %v, %v; want ci's only", keys[0].LastUsedAt, keys[1].LastUsedAt)
		}

		if err := s.RevokeKey(ctx, "ci"); err != nil {
			t.Fatalf("RevokeKey: %v", err)
		}
		if _, err := s.KeyByHash(ctx, hash); !errors.Is(err, store.ErrKeyNotFound) {
			t.Errorf("a revoked key is found: %v", err)
		}
		if err := s.RevokeKey(ctx, "ci"); err != nil {
			t.Errorf("revoking again: %v, want nil (it stays revoked)", err)
		}
		if err := s.RevokeKey(ctx, "nobody"); !errors.Is(err, store.ErrKeyNotFound) {
			t.Errorf("RevokeKey(unknown) = %v, want ErrKeyNotFound", err)
		}
		keys, _ = s.ListKeys(ctx)
		if len(keys) != 2 || keys[0].RevokedAt == nil || keys[1].RevokedAt != nil {
			t.Errorf("after revoking ci: %+v", keys)
		}
		if _, err := s.KeyByHash(ctx, other); err != nil {
			t.Errorf("revoking ci revoked ops too: %v", err)
		}
	})
}

// BenchmarkKeyByHash measures the lookup every request with a key makes.
func BenchmarkKeyByHash(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.MySQL} {
		b.Run(string(d), func(b *testing.B) {
			s := testdb.OpenEmpty(b, d)
			ctx := context.Background()
			var hash string
			for i := range 100 {
				_, h, _ := auth.Generate()
				if err := s.CreateKey(ctx, "key-"+string(rune('a'+i%26))+"-"+time.Duration(i).String(), "editor", h); err != nil {
					b.Fatal(err)
				}
				hash = h
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.KeyByHash(ctx, hash); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
