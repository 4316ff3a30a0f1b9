package nodes

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// NodeInvokeResult takes a node's answer to node.invoke.request. A node
// may only answer for itself ("nodeId mismatch", leaving the invoke
// waiting); an answer nobody waits for (late, unknown, or already
// answered) is acknowledged with ignored:true.
func (s *Service) NodeInvokeResult(_ context.Context, call *rpc.Call, p *protocol.NodeInvokeResultParams) (*protocol.NodeInvokeResultResult, error) {
	if p.NodeID != call.Peer.Identity.DeviceID {
		return nil, wire.InvalidRequest("nodeId mismatch")
	}
	if !s.finish(p.ID, p.NodeID, outcome{result: p}) {
		yes := true
		return &protocol.NodeInvokeResultResult{Ok: true, Ignored: &yes}, nil
	}
	return &protocol.NodeInvokeResultResult{Ok: true}, nil
}

// NodeGone fails at once every invoke waiting on nodeID, one of whose
// connections closed, unless the node still has another open one.
func (s *Service) NodeGone(nodeID string) {
	s.hosts.forget(func(connID string) bool {
		_, open := s.liveConn(connID)
		return open
	})
	if _, ok := s.liveNode(nodeID); ok || nodeID == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, inv := range s.pending {
		if inv.nodeID == nodeID {
			delete(s.pending, id)
			inv.done <- outcome{err: disconnected(inv.command)}
		}
	}
}

// add records a waiting invoke.
func (s *Service) add(id string, inv *invocation) {
	s.mu.Lock()
	s.pending[id] = inv
	s.mu.Unlock()
}

// remove forgets a waiting invoke (answered, timed out or failed).
func (s *Service) remove(id string) {
	s.mu.Lock()
	delete(s.pending, id)
	s.mu.Unlock()
}

// finish hands o to the invoke id of nodeID and reports whether one was
// waiting; each invoke takes one outcome.
func (s *Service) finish(id, nodeID string, o outcome) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv, ok := s.pending[id]
	if !ok || inv.nodeID != nodeID {
		return false
	}
	delete(s.pending, id)
	inv.done <- o
	return true
}
