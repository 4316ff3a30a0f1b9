package gateway

import "github.com/gatewire/gatewire/server/openaihttp"

// buildOpenAI builds the OpenAI-compatible HTTP endpoints over the
// gateway's agent runtime, so HTTP runs share its run registry (chat.abort
// and agent.wait see them). Without the state database
// (Setup.Authenticator) there is no runtime and no endpoints.
func (g *Gateway) buildOpenAI() {
	if g.agents.runtime == nil {
		return
	}
	g.openai = openaihttp.New(openaihttp.Deps{
		Config: g.cfg.Effective, Catalog: g.catalog, Runner: g.agents.runtime,
		Authorize: g.authorizeHTTP, Now: g.now, Log: g.log,
	})
}
