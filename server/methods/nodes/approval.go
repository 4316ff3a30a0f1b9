package nodes

import (
	"context"
	"slices"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/pairing"
)

// Protocol 4 folds node pairing into device pairing: a node's device is
// paired (silently on loopback), but the commands it declares wait as a
// pending surface until an operator approves them with node.pair.approve,
// and only approved commands are invoked. Protocol 3 connections keep
// v3's rule (a silently paired node is invoked with its declared,
// allowlisted commands at once). Either way the node has one approval
// record (pairing.KnownNode's Node and Pending), which node.list shows in
// the caller's protocol's shape.

// surfaceGated is the protocol from which a node connection's commands
// need an operator's approval.
const surfaceGated = 4

// approval returns where a node's command surface stands.
func (s *Service) approval(ctx context.Context, nodeID string) (pairing.NodeApproval, error) {
	if s.deps.Approval == nil {
		return pairing.NodeApproval{Approved: true}, nil
	}
	return s.deps.Approval(ctx, nodeID)
}

// effectiveCommands returns the commands a live node connection may be
// invoked with: what it declared (cut to the allowlist at connect), and,
// from protocol 4 on, only those an operator approved.
func effectiveCommands(l Live, approved *pairing.NodeApproval) []string {
	if l.Peer.Protocol < surfaceGated {
		return l.Session.Commands
	}
	if approved == nil || !approved.Approved {
		return []string{}
	}
	return both(l.Session.Commands, approved.Commands)
}

// effectiveCaps is effectiveCommands for the capabilities a live node
// connection declared.
func effectiveCaps(l Live, approved *pairing.NodeApproval) []string {
	if l.Peer.Protocol < surfaceGated {
		return l.Session.Caps
	}
	if approved == nil || !approved.Approved {
		return []string{}
	}
	return both(l.Session.Caps, approved.Caps)
}

// both returns the entries of declared that approved has, in order.
func both(declared, approved []string) []string {
	out := []string{}
	for _, c := range declared {
		if slices.Contains(approved, c) {
			out = append(out, c)
		}
	}
	return out
}

// approvalOf is the approval record of a known node as pairing keeps it.
func approvalOf(k *pairing.KnownNode) *pairing.NodeApproval {
	if k == nil {
		return nil
	}
	a := &pairing.NodeApproval{}
	if k.Node != nil {
		a.Approved, a.Commands, a.Caps = true, k.Node.Commands, k.Node.Caps
	}
	if k.Pending != nil {
		a.PendingRequestID = k.Pending.RequestID
	}
	return a
}

// approvalState is protocol 4's word for where a known node's surface
// stands.
func approvalState(k *pairing.KnownNode) protocol.NodeApprovalState {
	switch {
	case k.Pending != nil && k.Node != nil:
		return protocol.NodeApprovalStatePendingReapproval
	case k.Pending != nil:
		return protocol.NodeApprovalStatePendingApproval
	case k.Node != nil:
		return protocol.NodeApprovalStateApproved
	}
	return protocol.NodeApprovalStateUnapproved
}

// withApproval adds the approval fields (protocol 4's shape; a protocol 3
// caller never sees them) of a known node to its row.
func withApproval(v *protocol.KnownNode, k *pairing.KnownNode) {
	state := approvalState(k)
	v.ApprovalState = &state
	if p := k.Pending; p != nil {
		v.PendingRequestID = opt(p.RequestID)
		v.PendingDeclaredCaps = sorted(p.Info.Caps)
		v.PendingDeclaredCommands = sorted(p.Info.Commands)
		if len(p.Info.Permissions) > 0 {
			v.PendingDeclaredPermissions = p.Info.Permissions
		}
	}
}
