package models

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/agent/catalog"
)

// ModelsAuthStatus serves models.authStatus. gatewire's credentials are
// API keys (models.providers.<id>.apiKey, else the API's environment
// variable), which do not expire: a provider with one is "static" with
// one api_key profile, "<provider>:config" or "<provider>:env"; a
// provider that needs one (no baseUrl: the vendor's public endpoint) and
// has none is "missing". A provider with a baseUrl and no key (a local
// server) needs no credential and is not listed, as v3 lists only
// providers with credentials or an auth mode. The config is read on
// every call, so refresh changes nothing.
func (h *Handlers) ModelsAuthStatus(context.Context, *rpc.Call, *protocol.ModelsAuthStatusParams) (*protocol.ModelsAuthStatusResult, error) {
	creds := h.d.Catalog.Credentials()
	out := make([]protocol.ModelProviderAuth, 0, len(creds))
	for _, c := range creds {
		if c.Source == catalog.CredentialNone && !c.Required {
			continue
		}
		p := protocol.ModelProviderAuth{Provider: c.Provider, DisplayName: c.Provider, Status: protocol.AuthStatusMissing, Profiles: []protocol.ModelAuthProfile{}}
		if c.Source != catalog.CredentialNone {
			p.Status = protocol.AuthStatusStatic
			p.Profiles = append(p.Profiles, protocol.ModelAuthProfile{
				ProfileID: c.Provider + ":" + string(c.Source), Type: protocol.ModelAuthProfileTypeAPIKey, Status: protocol.AuthStatusStatic,
			})
		}
		out = append(out, p)
	}
	return &protocol.ModelsAuthStatusResult{Ts: h.d.Now().UnixMilli(), Providers: out}, nil
}
