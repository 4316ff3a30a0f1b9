package pairing

import (
	"context"
	"slices"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/store"
)

// RotateToken replaces a device's token for role. The new token's scopes
// (the given ones, else the current token's; nil means not given) must
// stay inside the device's approved baseline, and the caller must hold
// every scope of both the current and the new token, so a rotation never
// widens anything and a lesser operator cannot cut a stronger device's
// token. The device's sockets for the role are closed with 4001 once the
// reply is out.
func (s *Service) RotateToken(ctx context.Context, c Caller, deviceID, role string, scopes []string) (*protocol.DeviceTokenRotateResult, error) {
	if only := c.restrictedTo(); only != "" && only != deviceID {
		s.log.Warn(msgRotationDenied, "device", deviceID, "role", role, "reason", "device-ownership-mismatch")
		return nil, wire.InvalidRequest("%s", msgRotationDenied)
	}
	var out *protocol.DeviceTokenRotateResult
	err := s.store.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.Device(deviceID)
		if err != nil {
			return err
		}
		next, why := s.rotation(d, role, scopes, c)
		if why != "" {
			s.log.Warn(msgRotationDenied, "device", deviceID, "role", role, "reason", why)
			return wire.InvalidRequest("%s", msgRotationDenied)
		}
		delivery := protocol.DeviceTokenRotateResultTokenDeliveryWithheldCrossDevice
		out = &protocol.DeviceTokenRotateResult{DeviceID: deviceID, Role: role, Scopes: next.Scopes,
			RotatedAtMs: next.RotatedAtMs, TokenDelivery: &delivery}
		if c.DeviceID == deviceID {
			out.Token = &next.Token // only the device itself, authenticated by its token, gets it
			delivery = protocol.DeviceTokenRotateResultTokenDeliveryInBand
		}
		return tx.PutToken(deviceID, next)
	})
	if err != nil {
		return nil, err
	}
	s.log.Info("device token rotated", "device", deviceID, "role", role, "scopes", out.Scopes)
	s.disconnectAfterReply(c, deviceID, role)
	return out, nil
}

// rotation returns the token a rotation writes, or why it is denied.
func (s *Service) rotation(d *store.Device, role string, scopes []string, c Caller) (store.DeviceToken, string) {
	if d == nil || !slices.Contains(approvedRoles(d), role) {
		return store.DeviceToken{}, "unknown-device-or-role"
	}
	var prev *store.DeviceToken
	if t, ok := d.Tokens[role]; ok {
		prev = &t
	}
	switch {
	case scopes != nil:
	case prev != nil:
		scopes = prev.Scopes
	default:
		scopes = d.Scopes
	}
	scopes = normalizeScopes(scopes)
	switch {
	case d.Scopes == nil:
		return store.DeviceToken{}, "missing-approved-scope-baseline"
	case !withinBaseline(d, role, scopes):
		return store.DeviceToken{}, "scope-outside-approved-baseline"
	case missingScope(role, scopes, c.Scopes) != "",
		prev != nil && missingScope(role, normalizeScopes(prev.Scopes), c.Scopes) != "":
		return store.DeviceToken{}, "caller-missing-scope"
	}
	now := s.nowMs()
	next := mintToken(role, scopes, prev, now)
	next.RotatedAtMs = now // also when the role had no token before
	return next, ""
}

// RevokeToken revokes a device's token for role (the caller must hold
// every scope it carries) and closes the device's sockets for that role
// with 4001 once the reply is out. It returns when it was revoked.
func (s *Service) RevokeToken(ctx context.Context, c Caller, deviceID, role string) (int64, error) {
	if only := c.restrictedTo(); only != "" && only != deviceID {
		s.log.Warn(msgRevocationDenied, "device", deviceID, "role", role, "reason", "device-ownership-mismatch")
		return 0, wire.InvalidRequest("%s", msgRevocationDenied)
	}
	var at int64
	err := s.store.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.Device(deviceID)
		if err != nil {
			return err
		}
		t, ok := store.DeviceToken{}, false
		if d != nil && slices.Contains(approvedRoles(d), role) {
			t, ok = d.Tokens[role]
		}
		why := ""
		switch {
		case !ok:
			why = "unknown-device-or-role"
		case missingScope(role, normalizeScopes(t.Scopes), c.Scopes) != "":
			why = "caller-missing-scope"
		}
		if why != "" {
			s.log.Warn(msgRevocationDenied, "device", deviceID, "role", role, "reason", why)
			return wire.InvalidRequest("%s", msgRevocationDenied)
		}
		t.RevokedAtMs = s.nowMs()
		at = t.RevokedAtMs
		return tx.PutToken(deviceID, t)
	})
	if err != nil {
		return 0, err
	}
	s.log.Info("device token revoked", "device", deviceID, "role", role)
	s.disconnectAfterReply(c, deviceID, role)
	return at, nil
}
