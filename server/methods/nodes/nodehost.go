package nodes

import (
	"context"
	"slices"
	"sync"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// workerSupervisorFeature is the one worker-supervisor protocol a
// protocol 4 node host may declare; older ones must update first.
const workerSupervisorFeature = "node-worker-supervisor-v6"

// hostReports keeps what protocol 4 node hosts report about themselves
// after connecting (their skills and plugin tools), per connection, for as
// long as the connection is open.
type hostReports struct {
	mu     sync.Mutex
	skills map[string][]protocol.NodeSkillDescriptor
	tools  map[string][]protocol.NodePluginToolDescriptor
}

// setSkills replaces the skills connection connID offers.
func (h *hostReports) setSkills(connID string, v []protocol.NodeSkillDescriptor) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.skills == nil {
		h.skills = map[string][]protocol.NodeSkillDescriptor{}
	}
	h.skills[connID] = slices.Clone(v)
}

// setTools replaces the plugin tools connection connID offers.
func (h *hostReports) setTools(connID string, v []protocol.NodePluginToolDescriptor) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tools == nil {
		h.tools = map[string][]protocol.NodePluginToolDescriptor{}
	}
	h.tools[connID] = slices.Clone(v)
}

// toolsOf returns the plugin tools connection connID offers; ok is false
// when it reported none.
func (h *hostReports) toolsOf(connID string) (tools []protocol.NodePluginToolDescriptor, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	tools, ok = h.tools[connID]
	return slices.Clone(tools), ok
}

// forget drops what the connections that keep returns false for
// reported.
func (h *hostReports) forget(keep func(connID string) bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id := range h.skills {
		if !keep(id) {
			delete(h.skills, id)
		}
	}
	for id := range h.tools {
		if !keep(id) {
			delete(h.tools, id)
		}
	}
}

// NodeSkillsUpdate takes the skills the calling node offers (protocol 4).
// gatewire runs no skills of its own and keeps them for the connection.
func (s *Service) NodeSkillsUpdate(_ context.Context, call *rpc.Call, p *protocol.NodeSkillsUpdateParams) (*protocol.NodeSkillsUpdateResult, error) {
	nodeID := callerNodeID(call, "")
	if nodeID == "" {
		return nil, wire.InvalidRequest("nodeId required")
	}
	s.hosts.setSkills(call.ConnID, p.Skills)
	return &protocol.NodeSkillsUpdateResult{NodeID: nodeID, Skills: nonNil(p.Skills)}, nil
}

// NodePluginToolsUpdate takes the plugin tools the calling node offers
// (protocol 4); node.list shows them for its open connection.
func (s *Service) NodePluginToolsUpdate(_ context.Context, call *rpc.Call, p *protocol.NodePluginToolsUpdateParams) (*protocol.NodePluginToolsUpdateResult, error) {
	nodeID := callerNodeID(call, "")
	if nodeID == "" {
		return nil, wire.InvalidRequest("nodeId required")
	}
	s.hosts.setTools(call.ConnID, p.Tools)
	return &protocol.NodePluginToolsUpdateResult{NodeID: nodeID, Tools: nonNil(p.Tools)}, nil
}

// NodeRunnerInventoryUpdate takes a node host's worker-supervisor
// declaration (protocol 4). A retired supervisor protocol must update
// first; a node whose command surface still awaits approval is told so
// (the v4 node host retries every few seconds until it is approved);
// otherwise the declaration is taken. gatewire hosts no sessions on
// nodes, so an offer to host them changes nothing.
func (s *Service) NodeRunnerInventoryUpdate(ctx context.Context, call *rpc.Call, p *protocol.NodeRunnerInventoryUpdateParams) (*protocol.NodeRunnerInventoryUpdateResult, error) {
	nodeID := call.Peer.Identity.DeviceID
	if nodeID == "" {
		return nil, wire.InvalidRequest("unknown nodeId")
	}
	if len(p.ProtocolFeatures) == 1 && p.ProtocolFeatures[0] != workerSupervisorFeature {
		return nil, wire.InvalidRequest("device worker node %s requires an update before it can host sessions; "+
			"run openclaw update, then reconnect it (for a headless node, run openclaw node restart)", nodeID)
	}
	approval, err := s.approval(ctx, nodeID)
	if err != nil {
		return nil, err
	}
	if !approval.Approved {
		return nil, awaitingApproval(s.keepRequest(ctx, nodeID, approval.PendingRequestID))
	}
	return &protocol.NodeRunnerInventoryUpdateResult{NodeID: nodeID}, nil
}

// keepRequest keeps the node's pending request alive while it asks; it
// returns the request id (known, when keeping is not possible).
func (s *Service) keepRequest(ctx context.Context, nodeID, known string) string {
	if s.deps.KeepRequest == nil {
		return known
	}
	id, err := s.deps.KeepRequest(ctx, nodeID)
	if err != nil || id == "" {
		return known
	}
	return id
}

// awaitingApproval is the refusal of a node report while the node's
// command surface awaits an operator (v4's text).
func awaitingApproval(requestID string) error {
	if requestID == "" {
		return wire.Unavailable("node runner inventory publication is not current; retry after pairing completes")
	}
	return wire.Unavailable("node capability surface is awaiting operator approval; run `openclaw nodes approve %s` "+
		"(see `openclaw nodes pending`), then this node retries automatically", requestID)
}

// nonNil returns v, or an empty slice for nil (the results' arrays are
// required).
func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
