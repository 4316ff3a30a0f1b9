package pairing

import (
	"context"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/store"
)

// IsOperatorReadToken reports whether token is a paired device's active
// operator token that allows operator.read: v3 accepts one as the bearer
// of the Control UI's read routes (control-ui-config.json, avatars),
// since the UI sends its device token first.
func (s *Service) IsOperatorReadToken(ctx context.Context, token string) (bool, error) {
	if strings.TrimSpace(token) == "" {
		return false, nil
	}
	found := false
	err := s.store.View(ctx, func(tx *store.Tx) error {
		devices, err := tx.Devices()
		if err != nil {
			return err
		}
		for i := range devices {
			if checkToken(&devices[i], string(protocol.RoleOperator), token, []string{string(protocol.OperatorScopeRead)}) == TokenOK {
				found = true
			}
		}
		return nil
	})
	return found, err
}
