package nodes

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/canvashost"
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
	// LiveNode returns the open connections of one node; LiveConn the
	// open node connection with a connection id. Both are lookups, not
	// scans, so an invoke costs the same however many clients are open.
	LiveNode func(nodeID string) []Live
	LiveConn func(connID string) (Live, bool)
	// Known returns the paired nodes (kept across restarts).
	Known func(ctx context.Context) ([]pairing.KnownNode, error)
	// Approval returns where a node's command surface stands (protocol 4
	// invokes only approved commands); nil treats every node as approved.
	Approval func(ctx context.Context, nodeID string) (pairing.NodeApproval, error)
	// KeepRequest keeps a connected node's pending surface request alive
	// and returns its id ("" when none is pending); nil keeps nothing.
	KeepRequest func(ctx context.Context, nodeID string) (string, error)
	// Allowlisted reports whether a command is in a platform's allowlist.
	Allowlisted func(platform, deviceFamily, command string) bool
	// MarkSeen records when a paired node (by node id and device id) was
	// last seen and why; updated is false when neither is paired.
	MarkSeen func(ctx context.Context, nodeID, deviceID string, atMs int64, reason string) (updated bool, err error)
	// Publisher carries node.invoke.request to the node.
	Publisher rpc.Publisher
	// ForwardSystemRun returns the params a caller's system.run may carry
	// to the node, honouring approval flags only when a real approval
	// backs them (security invariant 10); nil refuses system.run.
	ForwardSystemRun func(call *rpc.Call, nodeID string, params json.RawMessage) (json.RawMessage, error)
	// AgentEvent takes the node events the agent runtime owns
	// (agent.request, chat.subscribe, chat.unsubscribe) with their
	// payloadJSON (v3 reads no other form of them); nil ignores them.
	AgentEvent func(call *rpc.Call, nodeID, event string, payloadJSON []byte)
	// CanvasCapability mints a fresh canvas capability for a connection
	// that was given one at connect; ok false (or nil) means the canvas
	// host is unavailable to it.
	CanvasCapability func(connID string) (grant canvashost.Grant, ok bool)
	// OnInvoke, when set, is told how every command relayed to a node
	// ended: one of the Invoke* results (the gateway's metrics).
	OnInvoke func(result string)
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// The results OnInvoke reports.
const (
	InvokeOK           = "ok"            // the node answered ok
	InvokeFailed       = "error"         // the node answered with an error
	InvokeNotConnected = "not_connected" // the node had no open connection
	InvokeDisconnected = "disconnected"  // the node went away before answering
	InvokeTimeout      = "timeout"       // the node did not answer in time
	InvokeCanceled     = "canceled"      // the caller went away first
)

// Service serves the nodes domain.
type Service struct {
	protocol.UnimplementedNodesHandler

	deps    Deps
	request protocol.NodeInvokeRequestEmitter

	mu      sync.Mutex
	pending map[string]*invocation

	presence   presenceThrottle
	hosts      hostReports
	notes      execNotes
	work       workQueues
	foreground foregroundQueues
}

// New returns the node methods over deps.
func New(deps Deps) *Service {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	return &Service{deps: deps, request: protocol.NewNodeInvokeRequestEmitter(deps.Publisher), pending: map[string]*invocation{}}
}

// implemented are the methods of the nodes domain this package serves:
// all of them.
var implemented = []string{
	protocol.MethodNodeList, protocol.MethodNodeDescribe, protocol.MethodNodeInvoke, protocol.MethodNodeInvokeResult,
	protocol.MethodNodeEvent, protocol.MethodNodePendingDrain, protocol.MethodNodePendingEnqueue,
	protocol.MethodNodePendingPull, protocol.MethodNodePendingAck, protocol.MethodNodeCanvasCapabilityRefresh,
	protocol.MethodSkillsBins, protocol.MethodNodeRunnerInventoryUpdate, protocol.MethodNodeSkillsUpdate,
	protocol.MethodNodePluginToolsUpdate,
}

// liveConn returns the open node connection with id connID.
func (s *Service) liveConn(connID string) (Live, bool) { return s.deps.LiveConn(connID) }

// Serves names the methods of the nodes domain s implements (rpc.Partial).
func (*Service) Serves() []string { return implemented }

var _ rpc.Partial = (*Service)(nil)
