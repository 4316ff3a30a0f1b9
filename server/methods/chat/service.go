package chat

import (
	"context"
	"errors"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/agent"
	"github.com/gatewire/gatewire/server/agent/catalog"
	"github.com/gatewire/gatewire/server/transcript"
)

// Models is what the methods ask of the catalog (*catalog.Catalog).
type Models interface {
	Agent(id string) (catalog.Agent, bool)
	Models() []catalog.Model
	Model(ref string) (catalog.Model, bool)
	ModelFor(agentID, override string) (catalog.Model, error)
	DefaultAgentID() string
}

// Sessions is what the slash commands ask of the transcript store
// (*transcript.Store).
type Sessions interface {
	Get(ctx context.Context, key string) (transcript.Entry, bool, error)
	Reset(ctx context.Context, key string) (transcript.Entry, *transcript.Archive, error)
	Patch(ctx context.Context, key string, c transcript.Changes) (transcript.Entry, error)
}

// Deps is what the methods need.
type Deps struct {
	Runtime  *agent.Runtime
	Models   Models
	Sessions Sessions
	// Subscriptions registers nodes' chat subscriptions (the hub).
	Subscriptions SessionSubscriptions
	// Manifest judges authorization (protocol.Manifest when nil).
	Manifest *rpc.Manifest
	// Now is the clock (time.Now when nil); StartedAt is when the gateway
	// started, for /status.
	Now       func() time.Time
	StartedAt time.Time
	// StorePath is the state database's path; a final result's
	// agentMeta.sessionFile names the transcript in it
	// (transcript.Locator).
	StorePath string
}

// Service holds the methods of the agent, chat and commands domains.
type Service struct {
	d Deps
}

// New returns the methods over d.
func New(d Deps) *Service {
	if d.Manifest == nil {
		d.Manifest = &protocol.Manifest
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.StartedAt.IsZero() {
		d.StartedAt = d.Now()
	}
	return &Service{d: d}
}

// Register registers the agent, chat and commands domains in r.
func (s *Service) Register(r *rpc.Registry) error {
	return errors.Join(
		protocol.RegisterAgent(r, agentMethods{s}),
		protocol.RegisterChat(r, chatMethods{s: s}),
		protocol.RegisterCommands(r, commandMethods{s}),
	)
}

// agentMethods serves the agent domain.
type agentMethods struct{ s *Service }

// chatMethods serves the chat domain's run methods; chat.history and
// chat.inject belong to the transcript methods.
type chatMethods struct {
	protocol.UnimplementedChatHandler
	s *Service
}

// Serves lists the chat methods served here.
func (chatMethods) Serves() []string {
	return []string{protocol.MethodChatSend, protocol.MethodChatAbort, protocol.MethodSend}
}

// commandMethods serves the commands domain.
type commandMethods struct{ s *Service }

// nowMs is the clock in epoch milliseconds.
func (s *Service) nowMs() int64 { return s.d.Now().UnixMilli() }
