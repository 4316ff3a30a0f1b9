package pairing

import (
	"context"
	"slices"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/store"
)

// NodeConnect is a node connection to reconcile with node pairing.
type NodeConnect struct {
	// NodeID is the connection's device id.
	NodeID string
	// NodeInfo is what the node sent: its Commands are connect.commands,
	// its platform and device family pick the allowlist.
	store.NodeInfo
}

// ReconcileNode returns the commands a connecting node may be invoked
// with: its declared commands the platform allowlist has, when it is
// paired for all of them; the previously approved ones when it declares
// new ones (a pairing request for the new set is recorded); and the
// declared ones, pending approval, for a node that is not paired yet.
// A paired node's last connection time is recorded.
func (s *Service) ReconcileNode(ctx context.Context, in NodeConnect) ([]string, error) {
	set := s.Settings()
	allow := commandAllowlist(in.Platform, in.DeviceFamily, set.NodeAllowCommands, set.NodeDenyCommands)
	declared := allowedCommands(in.Commands, allow)
	var effective []string
	var pending *store.PendingNode
	var created bool
	err := s.store.Update(ctx, func(tx *store.Tx) (err error) {
		node, err := tx.Node(in.NodeID)
		if err != nil {
			return err
		}
		effective = declared
		defer func() {
			if err == nil {
				err = s.recordSurface(tx, in, effective)
			}
		}()
		if node != nil {
			approved := allowedCommands(node.Commands, allow)
			node.LastConnectedAtMs = s.nowMs()
			if err := tx.PutNode(node); err != nil {
				return err
			}
			if coveredBy(declared, approved) {
				return nil
			}
			effective = approved
		}
		info := in.NodeInfo
		info.Commands = declared
		pending, created, err = s.requestNode(tx, NodeRequest{NodeID: in.NodeID, NodeInfo: info})
		return err
	})
	if err != nil {
		return nil, err
	}
	if created {
		s.publish(outbox{{Name: protocol.EventNodePairRequested, Payload: pendingNodeView(pending)}})
	}
	return effective, nil
}

// coveredBy reports whether every command in want is in have.
func coveredBy(want, have []string) bool {
	for _, c := range want {
		if !slices.Contains(have, c) {
			return false
		}
	}
	return true
}

// recordSurface keeps, on the node's paired device, the surface its
// connection may be invoked with: under protocol v3's rules that surface
// is approved as it connects, and nothing waits for approval.
func (s *Service) recordSurface(tx *store.Tx, in NodeConnect, effective []string) error {
	surface := &store.NodeSurface{
		Caps: cleanOptional(in.Caps), Commands: append([]string{}, effective...), Permissions: in.Permissions,
		Version: in.Version, CoreVersion: in.CoreVersion, UIVersion: in.UIVersion,
		ModelIdentifier: in.ModelIdentifier, DeclaredAtMs: s.nowMs(), ApprovedAtMs: s.nowMs(),
	}
	if surface.Caps == nil {
		surface.Caps = []string{}
	}
	_, err := tx.SetNodeSurfaces(in.NodeID, surface, nil)
	return err
}

// MarkNodeSeen records that a paired node was seen at atMs, and why, on
// its device and on its node record; updated is false when it has
// neither.
func (s *Service) MarkNodeSeen(ctx context.Context, nodeID, deviceID string, atMs int64, reason string) (updated bool, err error) {
	err = s.store.Update(ctx, func(tx *store.Tx) error {
		device, node, err := tx.MarkSeen(deviceID, nodeID, atMs, reason)
		updated = device || node
		return err
	})
	return updated, err
}
