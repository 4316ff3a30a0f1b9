package nodes

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// SkillsBins lists the executables the installed skills need, which a node
// host may allow without asking. gatewire installs no skills, so the list
// is empty.
func (s *Service) SkillsBins(context.Context, *rpc.Call, *protocol.SkillsBinsParams) (*protocol.SkillsBinsResult, error) {
	return &protocol.SkillsBinsResult{Bins: []string{}}, nil
}

// NodeCanvasCapabilityRefresh mints a fresh canvas capability for the
// calling node's connection, replacing the one it had, and returns its
// scoped canvas URL; a connection without a canvas host (turned off, or
// none at connect) gets v3's UNAVAILABLE.
func (s *Service) NodeCanvasCapabilityRefresh(_ context.Context, call *rpc.Call, _ *protocol.NodeCanvasCapabilityRefreshParams) (*protocol.NodeCanvasCapabilityRefreshResult, error) {
	if s.deps.CanvasCapability == nil {
		return nil, wire.Unavailable("canvas host unavailable for this node session")
	}
	g, ok := s.deps.CanvasCapability(call.ConnID)
	if !ok {
		return nil, wire.Unavailable("canvas host unavailable for this node session")
	}
	return &protocol.NodeCanvasCapabilityRefreshResult{
		CanvasCapability: g.Capability, CanvasCapabilityExpiresAtMs: g.ExpiresAt.UnixMilli(), CanvasHostURL: g.URL,
	}, nil
}
