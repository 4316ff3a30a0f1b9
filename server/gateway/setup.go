package gateway

import (
	"context"
	"io"
	"net"
	"os"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/metrics"
	"github.com/gatewire/gatewire/server/session"
	"github.com/gatewire/gatewire/server/statedir"
)

// Authenticator authenticates a connect request whose params passed
// schema validation: it returns the connection's session and the hello-ok
// auth block, or an error (an *engine.Refusal controls the reply and the
// close).
type Authenticator interface {
	Authenticate(ctx context.Context, c *engine.Conn, p *protocol.ConnectParams) (*session.Session, *protocol.HelloAuth, error)
}

// Setup is what a gateway starts from.
type Setup struct {
	// StateDir holds the config file (by default), logs, identity, the
	// generated token and the store; it is created (0700) if missing.
	StateDir statedir.Dir
	// ConfigPath is the config file; empty means StateDir's default.
	// ConfigExplicit makes a missing file an error.
	ConfigPath     string
	ConfigExplicit bool
	// Overrides are flag and environment values above the config file.
	Overrides config.Overrides
	// Stdout receives the text log; nil discards it.
	Stdout io.Writer
	// Listener, when set, is served instead of listening on the
	// configured bind and port.
	Listener net.Listener
	// Force frees the port when another gatewire gateway holds it.
	Force bool
	// Authenticator replaces the built-in connect authentication. Hub
	// and Sessions, when set, are the connection hub and session registry
	// it was built with (the gateway makes its own otherwise): the hub
	// must serve protocol.Manifest.
	Authenticator Authenticator
	// MaxPreauthSocketsPerIP caps the sockets per client address that have
	// not completed a connect handshake, idle HTTP keep-alive sockets
	// included (0: the protocol's 32).
	MaxPreauthSocketsPerIP int
	Hub                    *engine.Hub
	Sessions               *session.Registry
	// Metrics, when set and gateway.metrics.enabled is on, is the
	// registry the gateway records into instead of a new one: a process
	// that rebuilds its gateway in place keeps its counters (the families
	// are registered once, by metrics.New).
	Metrics *metrics.Metrics
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Getenv reads the environment (provider API keys such as
	// OPENAI_API_KEY, HOME); nil means os.Getenv.
	Getenv func(string) string
}

func (s Setup) withDefaults() Setup {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Getenv == nil {
		s.Getenv = os.Getenv
	}
	if s.MaxPreauthSocketsPerIP <= 0 {
		s.MaxPreauthSocketsPerIP = int(protocol.Manifest.Policy.MaxPreauthSocketsPerIP)
	}
	if s.ConfigPath == "" {
		s.ConfigPath = s.StateDir.ConfigFile()
	}
	return s
}
