package pairing

import (
	"context"

	"github.com/gatewire/gatewire/server/store"
)

// VerifyToken checks a device token a connect presented for role and the
// requested scopes. It returns "" when the token is the device's active
// token for the role, inside the approved baseline and covering the
// scopes (and records its use), else the reason it is not.
func (s *Service) VerifyToken(ctx context.Context, deviceID, role, token string, requested []string) (string, error) {
	reason := TokenDeviceUnknown
	err := s.store.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.Device(deviceID)
		if err != nil {
			return err
		}
		if reason = checkToken(d, role, token, requested); reason != TokenOK {
			return nil
		}
		t := d.Tokens[role]
		t.LastUsedAtMs = s.nowMs()
		return tx.PutToken(deviceID, t)
	})
	if err != nil {
		return "", err
	}
	return reason, nil
}
