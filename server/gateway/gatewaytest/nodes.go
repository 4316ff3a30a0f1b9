package gatewaytest

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
)

// ApprovePendingNode approves nodeID's pending pairing request and reports
// whether there was one. A protocol 4 node's declared commands wait for
// node.pair.approve, as an operator must approve them; a protocol 3 node
// paired silently on loopback has none pending. The client needs
// operator.pairing and every scope the request asks to approve (a node's
// system.run needs operator.admin).
func (c *Client) ApprovePendingNode(nodeID string) bool {
	c.t.Helper()
	var list protocol.NodePairListResult
	c.Result(protocol.MethodNodePairList, map[string]any{}, &list)
	for _, p := range list.Pending {
		if p.NodeID == nodeID {
			c.Result(protocol.MethodNodePairApprove, map[string]any{"requestId": p.RequestID}, nil)
			return true
		}
	}
	return false
}
