// Package auth says who a request acts for and what it may do: API keys (made, hashed and
// checked here, stored by internal/store), roles, and the principal a request carries in its
// context. Reads are public; writes need a key of a strong enough role. It knows no database
// and no HTTP: internal/api reads the header, internal/store keeps the hashes.
package auth

import (
	"context"
	"fmt"

	"github.com/aidgraph/aidgraph/internal/apperr"
)

// Role is what a key may do. Each role may do what the ones below it may: admin ≥ editor ≥
// reader.
type Role string

// The roles, weakest first.
const (
	// RoleReader reads, as anyone may; its keys are for servers that require a key to read.
	RoleReader Role = "reader"
	// RoleEditor also edits the record.
	RoleEditor Role = "editor"
	// RoleAdmin also does what only an operator should (undo others' edits, say).
	RoleAdmin Role = "admin"
)

// rank orders the roles; an unknown role ranks below reader, so it may do nothing.
var rank = map[Role]int{RoleReader: 1, RoleEditor: 2, RoleAdmin: 3}

// Roles lists the roles, weakest first, for messages and help.
func Roles() []Role { return []Role{RoleReader, RoleEditor, RoleAdmin} }

// ParseRole reads a role's name, as a key's row or the command line gives it.
func ParseRole(s string) (Role, error) {
	if r := Role(s); rank[r] > 0 {
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q: want reader, editor or admin", s)
}

// AtLeast tells whether r may do what need may.
func (r Role) AtLeast(need Role) bool { return rank[r] > 0 && rank[r] >= rank[need] }

// Principal is whom a request acts for: the key it presented and that key's role. The zero
// Principal is anonymous: no key, and what anyone may do (read).
type Principal struct {
	KeyName string
	Role    Role
}

// Anonymous is the principal of a request without a key.
var Anonymous = Principal{Role: RoleReader}

// IsAnonymous tells whether p presented no key.
func (p Principal) IsAnonymous() bool { return p.KeyName == "" }

type principalKey struct{}

// WithPrincipal returns ctx acting for p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns whom ctx acts for: Anonymous unless WithPrincipal said otherwise.
func FromContext(ctx context.Context) Principal {
	if p, ok := ctx.Value(principalKey{}).(Principal); ok {
		return p
	}
	return Anonymous
}

// Require returns nil if ctx acts for a key of at least role need; otherwise a client-facing
// error that says what to do: UNAUTHENTICATED without a key, FORBIDDEN with too weak a one.
func Require(ctx context.Context, need Role) error {
	p := FromContext(ctx)
	if p.IsAnonymous() {
		return apperr.New(apperr.Unauthenticated, "",
			"this needs an API key with the %s role: send it as Authorization: Bearer <key> (an administrator makes one with: aidgraph keys create --name NAME --role %s)",
			need, need)
	}
	if !p.Role.AtLeast(need) {
		return apperr.New(apperr.Forbidden, "", "this needs a key with the %s role or above; the key %q has the %s role", need, p.KeyName, p.Role)
	}
	return nil
}
