package agents

import "github.com/gatewire/gatewire/server/agent/catalog"

// Deps is what the agents handlers read.
type Deps struct {
	// Catalog holds the configured agents.
	Catalog *catalog.Catalog
}

// Handlers serves the agents domain.
type Handlers struct{ d Deps }

// New returns the agents handlers.
func New(d Deps) *Handlers { return &Handlers{d: d} }

// mainKey is the main session's key within an agent (agent:<id>:main);
// session.mainKey is not configurable in gatewire.
const mainKey = "main"
