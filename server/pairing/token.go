package pairing

import (
	"slices"
	"strings"

	"github.com/gatewire/gatewire/server/auth"
	"github.com/gatewire/gatewire/server/statedir"
	"github.com/gatewire/gatewire/server/store"
)

// mintToken returns a new token for role that replaces prev (if any):
// creation time and last use are kept, a replacement is marked rotated,
// a revocation is cleared.
func mintToken(role string, scopes []string, prev *store.DeviceToken, now int64) store.DeviceToken {
	t := store.DeviceToken{Role: role, Token: statedir.NewToken(), Scopes: scopes, CreatedAtMs: now}
	if prev != nil {
		t.CreatedAtMs = prev.CreatedAtMs
		t.RotatedAtMs = now
		t.LastUsedAtMs = prev.LastUsedAtMs
	}
	return t
}

// approvedRoles returns every role a device was approved for.
func approvedRoles(d *store.Device) []string {
	return mergeLists(d.Roles, []string{d.Role})
}

// effectiveRoles returns the approved roles that still hold an active
// (unrevoked) token; a revoked role must be approved again.
func effectiveRoles(d *store.Device) []string {
	var out []string
	for _, r := range approvedRoles(d) {
		if t, ok := d.Tokens[r]; ok && t.RevokedAtMs == 0 {
			out = append(out, r)
		}
	}
	return out
}

// withinBaseline reports whether scopes stay inside the device's approved
// scope baseline for role. A device without a baseline allows nothing.
func withinBaseline(d *store.Device, role string, scopes []string) bool {
	return d.Scopes != nil && scopesAllow(role, scopes, d.Scopes)
}

// ensureToken returns the device's token for role, minting one when
// there is none that is active, inside the approved baseline and covers
// the requested scopes. It returns nil when the role is not approved or
// the request exceeds the baseline.
func (s *Service) ensureToken(tx *store.Tx, d *store.Device, role string, requested []string) (*store.DeviceToken, error) {
	scopes := normalizeScopes(requested)
	if !slices.Contains(approvedRoles(d), role) || !withinBaseline(d, role, scopes) {
		return nil, nil
	}
	if t, ok := d.Tokens[role]; ok && t.RevokedAtMs == 0 && withinBaseline(d, role, t.Scopes) && scopesAllow(role, scopes, t.Scopes) {
		return &t, nil
	}
	var prev *store.DeviceToken
	if t, ok := d.Tokens[role]; ok {
		prev = &t
	}
	next := mintToken(role, scopes, prev, s.nowMs())
	if err := tx.PutToken(d.DeviceID, next); err != nil {
		return nil, err
	}
	d.Tokens[role] = next
	return &next, nil
}

// Token check outcomes (v3's reasons).
const (
	TokenOK            = ""
	TokenDeviceUnknown = "device-not-paired"
	TokenRoleMissing   = "role-missing"
	TokenMissing       = "token-missing"
	TokenRevoked       = "token-revoked"
	TokenMismatch      = "token-mismatch"
	TokenScopeMismatch = "scope-mismatch"
)

// checkToken verifies a device token for role and requested scopes and
// returns "" or why it fails.
func checkToken(d *store.Device, role, token string, requested []string) string {
	if d == nil {
		return TokenDeviceUnknown
	}
	if role == "" {
		return TokenRoleMissing
	}
	t, ok := d.Tokens[role]
	switch {
	case !ok:
		return TokenMissing
	case t.RevokedAtMs != 0:
		return TokenRevoked
	case !auth.Equal(token, t.Token):
		return TokenMismatch
	case !withinBaseline(d, role, t.Scopes), !scopesAllow(role, normalizeScopes(requested), t.Scopes):
		return TokenScopeMismatch
	}
	return TokenOK
}

// tokenMatches compares a presented token with a stored one in constant
// time; blank tokens never match.
func tokenMatches(presented, stored string) bool {
	return strings.TrimSpace(presented) != "" && auth.Equal(presented, stored)
}
