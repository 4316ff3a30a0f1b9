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

// NodeCanvasCapabilityRefresh would mint a fresh scoped canvas URL for the
// calling node; gatewire has no canvas host yet, so every node session gets
// v3's answer for a session without one.
func (s *Service) NodeCanvasCapabilityRefresh(context.Context, *rpc.Call, *protocol.NodeCanvasCapabilityRefreshParams) (*protocol.NodeCanvasCapabilityRefreshResult, error) {
	return nil, wire.Unavailable("canvas host unavailable for this node session")
}
