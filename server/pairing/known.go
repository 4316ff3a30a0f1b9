package pairing

import (
	"context"
	"slices"
	"strings"

	"github.com/gatewire/gatewire/server/store"
)

// KnownNode is a node the gateway has paired and so remembers across a
// restart: a device paired with the node role, an approved node record,
// or both (either may be nil, never both). Pending is the node's command
// surface waiting for node.pair.approve, nil when none is: together with
// Node it is the node's one approval record, which protocol 3 shows as
// node.pair.list rows and protocol 4 also as node.list's approvalState.
type KnownNode struct {
	NodeID  string
	Device  *store.Device
	Node    *store.Node
	Pending *store.PendingNode
}

// KnownNodes returns the paired nodes: devices holding the node role and
// approved node records, joined by node (device) id, in id order.
func (s *Service) KnownNodes(ctx context.Context) ([]KnownNode, error) {
	byID := map[string]*KnownNode{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		devices, err := tx.Devices()
		if err != nil {
			return err
		}
		for i := range devices {
			if d := &devices[i]; d.Role == roleNode || slices.Contains(d.Roles, roleNode) {
				byID[d.DeviceID] = &KnownNode{NodeID: d.DeviceID, Device: d}
			}
		}
		nodes, err := tx.Nodes()
		if err != nil {
			return err
		}
		for i := range nodes {
			n := &nodes[i]
			if k := byID[n.NodeID]; k != nil {
				k.Node = n
			} else {
				byID[n.NodeID] = &KnownNode{NodeID: n.NodeID, Node: n}
			}
		}
		return s.attachPending(tx, byID)
	})
	if err != nil {
		return nil, err
	}
	out := make([]KnownNode, 0, len(byID))
	for _, k := range byID {
		out = append(out, *k)
	}
	slices.SortFunc(out, func(a, b KnownNode) int { return strings.Compare(a.NodeID, b.NodeID) })
	return out, nil
}

// CommandAllowlisted reports whether command is in the node command
// allowlist of the platform (its defaults with the configured
// gateway.nodes.commands.allow added and deny taken away).
func (s *Service) CommandAllowlisted(platform, deviceFamily, command string) bool {
	set := s.Settings()
	return commandAllowlist(platform, deviceFamily, set.NodeAllowCommands, set.NodeDenyCommands)[command]
}

// attachPending gives each known node its live pending surface request,
// the newest when there are several.
func (s *Service) attachPending(tx *store.Tx, byID map[string]*KnownNode) error {
	pending, err := store.NodeRequests.List(tx, "")
	if err != nil {
		return err
	}
	cutoff := s.pendingCutoff()
	for i := range pending {
		p := &pending[i]
		if k := byID[p.SubjectID]; k != nil && p.TS >= cutoff && (k.Pending == nil || p.TS > k.Pending.TS) {
			k.Pending = p
		}
	}
	return nil
}

// NodeApproval is where one node's command surface stands.
type NodeApproval struct {
	// Approved is true once an operator approved a surface of the node
	// (node.pair.approve wrote its record); Commands and Caps are the
	// approved commands and capabilities.
	Approved bool
	Commands []string
	Caps     []string
	// PendingRequestID names the surface waiting for approval, "" when
	// none is.
	PendingRequestID string
}

// ApprovalOf returns where a node's command surface stands. Protocol 4
// invokes a node's command only when an operator approved it.
func (s *Service) ApprovalOf(ctx context.Context, nodeID string) (NodeApproval, error) {
	var out NodeApproval
	err := s.store.View(ctx, func(tx *store.Tx) error {
		n, err := tx.Node(nodeID)
		if err != nil {
			return err
		}
		if n != nil {
			out.Approved, out.Commands, out.Caps = true, n.Commands, n.Caps
		}
		pending, err := store.NodeRequests.List(tx, nodeID)
		if err != nil {
			return err
		}
		cutoff := s.pendingCutoff()
		for i := range pending {
			if pending[i].TS >= cutoff {
				out.PendingRequestID = pending[i].RequestID
			}
		}
		return nil
	})
	return out, err
}

// KeepNodeRequest keeps a node's pending surface request alive while the
// node is connected and still asking: protocol 4's capability requests
// wait for an operator however long that takes, and the v4 node host asks
// again (node.runnerInventory.update) every few seconds while it waits.
// It returns the request's id, "" when none is pending.
func (s *Service) KeepNodeRequest(ctx context.Context, nodeID string) (string, error) {
	var id string
	err := s.store.Update(ctx, func(tx *store.Tx) error {
		pending, err := store.NodeRequests.List(tx, nodeID)
		if err != nil {
			return err
		}
		cutoff := s.pendingCutoff()
		for i := range pending {
			if p := &pending[i]; p.TS >= cutoff {
				p.TS, id = s.nowMs(), p.RequestID
				if err := store.NodeRequests.Put(tx, p); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return id, err
}
