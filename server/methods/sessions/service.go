package sessions

import (
	"context"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/transcript"
)

// Model is what the sessions methods need to know of a configured model.
type Model struct {
	Provider      string
	ID            string
	ContextWindow int64
	Reasoning     bool
	// Prices are US dollars per million tokens.
	Prices Prices
	// Priced is false when the config gives the model no cost.
	Priced bool
}

// Ref is the model's "<provider>/<id>" reference.
func (m Model) Ref() string { return m.Provider + "/" + m.ID }

// Prices are a model's US dollar prices per million tokens.
type Prices struct {
	Input, Output, CacheRead, CacheWrite float64
}

// Models tells the configured models (the agent catalog behind it).
type Models interface {
	// Default is the model agentID's sessions use without an override;
	// ok is false when none is configured.
	Default(agentID string) (m Model, ok bool)
	// Resolve resolves a model reference a client gave for agentID's
	// session ("<provider>/<id>", or a bare id) to a configured model;
	// the error's text is what the client is told.
	Resolve(agentID, ref string) (Model, error)
	// Lookup finds a configured model by provider and id.
	Lookup(provider, id string) (Model, bool)
}

// Deps are what the sessions methods use.
type Deps struct {
	// Transcripts holds sessions and transcripts.
	Transcripts *transcript.Store
	// Publisher sends sessions.changed and chat events.
	Publisher rpc.Publisher
	// Subscriptions registers sessions.subscribe connections.
	Subscriptions rpc.Subscriptions
	// Models are the configured models; nil when the catalog is not
	// wired (sessions.list then reports no defaults, and sessions.patch
	// cannot set a model).
	Models Models
	// Active reports whether a session has a run in progress (nil: never).
	Active func(sessionKey string) bool
	// Abort aborts a session's runs before a reset or delete and returns
	// once they ended, their writes done (nil: none).
	Abort func(ctx context.Context, sessionKey string)
	// Summarize writes compaction summaries (the runtime's Summarize);
	// nil makes sessions.compact say it needs a configured model.
	Summarize transcript.Summarizer
	// StorePath is the state database's path, reported as the session
	// store's path.
	StorePath string
	// DefaultAgentID is the agent of bare session keys ("main" when "").
	DefaultAgentID func() string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Service serves the sessions domain.
type Service struct {
	d       Deps
	changed protocol.SessionsChangedEmitter
	chat    protocol.ChatEmitter
	feed    *feed
}

var _ protocol.SessionsHandler = (*Service)(nil)

// New returns the service and subscribes it to the store's changes, which
// a goroutine of its own sends to sessions.subscribe connections as
// sessions.changed until Close.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &Service{d: d, changed: protocol.NewSessionsChangedEmitter(d.Publisher),
		chat: protocol.NewChatEmitter(d.Publisher), feed: newFeed()}
	d.Transcripts.OnChanges(s.feed.push)
	go s.feed.run(s.onChange)
	return s
}

// Close stops sending sessions.changed.
func (s *Service) Close() { s.feed.stop() }

// canonical resolves a client's session key, or fails with v3's error.
func (s *Service) canonical(key string) (string, error) {
	def := transcript.DefaultAgentID
	if s.d.DefaultAgentID != nil {
		def = s.d.DefaultAgentID()
	}
	k, ok := transcript.Canonical(key, def)
	if !ok {
		return "", invalidKey(key)
	}
	return k, nil
}

// active reports whether key has a run in progress.
func (s *Service) active(key string) bool { return s.d.Active != nil && s.d.Active(key) }

// abort aborts key's runs and waits for them, when the runtime is wired.
func (s *Service) abort(ctx context.Context, key string) {
	if s.d.Abort != nil {
		s.d.Abort(ctx, key)
	}
}

// nowMs is the clock in epoch milliseconds.
func (s *Service) nowMs() int64 { return s.d.Now().UnixMilli() }

// storeFailed turns a store error into the client's UNAVAILABLE error.
func storeFailed(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return unavailable("session store: %v", err)
}
