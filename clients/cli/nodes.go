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
	cmd := groupCommand("nodes", "List, describe and invoke nodes; decide their pairing requests; remove and rename them")
	f.register(cmd.PersistentFlags())
	cmd.AddCommand(e.nodesList(&f), e.nodesDescribe(&f), e.nodesInvoke(&f), e.nodesPending(&f), e.nodesApprove(&f),
		simplePairingCommand(e, &f, "reject <requestId>", "Reject a pending node pairing request", 1,
			(*protocol.Client).NodePairReject, func(a []string) *protocol.NodePairRejectParams {
				return &protocol.NodePairRejectParams{RequestID: a[0]}
			},
			func(a []string) string { return "rejected node request " + a[0] }),
		simplePairingCommand(e, &f, "remove <nodeId>", "Remove a paired node", 1,
			(*protocol.Client).NodePairRemove, func(a []string) *protocol.NodePairRemoveParams {
				return &protocol.NodePairRemoveParams{NodeID: a[0]}
			},
			func(a []string) string { return "removed node " + a[0] }),
		simplePairingCommand(e, &f, "rename <nodeId> <name>", "Set a node's display name", 2,
			(*protocol.Client).NodeRename, func(a []string) *protocol.NodeRenameParams {
				return &protocol.NodeRenameParams{NodeID: a[0], DisplayName: a[1]}
			},
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
				listed, err := s.api.NodePairList(ctx, &protocol.NodePairListParams{})
				if err != nil {
					return err
				}
				if s.settings.json { // the pending list as the gateway sent it
					var r struct {
						Pending json.RawMessage `json:"pending"`
					}
					if err := json.Unmarshal(s.calls.last, &r); err != nil {
						return fmt.Errorf("node.pair.list reply: %w", err)
					}
					return printJSON(cmd.OutOrStdout(), r.Pending)
				}
				return printNodeRequests(s, listed.Pending)
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
				listed, err := s.api.NodePairList(ctx, &protocol.NodePairListParams{})
				if err != nil {
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
					r, err := a.api.NodePairApprove(ctx, &protocol.NodePairApproveParams{RequestID: args[0]})
					if err != nil {
						return err
					}
					return a.emit(func() error {
						return printLine(cmd.OutOrStdout(), "approved node request %s: node %s (%s)",
							r.RequestID, r.Node.NodeID, list(r.Node.Commands))
					})
				})
			})
		},
	}
}
