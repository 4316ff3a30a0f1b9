package models

import (
	"time"

	"github.com/gatewire/gatewire/server/agent/catalog"
	"github.com/gatewire/gatewire/server/config"
)

// Deps is what the models handlers read.
type Deps struct {
	// Catalog holds the configured providers and models.
	Catalog *catalog.Catalog
	// Config returns the effective configuration (for the deprecated
	// models.catalog entries).
	Config func() config.Config
	// Now is the clock.
	Now func() time.Time
}

// Handlers serves the models domain.
type Handlers struct{ d Deps }

// New returns the models handlers.
func New(d Deps) *Handlers { return &Handlers{d: d} }
