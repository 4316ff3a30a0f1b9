// Package skills serves the skills domain: skills.status. gatewire's agent
// runtime loads no skills (no SKILL.md folders, no bundled or managed
// skills), so an agent's inventory is empty: the real answer for it, with
// the agent's workspace as v3 names it.
package skills

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/agent/catalog"
)

// Handlers serves the skills domain.
type Handlers struct {
	catalog *catalog.Catalog
}

// New returns the skills handlers over the agent catalog.
func New(c *catalog.Catalog) *Handlers { return &Handlers{catalog: c} }

// SkillsStatus answers skills.status for agentId (default: the default
// agent): its workspace and no skills; an unknown agent is an error.
func (h *Handlers) SkillsStatus(_ context.Context, _ *rpc.Call, p *protocol.SkillsStatusParams) (*protocol.SkillsStatusResult, error) {
	id := h.catalog.DefaultAgentID()
	if p.AgentID != nil {
		id = strings.ToLower(strings.TrimSpace(*p.AgentID))
	}
	a, ok := h.catalog.Agent(id)
	if !ok {
		return nil, wire.InvalidRequest("unknown agent id %q", id)
	}
	return &protocol.SkillsStatusResult{WorkspaceDir: a.Workspace, Skills: []map[string]json.RawMessage{}}, nil
}
