package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// newNodesCommand returns `nodes` and its subcommands.
func (e *env) newNodesCommand() *cobra.Command {
	var f connFlags
	cmd := &cobra.Command{
		Use:   "nodes",
		Short: "List and decide node pairing requests; remove and rename paired nodes",
		Args:  cobra.NoArgs,
	}
	f.register(cmd.PersistentFlags())
	cmd.AddCommand(e.nodesPending(&f), e.nodesApprove(&f),
		e.simplePairingCommand(&f, "reject <requestId>", "Reject a pending node pairing request", 1,
			protocol.MethodNodePairReject, func(a []string) any { return protocol.NodePairRejectParams{RequestID: a[0]} },
			func(a []string) string { return "rejected node request " + a[0] }),
		e.simplePairingCommand(&f, "remove <nodeId>", "Remove a paired node", 1,
			protocol.MethodNodePairRemove, func(a []string) any { return protocol.NodePairRemoveParams{NodeID: a[0]} },
			func(a []string) string { return "removed node " + a[0] }),
		e.simplePairingCommand(&f, "rename <nodeId> <name>", "Set a node's display name", 2,
			protocol.MethodNodeRename, func(a []string) any { return protocol.NodeRenameParams{NodeID: a[0], DisplayName: a[1]} },
			func(a []string) string { return fmt.Sprintf("renamed node %s to %q", a[0], a[1]) }),
	)
	return cmd
}

func (e *env) nodesPending(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "pending",
		Short: "List pending node pairing requests",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.withSession(cmd, f, pairingAccess, func(ctx context.Context, s *session) error {
				var r struct {
					Pending json.RawMessage `json:"pending"`
				}
				var typed protocol.NodePairListResult
				raw, err := s.callInto(ctx, protocol.MethodNodePairList, protocol.NodePairListParams{}, &typed)
				if err != nil {
					return err
				}
				if err := json.Unmarshal(raw, &r); err != nil {
					return &callError{method: protocol.MethodNodePairList, err: err}
				}
				return s.emit(r.Pending, func() error { return printNodeRequests(s, typed.Pending) })
			})
		},
	}
}

func printNodeRequests(s *session, pending []protocol.PendingNodeRequest) error {
	t := newTable(s.cmd.OutOrStdout(), "REQUEST", "NODE", "NAME", "PLATFORM", "COMMANDS", "APPROVE NEEDS", "IP", "REQUESTED")
	now := s.now()
	for _, p := range pending {
		t.row(p.RequestID, p.NodeID, str(p.DisplayName), str(p.Platform), list(p.Commands),
			list(p.RequiredApproveScopes), str(p.RemoteIP), ago(p.Ts, now))
	}
	return t.flush()
}

func (e *env) nodesApprove(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "approve <requestId>",
		Short: "Approve a pending node pairing request",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withSession(cmd, f, pairingAccess, func(ctx context.Context, s *session) error {
				var listed protocol.NodePairListResult
				if _, err := s.callInto(ctx, protocol.MethodNodePairList, protocol.NodePairListParams{}, &listed); err != nil {
					return err
				}
				// Approving a node that declares commands needs more than
				// operator.pairing; the request says what.
				var needs []string
				for _, p := range listed.Pending {
					if p.RequestID == args[0] {
						needs = p.RequiredApproveScopes
					}
				}
				return asApprover(ctx, s, needs, func(a *session) error {
					var r protocol.NodePairApproveResult
					raw, err := a.callInto(ctx, protocol.MethodNodePairApprove, protocol.NodePairApproveParams{RequestID: args[0]}, &r)
					if err != nil {
						return err
					}
					return s.emit(raw, func() error {
						_, err := fmt.Fprintf(cmd.OutOrStdout(), "approved node request %s: node %s (%s)\n",
							r.RequestID, r.Node.NodeID, list(r.Node.Commands))
						return err
					})
				})
			})
		},
	}
}
