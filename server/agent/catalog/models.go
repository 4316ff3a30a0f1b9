package catalog

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	genconfig "github.com/gatewire/gatewire/gen/go/config"
	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/config"
)

// DefaultContextWindow is the context window of a model whose config
// gives none (v3's default, which its models.list reports).
const DefaultContextWindow = 200000

// ErrNoModel is wrapped by the errors of ModelFor when no model can be
// chosen (none configured, or the reference names no configured model).
var ErrNoModel = errors.New("no model")

// errNoProvider is ModelFor's error when the config has no provider.
var errNoProvider = fmt.Errorf("%w: no model provider is configured; set models.providers.<id> (baseUrl, api, apiKey, models[].id) "+
	"and agents.defaults.model.primary (\"<provider>/<model>\") in the config file", ErrNoModel)

// Models returns every configured model, providers sorted by id, each
// provider's models in config order.
func (c *Catalog) Models() []Model {
	return modelsOf(c.cfg())
}

// Model returns the configured model with reference "<provider>/<id>".
func (c *Catalog) Model(ref string) (Model, bool) {
	for _, m := range c.Models() {
		if m.Ref == ref {
			return m, true
		}
	}
	return Model{}, false
}

// ModelFor picks the model of a turn of agent agentID: override (a
// session's /model or sessions.patch model) when not empty, else the
// agent's model, else agents.defaults.model, else the first configured
// model. With no provider configured the error names the config keys to
// set. A reference is "<provider>/<id>"; a bare id is taken when exactly
// one provider lists it; a model a configured provider does not list is
// used as named (its limits unknown). Anything else is "Unknown model".
func (c *Catalog) ModelFor(agentID, override string) (Model, error) {
	cfg := c.cfg()
	if len(cfg.Models.Providers) == 0 {
		return Model{}, errNoProvider
	}
	models := modelsOf(cfg)
	ref := strings.TrimSpace(override)
	if ref == "" {
		ref = primaryOf(cfg.Agents.Defaults.Model)
		for _, a := range c.agentsOf(cfg) {
			if a.ID == agentID {
				ref = a.Model
			}
		}
	}
	if ref == "" {
		if len(models) == 0 {
			return Model{}, fmt.Errorf("%w: the configured providers list no models; set models.providers.<id>.models[].id "+
				"or agents.defaults.model.primary (\"<provider>/<model>\") in the config file", ErrNoModel)
		}
		return models[0], nil
	}
	return resolve(cfg, models, ref)
}

// resolve finds the model a reference names.
func resolve(cfg config.Config, models []Model, ref string) (Model, error) {
	for _, m := range models {
		if m.Ref == ref {
			return m, nil
		}
	}
	provID, id, hasProvider := strings.Cut(ref, "/")
	if !hasProvider {
		var found []Model
		for _, m := range models {
			if m.ID == ref {
				found = append(found, m)
			}
		}
		if len(found) == 1 {
			return found[0], nil
		}
		return Model{}, fmt.Errorf("%w: Unknown model: %s (name it as \"<provider>/<model>\")", ErrNoModel, ref)
	}
	if p, ok := cfg.Models.Providers[provID]; ok && id != "" {
		return Model{Ref: ref, Provider: provID, ID: id, Name: id, API: providerAPI(p), Input: []string{"text"}, ContextWindow: DefaultContextWindow}, nil
	}
	return Model{}, fmt.Errorf("%w: Unknown model: %s (no provider %q in models.providers)", ErrNoModel, ref, provID)
}

// modelsOf lists the models of one configuration.
func modelsOf(cfg config.Config) []Model {
	ids := make([]string, 0, len(cfg.Models.Providers))
	for id := range cfg.Models.Providers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []Model
	for _, pid := range ids {
		p := cfg.Models.Providers[pid]
		for _, pm := range p.Models {
			out = append(out, modelOf(pid, p, pm))
		}
	}
	return out
}

// modelOf is one configured model with its defaults applied.
func modelOf(pid string, p genconfig.ModelProvider, pm genconfig.ProviderModel) Model {
	m := Model{
		Ref: pid + "/" + pm.ID, Provider: pid, ID: pm.ID, Name: deref(pm.Name), API: providerAPI(p),
		ContextWindow: deref(pm.ContextWindow), MaxTokens: deref(pm.MaxTokens), Reasoning: deref(pm.Reasoning),
		Input: []string{"text"},
	}
	if m.Name == "" {
		m.Name = pm.ID
	}
	if m.ContextWindow == 0 {
		m.ContextWindow = DefaultContextWindow
	}
	if pm.API != nil {
		m.API = string(*pm.API)
	}
	if len(pm.Input) > 0 {
		m.Input = make([]string, len(pm.Input))
		for i, in := range pm.Input {
			m.Input[i] = string(in)
		}
	}
	if k := pm.Cost; k != nil {
		m.Cost = Cost{Input: deref(k.Input), Output: deref(k.Output), CacheRead: deref(k.CacheRead), CacheWrite: deref(k.CacheWrite)}
	}
	return m
}

// providerAPI is a provider's wire API, openai-completions by default.
func providerAPI(p genconfig.ModelProvider) string {
	if p.API != nil {
		return string(*p.API)
	}
	return provider.APIOpenAICompletions
}
