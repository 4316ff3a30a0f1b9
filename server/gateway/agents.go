package gateway

import (
	"context"
	"errors"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/agent"
	"github.com/gatewire/gatewire/server/agent/tools"
	"github.com/gatewire/gatewire/server/agent/workspace"
	"github.com/gatewire/gatewire/server/methods/chat"
	"github.com/gatewire/gatewire/server/store"
)

// agentParts are the agent runtime and the methods over it.
type agentParts struct {
	runtime *agent.Runtime
	methods *chat.Service
}

// agentMethods builds the agent runtime over the catalog, the transcript
// store (sessionMethods made it), the hub (events, run recipients), the
// built-in tools and the workspace's system prompt, and the agent, chat
// and commands methods over it.
func (g *Gateway) agentMethods() *chat.Service {
	a := &g.agents
	a.runtime = agent.New(agent.Deps{
		Catalog: g.catalog, Transcripts: g.transcripts, Publisher: g.hub, Runs: g.hub,
		Tools: tools.Builtin(g.ToolDeps()), SystemPrompt: workspace.SystemPrompt,
		Now: g.now, Log: g.log.With("component", "agent"), Observer: g.runObserver(),
	})
	a.methods = chat.New(chat.Deps{Runtime: a.runtime, Models: g.catalog, Sessions: g.transcripts, Subscriptions: g.hub,
		StorePath: store.PathIn(g.setup.StateDir.Root()),
		Now:       g.now, StartedAt: g.started})
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

// agentActive reports whether a session has a run (for the sessions
// methods, built before the runtime).
func (g *Gateway) agentActive(sessionKey string) bool {
	rt := g.agents.runtime
	return rt != nil && rt.Active(sessionKey)
}

// agentAbort aborts a session's runs before a reset or delete and
// returns once they ended (their last messages and run record written),
// so that nothing they write lands after the reset or delete.
func (g *Gateway) agentAbort(ctx context.Context, sessionKey string) {
	rt := g.agents.runtime
	if rt == nil {
		return
	}
	for _, runID := range rt.Abort(sessionKey, "") {
		rt.Wait(ctx, runID)
	}
}

// agentSummarize writes a compaction summary with the session's model.
func (g *Gateway) agentSummarize(ctx context.Context, sessionKey, text string) (string, error) {
	rt := g.agents.runtime
	if rt == nil {
		return "", errNoRuntime
	}
	return rt.Summarize(ctx, sessionKey, text)
}

// errNoRuntime is agentSummarize's error before the runtime exists.
var errNoRuntime = errors.New("the agent runtime is not running")
