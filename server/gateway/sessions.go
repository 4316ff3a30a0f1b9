package gateway

import (
	"strings"

	"github.com/gatewire/gatewire/server/agent/catalog"
	"github.com/gatewire/gatewire/server/methods/sessions"
	"github.com/gatewire/gatewire/server/store"
	"github.com/gatewire/gatewire/server/transcript"
)

// sessionMethods builds the transcript store over the state database and
// the sessions methods over it, the agent catalog and the agent runtime
// (Active, Abort, Summarize; agents.go).
func (g *Gateway) sessionMethods() *sessions.Service {
	g.transcripts = transcript.New(g.store, g.now)
	d := sessions.Deps{
		Transcripts: g.transcripts, Publisher: g.hub, Subscriptions: g.hub,
		StorePath: store.PathIn(g.setup.StateDir.Root()), Now: g.now,
		Active: g.agentActive, Abort: g.agentAbort, Summarize: g.agentSummarize,
	}
	if g.catalog != nil {
		d.Models, d.DefaultAgentID = catalogModels{g.catalog}, g.catalog.DefaultAgentID
	}
	g.sessionsSvc = sessions.New(d)
	return g.sessionsSvc
}

// Transcripts is the gateway's session and transcript store (nil when
// Setup.Authenticator replaced the state database).
func (g *Gateway) Transcripts() *transcript.Store { return g.transcripts }

// catalogModels is the agent catalog as the sessions methods see it.
type catalogModels struct{ c *catalog.Catalog }

// Default is the model an agent's sessions run on without an override.
func (m catalogModels) Default(agentID string) (sessions.Model, bool) {
	cm, err := m.c.ModelFor(agentID, "")
	if err != nil {
		return sessions.Model{}, false
	}
	return sessionsModel(cm), true
}

// Resolve resolves a client's model reference; the error is the
// catalog's text without its sentinel prefix.
func (m catalogModels) Resolve(agentID, ref string) (sessions.Model, error) {
	cm, err := m.c.ModelFor(agentID, ref)
	if err != nil {
		return sessions.Model{}, errorText(strings.TrimPrefix(err.Error(), catalog.ErrNoModel.Error()+": "))
	}
	return sessionsModel(cm), nil
}

// Lookup finds a configured model; a configured model is priced (a cost
// the config leaves out is zero).
func (m catalogModels) Lookup(provider, id string) (sessions.Model, bool) {
	cm, ok := m.c.Model(provider + "/" + id)
	if !ok {
		return sessions.Model{}, false
	}
	return sessionsModel(cm), true
}

// sessionsModel converts a catalog model.
func sessionsModel(m catalog.Model) sessions.Model {
	return sessions.Model{Provider: m.Provider, ID: m.ID, ContextWindow: int64(m.ContextWindow), Reasoning: m.Reasoning,
		Prices: sessions.Prices{Input: m.Cost.Input, Output: m.Cost.Output, CacheRead: m.Cost.CacheRead,
			CacheWrite: m.Cost.CacheWrite}, Priced: true}
}

// errorText is an error that is only its text.
type errorText string

func (e errorText) Error() string { return string(e) }
