package auth_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aidgraph/aidgraph/internal/apperr"
	"github.com/aidgraph/aidgraph/internal/auth"
)

func TestRequire(t *testing.T) {
	editor := auth.Principal{KeyName: "ci", Role: auth.RoleEditor}
	tests := []struct {
		name     string
		ctx      context.Context
		need     auth.Role
		wantCode apperr.Code // "" for allowed
		wantText []string
	}{
		{"no principal", context.Background(), auth.RoleEditor, apperr.Unauthenticated,
			[]string{"Authorization: Bearer <key>", "aidgraph keys create", "editor"}},
		{"anonymous reading with a key required", auth.WithPrincipal(context.Background(), auth.Anonymous), auth.RoleReader,
			apperr.Unauthenticated, nil},
		{"editor requiring admin", auth.WithPrincipal(context.Background(), editor), auth.RoleAdmin, apperr.Forbidden,
			[]string{"admin role", `"ci"`, "editor role"}},
		{"reader requiring editor", auth.WithPrincipal(context.Background(), auth.Principal{KeyName: "r", Role: auth.RoleReader}),
			auth.RoleEditor, apperr.Forbidden, nil},
		{"unknown role requiring reader", auth.WithPrincipal(context.Background(), auth.Principal{KeyName: "x", Role: "root"}),
			auth.RoleReader, apperr.Forbidden, nil},
		{"admin requiring editor", auth.WithPrincipal(context.Background(), auth.Principal{KeyName: "ops", Role: auth.RoleAdmin}),
			auth.RoleEditor, "", nil},
		{"editor requiring editor", auth.WithPrincipal(context.Background(), editor), auth.RoleEditor, "", nil},
		{"editor requiring reader", auth.WithPrincipal(context.Background(), editor), auth.RoleReader, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := auth.Require(tt.ctx, tt.need)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Require(%s) = %v, want nil", tt.need, err)
				}
				return
			}
			e, ok := apperr.As(err)
			if !ok || e.Code != tt.wantCode {
				t.Fatalf("Require(%s) = %v, want an apperr with code %s", tt.need, err, tt.wantCode)
			}
			for _, s := range tt.wantText {
				if !strings.Contains(e.Message, s) {
					t.Errorf("message %q does not say %q", e.Message, s)
				}
			}
		})
	}
}

func TestFromContextDefaultsToAnonymous(t *testing.T) {
	p := auth.FromContext(context.Background())
	if !p.IsAnonymous() || p.Role != auth.RoleReader {
		t.Errorf("FromContext(empty) = %+v, want anonymous reader", p)
	}
}

func TestRoleOrder(t *testing.T) {
	roles := auth.Roles()
	for i, r := range roles {
		for j, need := range roles {
			if got := r.AtLeast(need); got != (i >= j) {
				t.Errorf("%s.AtLeast(%s) = %t", r, need, got)
			}
		}
		if got, err := auth.ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%s) = %s, %v", r, got, err)
		}
	}
	for _, bad := range []string{"", "Admin", "owner", "editor "} {
		if _, err := auth.ParseRole(bad); err == nil {
			t.Errorf("ParseRole(%q) accepted", bad)
		}
	}
}

func TestKeys(t *testing.T) {
	key, hash, err := auth.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key, auth.KeyPrefix) || len(key) != auth.KeyLen || auth.KeyLen != 47 || !auth.WellFormed(key) {
		t.Errorf("key %q: want %s and 43 base64url characters", key, auth.KeyPrefix)
	}
	if len(hash) != 64 || hash != auth.Hash(key) || strings.Contains(hash, key) {
		t.Errorf("hash %q of %q: want the 64 hex digits of its SHA-256", hash, key)
	}
	if !auth.Verify(key, hash) || auth.Verify(key+"x", hash) || auth.Verify(key, auth.Hash("other")) || auth.Verify(key, "") {
		t.Error("Verify accepts what it must not, or refuses the key")
	}
	other, _, _ := auth.Generate()
	if other == key {
		t.Error("two keys alike")
	}
	for _, bad := range []string{"", auth.KeyPrefix, key[:len(key)-1], key + "A", "xyz_" + key[4:], key[:10] + "+" + key[11:], key[:10] + "=" + key[11:]} {
		if auth.WellFormed(bad) {
			t.Errorf("WellFormed(%q) = true", bad)
		}
	}
}

func TestCheckName(t *testing.T) {
	for _, good := range []string{"ci", "data-team.2026", "A_b", strings.Repeat("x", 64)} {
		if err := auth.CheckName(good); err != nil {
			t.Errorf("CheckName(%q): %v", good, err)
		}
	}
	for _, bad := range []string{"", "-x", "a b", "名字", "a:b", strings.Repeat("x", 65)} {
		if err := auth.CheckName(bad); err == nil {
			t.Errorf("CheckName(%q) accepted", bad)
		}
	}
}
