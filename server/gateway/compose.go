package gateway

import (
	"context"
	"errors"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/approvals"
	"github.com/gatewire/gatewire/server/methods/agents"
	"github.com/gatewire/gatewire/server/methods/channels"
	"github.com/gatewire/gatewire/server/methods/configmethods"
	"github.com/gatewire/gatewire/server/methods/execpolicy"
	"github.com/gatewire/gatewire/server/methods/models"
	"github.com/gatewire/gatewire/server/methods/nodes"
	"github.com/gatewire/gatewire/server/methods/skills"
	"github.com/gatewire/gatewire/server/methods/system"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/version"
)

// handshakeHandler serves the handshake domain after the handshake: v3
// accepts only one connect per connection.
type handshakeHandler struct{}

// Connect answers a connect request after the handshake.
func (handshakeHandler) Connect(context.Context, *rpc.Call, *protocol.ConnectParams) (*protocol.HelloOk, error) {
	return nil, wire.InvalidRequest("connect is only valid as the first request")
}

// register builds the registry of the methods the gateway serves, one
// domain at a time; a method registered twice is an error.
func (g *Gateway) register() (*rpc.Registry, error) {
	r := rpc.NewRegistry(&protocol.Manifest)
	errs := []error{
		protocol.RegisterHandshake(r, handshakeHandler{}),
		protocol.RegisterSystem(r, system.New(g.systemDeps())),
		protocol.RegisterConfig(r, configmethods.New(g.cfg, version.Version, g.now)),
		protocol.RegisterModels(r, models.New(models.Deps{Catalog: g.catalog, Config: g.cfg.Effective, Now: g.now})),
		protocol.RegisterAgents(r, agents.New(agents.Deps{Catalog: g.catalog})),
		protocol.RegisterChannels(r, channels.New(g.now)),
		protocol.RegisterSkills(r, skills.New(g.catalog)),
	}
	ap := approvals.New(approvals.Deps{Publisher: g.hub, Peers: g.eachPeer, Now: g.now})
	g.approvals = ap
	g.execPolicy = execapprovals.InDir(g.setup.StateDir.Root())
	errs = append(errs, protocol.RegisterApprovals(r, ap))
	if g.hs != nil {
		svc := g.hs.Pairing()
		errs = append(errs, protocol.RegisterDevices(r, svc.Devices()), protocol.RegisterNodePairing(r, svc.Nodes()))
		g.nodes = nodes.New(g.nodeDeps(svc, ap))
		errs = append(errs, protocol.RegisterNodes(r, g.nodes))
		errs = append(errs, protocol.RegisterExecApprovals(r, execpolicy.New(execpolicy.Deps{
			Store: g.execPolicy, Relay: g.nodes.Relay,
		})))
		errs = append(errs, protocol.RegisterSessions(r, g.sessionMethods()))
		errs = append(errs, g.agentMethods().Register(r))
	}
	g.buildOpenAI()
	return r, errors.Join(errs...)
}

// features lists, per accepted protocol version and in manifest order,
// the advertised methods that were registered and the events some
// producer was built to emit, that exist at that version.
func features(r *rpc.Registry, hub *engine.Hub) map[int]protocol.Features {
	out := map[int]protocol.Features{}
	for _, v := range protocol.Manifest.Protocols.Accepted {
		out[v] = protocol.Features{Methods: r.MethodsAt(v, true), Events: hub.EventsAt(v)}
	}
	return out
}

// systemDeps wires the system handlers to the gateway's components.
func (g *Gateway) systemDeps() system.Deps {
	return system.Deps{
		Presence: g.presence, Health: g.health, Heartbeat: g.heartbeat,
		Config: g.cfg.Effective, LogFile: g.logs.File(), Scrub: g.logs.Redactor.Scrub,
		IdentityKey: g.identity.PublicKey, Version: version.Version,
		BroadcastPresence: g.broadcastPresence,
	}
}

// nodeDeps wires the node methods to the hub's node connections, their
// sessions, pairing's records and command policy, and the approvals that
// back an approved system.run.
func (g *Gateway) nodeDeps(svc *pairing.Service, ap *approvals.Service) nodes.Deps {
	return nodes.Deps{
		LiveNodes: g.liveNodes, LiveNode: g.liveNode, LiveConn: g.liveConn,
		Known: svc.KnownNodes, Approval: svc.ApprovalOf, KeepRequest: svc.KeepNodeRequest,
		Allowlisted: svc.CommandAllowlisted, MarkSeen: svc.MarkNodeSeen,
		Publisher: g.hub, Now: g.now, ForwardSystemRun: ap.ForwardSystemRun, AgentEvent: g.agentNodeEvent,
		CanvasCapability: g.CanvasCapability,
		OnInvoke:         g.onNodeInvoke(),
	}
}

// liveNodes returns the open node connections that still have a session
// (a closing one has lost it).
func (g *Gateway) liveNodes() []nodes.Live {
	var out []nodes.Live
	g.hub.Each(func(c *engine.Conn) bool {
		if l, ok := g.live(c); ok {
			out = append(out, l)
		}
		return true
	})
	return out
}

// liveNode returns the open connections of one node that still have a
// session, through the hub's node index.
func (g *Gateway) liveNode(nodeID string) []nodes.Live {
	var out []nodes.Live
	for _, c := range g.hub.NodeConns(nodeID) {
		if l, ok := g.live(c); ok {
			out = append(out, l)
		}
	}
	return out
}

// liveConn returns the open node connection with id connID.
func (g *Gateway) liveConn(connID string) (nodes.Live, bool) {
	if c, ok := g.hub.Conn(connID); ok {
		return g.live(c)
	}
	return nodes.Live{}, false
}

// live is c as a live node: a node connection that still has a session.
func (g *Gateway) live(c *engine.Conn) (nodes.Live, bool) {
	p := c.Peer()
	if p == nil || p.Role != rpc.RoleNode {
		return nodes.Live{}, false
	}
	s := g.sessions.Of(c.ID())
	if s == nil {
		return nodes.Live{}, false
	}
	return nodes.Live{ConnID: c.ID(), Peer: p, Session: s}, true
}

// eachPeer calls fn for every connection past its handshake, with its
// id and who it is, until fn returns false.
func (g *Gateway) eachPeer(fn func(connID string, p *rpc.Peer) bool) {
	g.hub.Each(func(c *engine.Conn) bool {
		p := c.Peer()
		return p == nil || fn(c.ID(), p)
	})
}
