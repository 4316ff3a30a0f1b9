package nodes

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/session"
)

// Live is one open node connection: its connection id, the peer its
// handshake established and its session (declared surface, times).
type Live struct {
	ConnID  string
	Peer    *rpc.Peer
	Session *session.Session
}

// Deps are what the node methods need from the gateway.
type Deps struct {
	// LiveNodes returns the open connections with the node role.
	LiveNodes func() []Live
	// Known returns the paired nodes (kept across restarts).
	Known func(ctx context.Context) ([]pairing.KnownNode, error)
	// Allowlisted reports whether a command is in a platform's allowlist.
	Allowlisted func(platform, deviceFamily, command string) bool
	// Publisher carries node.invoke.request to the node.
	Publisher rpc.Publisher
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service serves the implemented methods of the nodes domain; the
// others answer "unknown method" and are not registered.
type Service struct {
	protocol.UnimplementedNodesHandler

	deps    Deps
	request protocol.NodeInvokeRequestEmitter

	mu      sync.Mutex
	pending map[string]*invocation
}

// New returns the node methods over deps.
func New(deps Deps) *Service {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	return &Service{deps: deps, request: protocol.NewNodeInvokeRequestEmitter(deps.Publisher), pending: map[string]*invocation{}}
}

// Implemented are the methods of the nodes domain this package serves.
var Implemented = []string{
	protocol.MethodNodeList, protocol.MethodNodeDescribe, protocol.MethodNodeInvoke, protocol.MethodNodeInvokeResult,
}

// Register registers the implemented node methods in r, and only those,
// so that the rest of the domain stays unadvertised until it exists.
func Register(r *rpc.Registry, s *Service) error {
	all := rpc.NewRegistry(&protocol.Manifest)
	if err := protocol.RegisterNodes(all, s); err != nil {
		return err
	}
	var errs []error
	for _, name := range Implemented {
		h, _ := all.Handler(name)
		errs = append(errs, r.Register(name, h))
	}
	return errors.Join(errs...)
}
