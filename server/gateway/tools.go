package gateway

import (
	"github.com/gatewire/gatewire/server/agent/tools"
)

// ToolDeps is what the agent's built-in tools need from this gateway:
// its node relay, its approvals (requested on behalf of a run) and its
// own exec-approvals policy in the state directory. The agent runtime is
// built with tools.Builtin(g.ToolDeps()).
func (g *Gateway) ToolDeps() tools.Deps {
	return tools.Deps{
		Nodes: g.nodes, Approvals: g.approvals, ExecPolicy: g.execPolicy,
		Now: g.now, Log: g.log,
	}
}
