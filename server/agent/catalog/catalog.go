package catalog

import (
	"sync"

	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/config"
)

// DefaultAgentID is the id of the agent that exists when agents.list is
// empty.
const DefaultAgentID = "main"

// Catalog answers what agents and models the configuration holds. It is
// safe for concurrent use.
type Catalog struct {
	cfg      func() config.Config
	getenv   func(string) string
	stateDir string
	newProv  func(provider.Config) (provider.Provider, error)

	mu    sync.Mutex
	provs map[string]cachedProvider // by provider id
}

// cachedProvider is a provider client and the settings it was built with.
type cachedProvider struct {
	settings provider.Config
	client   provider.Provider
}

// Option adjusts a Catalog.
type Option func(*Catalog)

// WithStateDir sets the state directory, under which agents without a
// configured workspace get theirs (<stateDir>/workspace, and
// <stateDir>/workspace-<agentId> for agents other than the default).
func WithStateDir(dir string) Option { return func(c *Catalog) { c.stateDir = dir } }

// New returns a Catalog over the effective configuration cfg (called on
// every query, so reloads apply at once). getenv reads environment
// variables (API keys, HOME); nil means none are set.
func New(cfg func() config.Config, getenv func(string) string, opts ...Option) *Catalog {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	c := &Catalog{cfg: cfg, getenv: getenv, newProv: provider.New, provs: map[string]cachedProvider{}}
	for _, o := range opts {
		o(c)
	}
	return c
}
