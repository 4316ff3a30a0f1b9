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
// configured ones, and has no allowlist to narrow them.
func (h *Handlers) ModelsList(context.Context, *rpc.Call, *protocol.ModelsListParams) (*protocol.ModelsListResult, error) {
	models := h.d.Catalog.Models()
	out := make([]protocol.ModelChoice, 0, len(models))
	seen := make(map[string]bool, len(models))
	for _, m := range models {
		seen[m.Ref] = true
		out = append(out, choiceOf(m))
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
