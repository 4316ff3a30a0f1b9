package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// minNodePrefix is the shortest id prefix that names a node.
const minNodePrefix = 6

// resolveNode turns what a person typed (a node id, a display name, an
// address or a unique id prefix of at least six characters) into a node
// id, from node.list. A word that matches no node is returned as it is,
// so that the gateway answers for it ("unknown nodeId", "node not
// connected"); a word that matches several is an error naming them.
func resolveNode(ctx context.Context, s *session, word string) (string, error) {
	listed, err := s.api.NodeList(ctx, &protocol.NodeListParams{})
	if err != nil {
		return "", err
	}
	id, err := matchNode(listed.Nodes, word)
	s.calls.last = nil // the list is a lookup, never the command's reply
	return id, err
}

// matchNode applies resolveNode's rules to a list of nodes: an exact id
// first, then names and addresses, then id prefixes. Among several
// matches, a single connected one wins.
func matchNode(nodes []protocol.KnownNode, word string) (string, error) {
	for _, n := range nodes {
		if n.NodeID == word {
			return word, nil
		}
	}
	byName := func(n protocol.KnownNode) bool {
		return strings.EqualFold(str(n.DisplayName), word) || (word != "" && str(n.RemoteIP) == word)
	}
	byPrefix := func(n protocol.KnownNode) bool {
		return len(word) >= minNodePrefix && strings.HasPrefix(n.NodeID, word)
	}
	for _, match := range []func(protocol.KnownNode) bool{byName, byPrefix} {
		found := slices.DeleteFunc(slices.Clone(nodes), func(n protocol.KnownNode) bool { return !match(n) })
		if len(found) > 1 {
			if live := slices.DeleteFunc(slices.Clone(found), func(n protocol.KnownNode) bool { return !n.Connected }); len(live) == 1 {
				found = live
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0].NodeID, nil
		}
		return "", ambiguousNode(word, found)
	}
	return word, nil
}

// ambiguousNode is the error for a word that names several nodes.
func ambiguousNode(word string, found []protocol.KnownNode) error {
	names := make([]string, len(found))
	for i, n := range found {
		names[i] = escapeText(fmt.Sprintf("%s (%s, %s)", n.NodeID, nodeName(n.DisplayName, n.NodeID), nodeState(n.Connected, n.Paired)))
	}
	return fmt.Errorf("%s names %d nodes; give one node id:\n\t%s", escapeText(strconv.Quote(word)), len(found),
		strings.Join(names, "\n\t"))
}
