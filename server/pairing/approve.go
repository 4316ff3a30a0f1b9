package pairing

import (
	"maps"

	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/store"
)

// approveDevice approves a pending request inside tx: the device record is
// written (roles and scopes merged with what it already had) and a fresh
// token is minted for every requested role. An operator token's scopes
// must all be held by the approver (callerScopes), so an approval never
// grants more than its approver has; every requested scope must belong to
// a requested role.
func (s *Service) approveDevice(tx *store.Tx, requestID string, callerScopes []string) (*store.Device, error) {
	var d *store.Device
	_, err := resolve(s, tx, store.DeviceRequests, requestID, func(p *store.PendingDevice) error {
		roles := mergeLists(p.Info.Roles, []string{p.Info.Role})
		if bad := scopeOutsideRoles(roles, normalizeScopes(p.Info.Scopes)); bad != "" {
			return wire.InvalidRequest("invalid scope for requested roles: %s", bad)
		}
		existing, err := tx.Device(p.SubjectID)
		if err != nil {
			return err
		}
		d = s.approvedRecord(p, existing, roles)
		if d.Tokens, err = s.approvalTokens(p, existing, d, roles, callerScopes); err != nil {
			return err
		}
		return tx.PutDevice(d)
	})
	return d, err
}

// approvedRecord builds the paired record an approval of roles writes.
func (s *Service) approvedRecord(p *store.PendingDevice, existing *store.Device, roles []string) *store.Device {
	now := s.nowMs()
	d := &store.Device{DeviceID: p.SubjectID, DeviceInfo: p.Info, CreatedAtMs: now, ApprovedAtMs: now}
	d.Roles, d.Scopes = roles, mergeLists(p.Info.Scopes)
	if existing != nil {
		d.Roles = mergeLists(approvedRoles(existing), roles)
		d.Scopes = mergeLists(existing.Scopes, p.Info.Scopes)
		d.CreatedAtMs = existing.CreatedAtMs
		d.LastSeenAtMs, d.LastSeenReason = existing.LastSeenAtMs, existing.LastSeenReason
	}
	return d
}

// approvalTokens returns the device's tokens after an approval: the old
// ones, with a fresh token for each requested role. A role's token gets
// the request's scopes for that role, or, when it asked for none, the
// scopes it had (or the approved baseline's).
func (s *Service) approvalTokens(p *store.PendingDevice, existing, d *store.Device, roles, callerScopes []string) (map[string]store.DeviceToken, error) {
	tokens := map[string]store.DeviceToken{}
	if existing != nil {
		maps.Copy(tokens, existing.Tokens)
	}
	now := s.nowMs()
	for _, role := range roles {
		var prev *store.DeviceToken
		if t, ok := tokens[role]; ok {
			prev = &t
		}
		scopes := roleScopes(role, p.Info.Scopes)
		if len(scopes) == 0 {
			base := d.Scopes
			if prev != nil {
				base = prev.Scopes
			}
			scopes = roleScopes(role, base)
		}
		if role == roleOperator {
			if missing := missingScope(role, scopes, callerScopes); missing != "" {
				return nil, wire.InvalidRequest("missing scope: %s", missing)
			}
		}
		tokens[role] = mintToken(role, scopes, prev, now)
	}
	return tokens, nil
}
