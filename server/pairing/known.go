package pairing

import (
	"context"
	"slices"
	"strings"

	"github.com/gatewire/gatewire/server/store"
)

// KnownNode is a node the gateway has paired and so remembers across a
// restart: a device paired with the node role, an approved node record,
// or both (either may be nil, never both).
type KnownNode struct {
	NodeID string
	Device *store.Device
	Node   *store.Node
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
		return nil
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
