package nodes

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// InvokeFor relays command to a node for an in-process caller (an agent
// run's tool) with node.invoke's checks in v3's order: the commands
// refused by name, the connection, the command policy (platform
// allowlist and the node's declaration). system.run params go through
// forward, the caller's own approvals forwarding (security invariant
// 10); without one, system.run is refused. timeout 0 means
// DefaultInvokeTimeout. The node's answer comes back as is, ok or not.
func (s *Service) InvokeFor(ctx context.Context, nodeID, command string, params json.RawMessage, timeout time.Duration,
	forward func(nodeID string, params json.RawMessage) (json.RawMessage, error)) (*protocol.NodeInvokeResultParams, error) {
	if err := refuseByName(command, params); err != nil {
		return nil, err
	}
	live, ok := s.liveNode(nodeID)
	if !ok {
		return nil, notConnected()
	}
	if err := s.checkCommand(ctx, live, command); err != nil {
		return nil, err
	}
	if command == systemRunCommand {
		if forward == nil {
			return nil, wire.InvalidRequest("exec approvals unavailable").WithDetails(map[string]any{"code": "APPROVALS_UNAVAILABLE"})
		}
		var err error
		if params, err = forward(nodeID, params); err != nil {
			return nil, err
		}
	}
	ev := &protocol.NodeInvokeRequestEvent{NodeID: nodeID, Command: command}
	if len(params) > 0 {
		text := string(params)
		ev.ParamsJSON = &text
	}
	if timeout > 0 {
		ms := timeout.Milliseconds()
		ev.TimeoutMs = &ms
	}
	return s.relay(ctx, ev)
}
