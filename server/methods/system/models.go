package system

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// ModelsList serves models.list: the configured catalog (models.catalog),
// empty when none is configured. Every view lists the same catalog, as
// gatewire knows no models beyond the configured ones.
func (h *Handlers) ModelsList(context.Context, *rpc.Call, *protocol.ModelsListParams) (*protocol.ModelsListResult, error) {
	catalog := h.d.Config().Models.Catalog
	out := make([]protocol.ModelChoice, len(catalog))
	for i, m := range catalog {
		out[i] = protocol.ModelChoice{ID: m.ID, Name: m.Name, Provider: m.Provider, Alias: m.Alias, Reasoning: m.Reasoning}
		if m.ContextWindow != nil {
			cw := int64(*m.ContextWindow)
			out[i].ContextWindow = &cw
		}
	}
	return &protocol.ModelsListResult{Models: out}, nil
}
