package models

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/agent/catalog"
)

// ModelsList serves models.list: every model of models.providers (as
// v3: provider, id, name, contextWindow, reasoning, input), then the
// entries of the deprecated models.catalog that name no provider model.
// Every view lists the same models: gatewire knows no models beyond the
// configured ones, and has no allowlist to narrow them. Protocol 4 adds
// to the provider models available, the thinking levels (gatewire offers
// v3's five on every model) and the default one, and tags ["default"] to
// the default agent's model.
func (h *Handlers) ModelsList(context.Context, *rpc.Call, *protocol.ModelsListParams) (*protocol.ModelsListResult, error) {
	models := h.d.Catalog.Models()
	out := make([]protocol.ModelChoice, 0, len(models))
	seen := make(map[string]bool, len(models))
	usable := h.usableProviders()
	def, _ := h.d.Catalog.ModelFor(h.d.Catalog.DefaultAgentID(), "")
	for _, m := range models {
		seen[m.Ref] = true
		c := choiceOf(m)
		available := usable[m.Provider]
		c.Available, c.ThinkingLevels, c.ThinkingDefault = &available, thinkingLevels(), ptr(m.DefaultThinking())
		if m.Ref == def.Ref {
			c.Tags = []string{"default"}
		}
		out = append(out, c)
	}
	for _, m := range h.d.Config().Models.Catalog {
		if seen[m.Provider+"/"+m.ID] {
			continue
		}
		c := protocol.ModelChoice{ID: m.ID, Name: m.Name, Provider: m.Provider, Alias: m.Alias, Reasoning: m.Reasoning}
		if m.ContextWindow != nil {
			cw := int64(*m.ContextWindow)
			c.ContextWindow = &cw
		}
		out = append(out, c)
	}
	return &protocol.ModelsListResult{Models: out}, nil
}

// choiceOf is a provider model as models.list shows it.
func choiceOf(m catalog.Model) protocol.ModelChoice {
	reasoning := m.Reasoning
	c := protocol.ModelChoice{ID: m.ID, Name: m.Name, Provider: m.Provider, Reasoning: &reasoning, Input: m.Input}
	if m.ContextWindow > 0 {
		cw := int64(m.ContextWindow)
		c.ContextWindow = &cw
	}
	return c
}

// usableProviders says per configured provider whether it can be called:
// not when it needs an API key (no baseUrl) and has none.
func (h *Handlers) usableProviders() map[string]bool {
	creds := h.d.Catalog.Credentials()
	out := make(map[string]bool, len(creds))
	for _, c := range creds {
		out[c.Provider] = !c.Required || c.Source != catalog.CredentialNone
	}
	return out
}

// thinkingLevels are the thinking levels of every model.
func thinkingLevels() []protocol.ThinkingLevel {
	out := make([]protocol.ThinkingLevel, len(catalog.ThinkingLevels))
	for i, l := range catalog.ThinkingLevels {
		out[i] = protocol.ThinkingLevel{ID: l, Label: l}
	}
	return out
}

// ptr returns a pointer to s.
func ptr(s string) *string { return &s }
