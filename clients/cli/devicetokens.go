package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// tokenFlags are the flags of `devices rotate` and `devices revoke`.
type tokenFlags struct {
	device string
	role   string
	scopes []string
}

func (t *tokenFlags) check() error {
	if t.device == "" || t.role == "" {
		return errors.New("--device and --role are required")
	}
	return nil
}

func (e *env) devicesRotate(f *connFlags) *cobra.Command {
	var t tokenFlags
	cmd := &cobra.Command{
		Use:   "rotate --device <id> --role <role> [--scope <scope>]...",
		Short: "Issue a new token for a device's role (its connections are closed)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			params := &protocol.DeviceTokenRotateParams{DeviceID: t.device, Role: t.role, Scopes: t.scopes}
			return changeToken(e, cmd, f, &t, (*protocol.Client).DeviceTokenRotate, params, printRotation)
		},
	}
	cmd.Flags().StringVar(&t.device, "device", "", "device id")
	cmd.Flags().StringVar(&t.role, "role", "", `role of the token, e.g. "operator"`)
	cmd.Flags().StringArrayVar(&t.scopes, "scope", nil, "scope of the new token (repeatable; default: the current ones)")
	return cmd
}

func printRotation(s *session, r *protocol.DeviceTokenRotateResult) error {
	pairs := []string{"device", r.DeviceID, "role", r.Role, "scopes", list(r.Scopes), "rotated", ago(r.RotatedAtMs, s.now())}
	if r.Token != nil {
		pairs = append(pairs, "token", *r.Token)
	}
	return fields(s.cmd.OutOrStdout(), pairs...)
}

func (e *env) devicesRevoke(f *connFlags) *cobra.Command {
	var t tokenFlags
	cmd := &cobra.Command{
		Use:   "revoke --device <id> --role <role>",
		Short: "Revoke a device's token for a role (its connections are closed)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			params := &protocol.DeviceTokenRevokeParams{DeviceID: t.device, Role: t.role}
			return changeToken(e, cmd, f, &t, (*protocol.Client).DeviceTokenRevoke, params, printRevocation)
		},
	}
	cmd.Flags().StringVar(&t.device, "device", "", "device id")
	cmd.Flags().StringVar(&t.role, "role", "", `role of the token, e.g. "operator"`)
	return cmd
}

func printRevocation(s *session, r *protocol.DeviceTokenRevokeResult) error {
	return printLine(s.cmd.OutOrStdout(), "revoked the %s token of device %s", r.Role, r.DeviceID)
}

// changeToken makes a device token call (rotate or revoke) and prints its
// reply. The gateway demands every scope the token holds, and for a
// rotation every scope it will hold, so the call goes over a connection
// that holds them (see asApprover).
func changeToken[P, R any](e *env, cmd *cobra.Command, f *connFlags, t *tokenFlags, m method[P, R], params *P,
	human func(*session, *R) error) error {
	if err := t.check(); err != nil {
		return err
	}
	return e.withSession(cmd, f, pairingAccess, func(ctx context.Context, s *session) error {
		held, err := tokenScopes(ctx, s, t.device, t.role)
		if err != nil {
			return err
		}
		return asApprover(ctx, s, mergeScopes(held, t.scopes...), func(a *session) error {
			reply, err := m(a.api, ctx, params)
			if err != nil {
				return err
			}
			return a.emit(func() error { return human(s, reply) })
		})
	})
}

// tokenScopes returns the scopes of a paired device's token for role, as
// device.pair.list shows them (none when the device or token is not
// listed: the gateway then answers for itself).
func tokenScopes(ctx context.Context, s *session, deviceID, role string) ([]string, error) {
	r, err := s.api.DevicePairList(ctx, &protocol.DevicePairListParams{})
	if err != nil {
		return nil, err
	}
	for _, d := range r.Paired {
		if d.DeviceID != deviceID {
			continue
		}
		for _, t := range d.Tokens {
			if t.Role == role {
				return t.Scopes, nil
			}
		}
	}
	return nil, nil
}
