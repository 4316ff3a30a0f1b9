package nodes

import (
	"context"
	"encoding/json"
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
	// ForwardSystemRun returns the params a caller's system.run may carry
	// to the node, honouring approval flags only when a real approval
	// backs them (security invariant 10); nil refuses system.run.
	ForwardSystemRun func(call *rpc.Call, nodeID string, params json.RawMessage) (json.RawMessage, error)
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

// implemented are the methods of the nodes domain this package serves;
// the rest of the domain stays unregistered, and so unadvertised, until
// it exists.
var implemented = []string{
	protocol.MethodNodeList, protocol.MethodNodeDescribe, protocol.MethodNodeInvoke, protocol.MethodNodeInvokeResult,
}

// Serves names the methods of the nodes domain s implements (rpc.Partial).
func (*Service) Serves() []string { return implemented }

var _ rpc.Partial = (*Service)(nil)
