package pairing

import (
	"maps"

	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/store"
)

// errUnknownRequest is the reply for a request id that is not pending.
func errUnknownRequest() *wire.Error { return wire.InvalidRequest("unknown requestId") }

// livePendingDevice returns the pending device request with id after
// pruning expired requests, or the unknown-request reply.
func (s *Service) livePendingDevice(tx *store.Tx, requestID string) (*store.PendingDevice, error) {
	if _, err := tx.PrunePendingDevices(s.pendingCutoff()); err != nil {
		return nil, err
	}
	p, err := tx.PendingDevice(requestID)
	if err == nil && p == nil {
		err = errUnknownRequest()
	}
	return p, err
}

// approveDevice approves a pending request inside tx: the device record is
// written (roles and scopes merged with what it already had) and a fresh
// token is minted for every requested role. An operator token's scopes
// must all be held by the approver (callerScopes), so an approval never
// grants more than its approver has; every requested scope must belong to
// a requested role.
func (s *Service) approveDevice(tx *store.Tx, requestID string, callerScopes []string) (*store.Device, error) {
	p, err := s.livePendingDevice(tx, requestID)
	if err != nil {
		return nil, err
	}
	roles := mergeLists(p.Roles, []string{p.Role})
	if bad := scopeOutsideRoles(roles, normalizeScopes(p.Scopes)); bad != "" {
		return nil, wire.InvalidRequest("invalid scope for requested roles: %s", bad)
	}
	existing, err := tx.Device(p.DeviceID)
	if err != nil {
		return nil, err
	}
	d := s.approvedRecord(p, existing, roles)
	tokens, err := s.approvalTokens(p, existing, d, roles, callerScopes)
	if err != nil {
		return nil, err
	}
	d.Tokens = tokens
	if err := tx.PutDevice(d); err != nil {
		return nil, err
	}
	if _, err := tx.DeletePendingDevice(requestID); err != nil {
		return nil, err
	}
	return d, nil
}

// approvedRecord builds the paired record an approval of roles writes.
func (s *Service) approvedRecord(p *store.PendingDevice, existing *store.Device, roles []string) *store.Device {
	now := s.nowMs()
	d := &store.Device{
		DeviceID: p.DeviceID, PublicKey: p.PublicKey, DisplayName: p.DisplayName, Platform: p.Platform,
		DeviceFamily: p.DeviceFamily, ClientID: p.ClientID, ClientMode: p.ClientMode, Role: p.Role,
		Roles: roles, Scopes: mergeLists(p.Scopes), RemoteIP: p.RemoteIP, CreatedAtMs: now, ApprovedAtMs: now,
	}
	if existing != nil {
		d.Roles = mergeLists(approvedRoles(existing), roles)
		d.Scopes = mergeLists(existing.Scopes, p.Scopes)
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
		scopes := roleScopes(role, p.Scopes)
		if len(scopes) == 0 {
			base := d.Scopes
			if prev != nil {
				base = prev.Scopes
			}
			scopes = roleScopes(role, base)
		}
		if role == engine.RoleOperator {
			if missing := missingScope(role, scopes, callerScopes); missing != "" {
				return nil, wire.InvalidRequest("missing scope: %s", missing)
			}
		}
		tokens[role] = mintToken(role, scopes, prev, now)
	}
	return tokens, nil
}
