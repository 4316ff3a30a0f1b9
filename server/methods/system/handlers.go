// Package system serves the gateway's system methods: health, status,
// system-presence, system-event, logs.tail, gateway.identity.get,
// last-heartbeat, set-heartbeats and wake. Every value they
// return is real: gatewire has no channels, agents or sessions, so those
// parts of the summaries are empty rather than invented.
package system

import (
	"crypto/ed25519"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/health"
	"github.com/gatewire/gatewire/server/heartbeat"
	"github.com/gatewire/gatewire/server/presence"
)

// DefaultAgentID is the agent id the protocol's summaries require; no
// agent runs under it in gatewire.
const DefaultAgentID = "main"

// Deps is what the system handlers read and drive.
type Deps struct {
	// Presence is the presence list, Health the health cache, Heartbeat
	// the heartbeat scheduler (which also holds the queued texts).
	Presence  *presence.Registry
	Health    *health.Cache[protocol.HealthSummary]
	Heartbeat *heartbeat.Scheduler
	// Config returns the effective configuration.
	Config func() config.Config
	// LogFile is the JSON-lines log file; Scrub redacts a log line.
	LogFile string
	Scrub   func(string) string
	// IdentityKey is the gateway's own Ed25519 public key.
	IdentityKey ed25519.PublicKey
	// Version is the gatewire version.
	Version string
	// BroadcastPresence sends the presence list to every connection.
	BroadcastPresence func()
}

// Handlers implements protocol.SystemHandler.
type Handlers struct {
	d Deps
}

// New returns the system handlers.
func New(d Deps) *Handlers { return &Handlers{d: d} }

var (
	_ protocol.SystemHandler = (*Handlers)(nil)
	_ rpc.FastPaths          = (*Handlers)(nil)
)
