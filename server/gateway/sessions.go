package gateway

import (
	"github.com/gatewire/gatewire/server/methods/sessions"
	"github.com/gatewire/gatewire/server/store"
	"github.com/gatewire/gatewire/server/transcript"
)

// sessionMethods builds the transcript store over the state database and
// the sessions methods over it. The agent runtime's dependencies
// (Active, Abort, Summarize) and the model catalog are wired when they
// exist; until then sessions.compact says it needs a configured model.
func (g *Gateway) sessionMethods() *sessions.Service {
	g.transcripts = transcript.New(g.store, g.now)
	g.sessionsSvc = sessions.New(sessions.Deps{
		Transcripts: g.transcripts, Publisher: g.hub, Subscriptions: g.hub,
		StorePath: store.PathIn(g.setup.StateDir.Root()), Now: g.now,
	})
	return g.sessionsSvc
}

// Transcripts is the gateway's session and transcript store (nil when
// Setup.Authenticator replaced the state database).
func (g *Gateway) Transcripts() *transcript.Store { return g.transcripts }
