package agents

import (
	"context"
	"sort"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/agent/catalog"
)

// AgentsList serves agents.list: the default agent first, then the others
// by id, as v3 orders them; each with its name and identity when
// configured, its workspace and its model. The session scope is v3's
// default, "per-sender"; protocol 4's ownership is "sole" (one gateway-wide
// list) and no client has to pick an agent first, and each agent whose
// model resolves adds the thinking levels sessions may use and the
// default one.
func (h *Handlers) AgentsList(context.Context, *rpc.Call, *protocol.AgentsListParams) (*protocol.AgentsListResult, error) {
	agents := h.d.Catalog.Agents()
	sort.SliceStable(agents, func(a, b int) bool {
		if agents[a].Default != agents[b].Default {
			return agents[a].Default
		}
		return agents[a].ID < agents[b].ID
	})
	out := make([]protocol.AgentSummary, len(agents))
	for i, a := range agents {
		out[i] = summaryOf(a)
		if m, err := h.d.Catalog.ModelFor(a.ID, ""); err == nil {
			addThinking(&out[i], m)
		}
	}
	ownership, selectionRequired := protocol.AgentsListResultOwnershipSole, false
	return &protocol.AgentsListResult{
		DefaultID: h.d.Catalog.DefaultAgentID(), MainKey: mainKey,
		Scope: protocol.AgentsListResultScopePerSender, Agents: out,
		Ownership: &ownership, SelectionRequired: &selectionRequired,
	}, nil
}

// summaryOf is an agent as agents.list shows it; a local avatar file
// inside the workspace comes as a data: URL, as in v3.
func summaryOf(a catalog.Agent) protocol.AgentSummary {
	s := protocol.AgentSummary{ID: a.ID, Name: optional(a.Name), Workspace: optional(a.Workspace)}
	if a.Model != "" {
		s.Model = &protocol.AgentSummaryModel{Primary: optional(a.Model)}
	}
	if id := a.Identity; id != (catalog.Identity{}) {
		s.Identity = &protocol.AgentSummaryIdentity{
			Name: optional(id.Name), Theme: optional(id.Theme), Emoji: optional(id.Emoji), Avatar: optional(id.Avatar),
		}
		switch av := strings.TrimSpace(id.Avatar); {
		case isHTTPURL(av) || isDataURL(av):
			s.Identity.AvatarURL = optional(av)
		default:
			s.Identity.AvatarURL = optional(avatarDataURL(a.Workspace, av))
		}
	}
	return s
}

// optional returns a pointer to s, nil for "".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// addThinking sets the thinking members of an agent on model m: v3's five
// levels (gatewire offers them on every model) and m's default.
func addThinking(s *protocol.AgentSummary, m catalog.Model) {
	s.ThinkingLevels = make([]protocol.ThinkingLevel, len(catalog.ThinkingLevels))
	for i, l := range catalog.ThinkingLevels {
		s.ThinkingLevels[i] = protocol.ThinkingLevel{ID: l, Label: l}
	}
	s.ThinkingOptions = append([]string(nil), catalog.ThinkingLevels...)
	s.ThinkingDefault = optional(m.DefaultThinking())
}
