package catalog

import (
	"fmt"
	"sort"
	"strings"

	genconfig "github.com/gatewire/gatewire/gen/go/config"
	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/config"
)

// Provider returns the provider client of m's provider, built once per
// settings (API, base URL, key) and rebuilt when the config changes
// them. The API key is models.providers.<id>.apiKey, else the
// conventional environment variable of the API (provider.EnvVar); a
// provider without a base URL (the vendor's public endpoint) must have
// one, as OpenClaw requires.
func (c *Catalog) Provider(m Model) (provider.Provider, error) {
	cfg := c.cfg()
	p, ok := cfg.Models.Providers[m.Provider]
	if !ok {
		return nil, fmt.Errorf("%w: Unknown model: %s (no provider %q in models.providers)", ErrNoModel, m.Ref, m.Provider)
	}
	settings := provider.Config{API: m.API, BaseURL: deref(p.BaseURL), APIKey: c.apiKey(p, m.API)}
	if settings.API == "" {
		settings.API = providerAPI(p)
	}
	if settings.BaseURL == "" && settings.APIKey == "" {
		return nil, &NoKeyError{Provider: m.Provider, EnvVar: provider.EnvVar(settings.API)}
	}
	key := m.Provider + "\x00" + settings.API
	c.mu.Lock()
	defer c.mu.Unlock()
	if cp, ok := c.provs[key]; ok && sameSettings(cp.settings, settings) {
		return cp.client, nil
	}
	client, err := c.newProv(settings)
	if err != nil {
		return nil, err
	}
	for k := range c.provs { // drop the clients of providers the config no longer has
		if pid, _, _ := strings.Cut(k, "\x00"); !hasProvider(cfg, pid) {
			delete(c.provs, k)
		}
	}
	c.provs[key] = cachedProvider{settings: settings, client: client}
	return client, nil
}

// sameSettings compares the settings a client was built with.
func sameSettings(a, b provider.Config) bool {
	return a.API == b.API && a.BaseURL == b.BaseURL && a.APIKey == b.APIKey
}

// apiKey is a provider's key for api: configured, else from the
// environment.
func (c *Catalog) apiKey(p genconfig.ModelProvider, api string) string {
	if k := deref(p.APIKey); k != "" {
		return k
	}
	if name := provider.EnvVar(api); name != "" {
		return c.getenv(name)
	}
	return ""
}

// APIKeys returns every provider API key in use (configured or taken
// from the environment), sorted, for the log redactor.
func (c *Catalog) APIKeys() []string {
	cfg := c.cfg()
	seen := map[string]bool{}
	for _, p := range cfg.Models.Providers {
		apis := []string{providerAPI(p)}
		for _, m := range p.Models {
			if m.API != nil {
				apis = append(apis, string(*m.API))
			}
		}
		for _, api := range apis {
			if k := c.apiKey(p, api); k != "" {
				seen[k] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// hasProvider says whether the config has the provider id.
func hasProvider(cfg config.Config, id string) bool {
	_, ok := cfg.Models.Providers[id]
	return ok
}

// NoKeyError is Provider's error for a provider of a public endpoint
// without an API key; its text is v3's, plus where to set one.
type NoKeyError struct {
	Provider, EnvVar string
}

// Error says which provider lacks a key and where to put one.
func (e *NoKeyError) Error() string {
	return fmt.Sprintf(`No API key found for provider %q. Set models.providers.%s.apiKey in the config file or %s in the gateway's environment`,
		e.Provider, e.Provider, e.EnvVar)
}
