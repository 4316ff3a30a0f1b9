package gateway

import (
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/agent"
	"github.com/gatewire/gatewire/server/methods/chat"
)

// agentParts are the agent runtime and the methods over it.
type agentParts struct {
	runtime *agent.Runtime
	methods *chat.Service
}

// agentMethods builds the agent runtime over the catalog, the transcript
// store (sessionMethods made it) and the hub (events, run recipients),
// and the agent, chat and commands methods over it.
func (g *Gateway) agentMethods() *chat.Service {
	a := &g.agents
	a.runtime = agent.New(agent.Deps{
		Catalog: g.catalog, Transcripts: g.transcripts, Publisher: g.hub, Runs: g.hub,
		Now: g.now, Log: g.log.With("component", "agent"),
	})
	a.methods = chat.New(chat.Deps{Runtime: a.runtime, Models: g.catalog, Sessions: g.transcripts, Subscriptions: g.hub,
		Now: g.now, StartedAt: g.started})
	return a.methods
}

// Runtime is the gateway's agent runtime (nil when Setup.Authenticator
// replaced the state database).
func (g *Gateway) Runtime() *agent.Runtime { return g.agents.runtime }

// agentNodeEvent passes the node events the agent runtime owns to its
// methods (node.event is registered before them).
func (g *Gateway) agentNodeEvent(call *rpc.Call, nodeID, event string, payloadJSON []byte) {
	if m := g.agents.methods; m != nil {
		m.NodeEvent(call, nodeID, event, payloadJSON)
	}
}
