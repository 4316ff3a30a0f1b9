package catalog

import (
	"path/filepath"
	"strings"

	"github.com/gatewire/gatewire/server/config"
)

// Agents returns the configured agents in config order; with none
// configured, the one agent "main". Exactly one is Default.
func (c *Catalog) Agents() []Agent {
	return c.agentsOf(c.cfg())
}

// Agent returns the agent with id.
func (c *Catalog) Agent(id string) (Agent, bool) {
	for _, a := range c.Agents() {
		if a.ID == id {
			return a, true
		}
	}
	return Agent{}, false
}

// DefaultAgentID returns the id of the default agent: the first entry
// of agents.list marked default, else the first entry, else "main".
func (c *Catalog) DefaultAgentID() string {
	return defaultAgentID(c.cfg())
}

// defaultAgentID is DefaultAgentID of one configuration.
func defaultAgentID(cfg config.Config) string {
	list := cfg.Agents.List
	for _, e := range list {
		if e.Default != nil && *e.Default {
			return e.ID
		}
	}
	if len(list) > 0 {
		return list[0].ID
	}
	return DefaultAgentID
}

// agentsOf resolves the agents of one configuration.
func (c *Catalog) agentsOf(cfg config.Config) []Agent {
	defaultID := defaultAgentID(cfg)
	d := cfg.Agents.Defaults
	if len(cfg.Agents.List) == 0 {
		return []Agent{{
			ID: DefaultAgentID, Default: true, Workspace: c.workspace(cfg, DefaultAgentID, "", true),
			Model: primaryOf(d.Model), SystemPromptOverride: nonBlank(deref(d.SystemPromptOverride)),
		}}
	}
	out := make([]Agent, 0, len(cfg.Agents.List))
	seen := map[string]bool{}
	for _, e := range cfg.Agents.List {
		if seen[e.ID] { // the first entry of an id wins, as the default does
			continue
		}
		seen[e.ID] = true
		isDefault := e.ID == defaultID
		a := Agent{
			ID: e.ID, Name: deref(e.Name), Default: isDefault,
			Workspace: c.workspace(cfg, e.ID, deref(e.Workspace), isDefault),
			Model:     primaryOf(e.Model),
		}
		if a.Model == "" {
			a.Model = primaryOf(d.Model)
		}
		a.SystemPromptOverride = nonBlank(deref(e.SystemPromptOverride))
		if a.SystemPromptOverride == "" {
			a.SystemPromptOverride = nonBlank(deref(d.SystemPromptOverride))
		}
		if id := e.Identity; id != nil {
			a.Identity = Identity{Name: deref(id.Name), Emoji: deref(id.Emoji), Avatar: deref(id.Avatar), Theme: deref(id.Theme)}
		}
		out = append(out, a)
	}
	return out
}

// workspace resolves an agent's workspace as OpenClaw does: its own
// setting; else, for the default agent, agents.defaults.workspace or
// <stateDir>/workspace; else <agents.defaults.workspace>/<id> or
// <stateDir>/workspace-<id>.
func (c *Catalog) workspace(cfg config.Config, id, own string, isDefault bool) string {
	if own = strings.TrimSpace(own); own != "" {
		return c.userPath(own)
	}
	fallback := strings.TrimSpace(deref(cfg.Agents.Defaults.Workspace))
	switch {
	case isDefault && fallback != "":
		return c.userPath(fallback)
	case isDefault:
		return c.userPath(filepath.Join(c.stateDir, "workspace"))
	case fallback != "":
		return filepath.Join(c.userPath(fallback), id)
	}
	return c.userPath(filepath.Join(c.stateDir, "workspace-"+id))
}

// userPath expands a leading ~ to the home directory (HOME) and makes the
// path absolute and clean.
func (c *Catalog) userPath(p string) string {
	if home := c.getenv("HOME"); home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		p = filepath.Join(home, p[1:])
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// primaryOf returns the model reference of a model selection: the string,
// or the object's primary.
func primaryOf(sel any) string {
	switch v := sel.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		s, _ := v["primary"].(string)
		return strings.TrimSpace(s)
	}
	return ""
}

// nonBlank returns s, or "" when it is only white space.
func nonBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
