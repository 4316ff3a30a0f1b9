package tools

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// knownNodes lists the nodes the gateway knows (paired or connected).
func (d Deps) knownNodes(ctx context.Context) ([]protocol.KnownNode, error) {
	if d.Nodes == nil {
		return nil, errors.New("nodes are not available on this gateway")
	}
	res, err := d.Nodes.NodeList(ctx, nil, &protocol.NodeListParams{})
	if err != nil {
		return nil, err
	}
	return res.Nodes, nil
}

// pickNode finds the node ref names: its id, else its display name
// (case-insensitive), else a unique id prefix. With ref empty, the one
// connected node that declares command is picked (an error when there
// are none or several).
func (d Deps) pickNode(ctx context.Context, ref, command string) (protocol.KnownNode, error) {
	list, err := d.knownNodes(ctx)
	if err != nil {
		return protocol.KnownNode{}, err
	}
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return onlyNodeWith(list, command)
	}
	for _, match := range []func(n protocol.KnownNode) bool{
		func(n protocol.KnownNode) bool { return n.NodeID == ref },
		func(n protocol.KnownNode) bool { return n.DisplayName != nil && strings.EqualFold(*n.DisplayName, ref) },
		func(n protocol.KnownNode) bool { return strings.HasPrefix(n.NodeID, ref) },
	} {
		var found []protocol.KnownNode
		for _, n := range list {
			if match(n) {
				found = append(found, n)
			}
		}
		switch len(found) {
		case 1:
			return found[0], nil
		case 0:
			continue
		default:
			return protocol.KnownNode{}, errors.New("node " + ref + " is ambiguous: " + nodeNames(found))
		}
	}
	return protocol.KnownNode{}, errors.New("unknown node: " + ref + knownSuffix(list))
}

// onlyNodeWith is the single connected node declaring command.
func onlyNodeWith(list []protocol.KnownNode, command string) (protocol.KnownNode, error) {
	var found []protocol.KnownNode
	for _, n := range list {
		if n.Connected && slices.Contains(n.Commands, command) {
			found = append(found, n)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return protocol.KnownNode{}, errors.New("no connected node supports " + command)
	}
	return protocol.KnownNode{}, errors.New("several nodes support " + command + "; name one with node: " + nodeNames(found))
}

// nodeNames lists nodes as "name (id)".
func nodeNames(list []protocol.KnownNode) string {
	names := make([]string, 0, len(list))
	for _, n := range list {
		if n.DisplayName != nil && *n.DisplayName != "" {
			names = append(names, *n.DisplayName+" ("+n.NodeID+")")
		} else {
			names = append(names, n.NodeID)
		}
	}
	return strings.Join(names, ", ")
}

// knownSuffix names the known nodes after an "unknown node" message.
func knownSuffix(list []protocol.KnownNode) string {
	if len(list) == 0 {
		return " (no nodes are known)"
	}
	return " (known: " + nodeNames(list) + ")"
}
