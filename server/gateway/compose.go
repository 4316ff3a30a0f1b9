package gateway

import (
	"context"
	"maps"
	"slices"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/methods/configmethods"
	"github.com/gatewire/gatewire/server/methods/system"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/version"
)

// handlers is the gateway's protocol.Handler: each domain's handler
// struct is embedded, and protocol.Unimplemented one level deeper answers
// everything no domain implements. Two domains implementing the same
// method would make the method ambiguous and fail to compile.
type handlers struct {
	*systemHandlers
	*configHandlers
	*deviceHandlers
	*nodeHandlers
	unimplemented
}

// Aliases give the embedded handler structs distinct field names.
type (
	systemHandlers = system.Handlers
	configHandlers = configmethods.Handlers
	deviceHandlers = pairing.DeviceHandlers
	nodeHandlers   = pairing.NodeHandlers
)

type unimplemented struct{ protocol.Unimplemented }

// Connect answers a connect request after the handshake: v3 accepts only
// one per connection.
func (handlers) Connect(context.Context, *protocol.ConnectParams) (*protocol.HelloOk, error) {
	return nil, wire.InvalidRequest("connect is only valid as the first request")
}

// domain is one group of implemented methods and the events it emits.
type domain struct {
	methods []string
	events  []string
}

// engineEvents are the events the engine itself sends.
var engineEvents = []string{protocol.EventConnectChallenge, protocol.EventTick, protocol.EventShutdown}

// gatewayDomain is what the gateway assembly itself serves and emits:
// the second-connect reply and voicewake.changed to nodes.
var gatewayDomain = domain{
	methods: []string{protocol.MethodConnect},
	events:  append([]string{protocol.EventVoicewakeChanged}, engineEvents...),
}

// table builds the dispatch table of the implemented methods and the
// hello-ok features (advertised implemented methods and emitted events,
// in manifest order).
func (g *Gateway) table() (rpc.Table, protocol.Features) {
	sys := system.New(g.systemDeps())
	h := handlers{
		systemHandlers: sys,
		configHandlers: configmethods.New(g.cfg, version.Version, g.now),
	}
	domains := []domain{gatewayDomain, {methods: system.Methods, events: system.Events}, {methods: configmethods.Methods}}
	if g.hs != nil {
		svc := g.hs.Pairing()
		h.deviceHandlers, h.nodeHandlers = svc.Devices(), svc.Nodes()
		domains = append(domains, domain{methods: slices.Concat(pairing.DeviceMethods, pairing.NodeMethods), events: pairing.Events})
	}
	var methods, events []string
	for _, d := range domains {
		methods = append(methods, d.methods...)
		events = append(events, d.events...)
	}
	table := protocol.NewTable(h).Only(methods...)
	maps.Copy(table, sys.FastPaths())
	return table, features(methods, events)
}

// features lists, in manifest order, the advertised methods among those
// implemented and the events emitted.
func features(methods, events []string) protocol.Features {
	f := protocol.Features{Methods: []string{}, Events: []string{}}
	for _, m := range protocol.Manifest.Methods {
		if m.Advertised && slices.Contains(methods, m.Name) {
			f.Methods = append(f.Methods, m.Name)
		}
	}
	for _, e := range protocol.Manifest.Events {
		if slices.Contains(events, e.Name) {
			f.Events = append(f.Events, e.Name)
		}
	}
	return f
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
