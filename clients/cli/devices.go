package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
)

// pairingAccess is how the devices and nodes commands connect.
var pairingAccess = access{scopes: []string{gatewire.ScopePairing}}

// newDevicesCommand returns `devices` and its subcommands.
func (e *env) newDevicesCommand() *cobra.Command {
	var f connFlags
	cmd := groupCommand("devices", "List, approve, reject and remove paired devices; rotate and revoke their tokens")
	f.register(cmd.PersistentFlags())
	cmd.AddCommand(e.devicesList(&f), e.devicesApprove(&f), e.devicesReject(&f), e.devicesRemove(&f),
		e.devicesRotate(&f), e.devicesRevoke(&f))
	return cmd
}

func (e *env) devicesList(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List pending pairing requests and paired devices",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return query(e, cmd, f, pairingAccess, (*protocol.Client).DevicePairList, &protocol.DevicePairListParams{}, printDevices)
		},
	}
}

func printDevices(s *session, r *protocol.DevicePairListResult) error {
	out := s.cmd.OutOrStdout()
	now := s.now()
	fmt.Fprintf(out, "Pending (%d)\n", len(r.Pending))
	pending := newTable(out, "REQUEST", "DEVICE", "CLIENT", "ROLE", "SCOPES", "IP", "REQUESTED")
	for _, p := range r.Pending {
		pending.row(p.RequestID, p.DeviceID, clientName(p.DisplayName, p.ClientID, p.Platform), roleOf(p.Role, p.Roles),
			list(p.Scopes), str(p.RemoteIP), ago(p.Ts, now))
	}
	if err := pending.flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nPaired (%d)\n", len(r.Paired))
	paired := newTable(out, "DEVICE", "CLIENT", "ROLES", "SCOPES", "TOKENS", "APPROVED", "LAST SEEN")
	for _, d := range r.Paired {
		var seen int64
		if d.LastSeenAtMs != nil {
			seen = *d.LastSeenAtMs
		}
		paired.row(d.DeviceID, clientName(d.DisplayName, d.ClientID, d.Platform), roleOf(d.Role, d.Roles), list(d.Scopes),
			tokenSummary(d.Tokens), ago(d.ApprovedAtMs, now), ago(seen, now))
	}
	return paired.flush()
}

// clientName describes a client by its display name, else its id and
// platform.
func clientName(display, clientID, platform *string) string {
	if n := str(display); n != "" {
		return n
	}
	return strings.Trim(str(clientID)+"/"+str(platform), "/")
}

// roleOf returns the roles of a record.
func roleOf(role *string, roles []string) string {
	if len(roles) > 0 {
		return list(roles)
	}
	return str(role)
}

// tokenSummary lists a device's token roles, marking revoked ones.
func tokenSummary(tokens []protocol.DeviceTokenSummary) string {
	out := make([]string, 0, len(tokens))
	for _, t := range tokens {
		if t.RevokedAtMs != nil {
			out = append(out, t.Role+"(revoked)")
		} else {
			out = append(out, t.Role)
		}
	}
	return list(out)
}

func (e *env) devicesApprove(f *connFlags) *cobra.Command {
	var latest bool
	cmd := &cobra.Command{
		Use:   "approve [requestId]",
		Short: "Approve a pending pairing request (or the newest with --latest)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if (len(args) == 1) == latest {
				return errors.New("give either a request id or --latest")
			}
			return e.withSession(cmd, f, pairingAccess, func(ctx context.Context, s *session) error {
				listed, err := s.api.DevicePairList(ctx, &protocol.DevicePairListParams{})
				if err != nil {
					return err
				}
				req, err := pickDeviceRequest(listed.Pending, args, latest)
				if err != nil {
					return err
				}
				// The approver must hold every scope it grants.
				return asApprover(ctx, s, req.Scopes, func(a *session) error {
					r, err := a.api.DevicePairApprove(ctx, &protocol.DevicePairApproveParams{RequestID: req.RequestID})
					if err != nil {
						return err
					}
					return a.emit(func() error {
						return printLine(cmd.OutOrStdout(), "approved request %s: device %s (%s; %s)",
							r.RequestID, r.Device.DeviceID, roleOf(r.Device.Role, r.Device.Roles), list(r.Device.Scopes))
					})
				})
			})
		},
	}
	cmd.Flags().BoolVar(&latest, "latest", false, "approve the most recent pending request")
	return cmd
}

// pickDeviceRequest finds the request named in args, or the newest one.
// An id that is not listed is still tried (the gateway answers for it).
func pickDeviceRequest(pending []protocol.PendingDeviceRequest, args []string, latest bool) (protocol.PendingDeviceRequest, error) {
	if latest {
		if len(pending) == 0 {
			return protocol.PendingDeviceRequest{}, errors.New("no pending device pairing requests")
		}
		return slices.MaxFunc(pending, func(a, b protocol.PendingDeviceRequest) int { return cmp.Compare(a.Ts, b.Ts) }), nil
	}
	for _, p := range pending {
		if p.RequestID == args[0] {
			return p, nil
		}
	}
	return protocol.PendingDeviceRequest{RequestID: args[0]}, nil
}

// asApprover runs fn on a connection that holds operator.pairing and the
// scopes being granted: s's own when it has them, else a second one that
// asks for them.
func asApprover(ctx context.Context, s *session, grants []string, fn func(*session) error) error {
	need := mergeScopes([]string{gatewire.ScopePairing}, grants...)
	if coversAll(s.conn.Hello().Auth.Scopes, need) {
		return fn(s)
	}
	conn, err := dial(ctx, s.settings, access{scopes: need}, s.cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer conn.Close()
	return fn(newSession(s.settings, conn, s.cmd, s.now))
}

// coversAll reports whether held satisfies every scope of want under the
// gateway's own rule (the manifest's scope table): operator.admin covers
// every operator scope and operator.write covers operator.read.
func coversAll(held, want []string) bool {
	for _, w := range want {
		if !gatewire.ScopesSatisfy(gatewire.RoleOperator, held, w) {
			return false
		}
	}
	return true
}

func (e *env) devicesReject(f *connFlags) *cobra.Command {
	return simplePairingCommand(e, f, "reject <requestId>", "Reject a pending pairing request", 1,
		(*protocol.Client).DevicePairReject, func(args []string) *protocol.DevicePairRejectParams {
			return &protocol.DevicePairRejectParams{RequestID: args[0]}
		},
		func(args []string) string { return "rejected request " + args[0] })
}

func (e *env) devicesRemove(f *connFlags) *cobra.Command {
	return simplePairingCommand(e, f, "remove <deviceId>", "Remove a paired device (its connections are closed)", 1,
		(*protocol.Client).DevicePairRemove, func(args []string) *protocol.DevicePairRemoveParams {
			return &protocol.DevicePairRemoveParams{DeviceID: args[0]}
		},
		func(args []string) string { return "removed device " + args[0] })
}

// simplePairingCommand returns a command that makes one pairing call and
// prints a line (or the reply with --json).
func simplePairingCommand[P, R any](e *env, f *connFlags, use, short string, nargs int, m method[P, R],
	params func([]string) *P, done func([]string) string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(nargs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withSession(cmd, f, pairingAccess, func(ctx context.Context, s *session) error {
				if _, err := m(s.api, ctx, params(args)); err != nil {
					return err
				}
				return s.emit(func() error { return printLine(cmd.OutOrStdout(), "%s", done(args)) })
			})
		},
	}
}
