package gateway

import (
	"context"
	"fmt"
	"time"

	"github.com/gatewire/gatewire/server/auth"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/handshake"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/store"
)

// authenticator sets up connect authentication: the one Setup gives, or
// the built-in handshake over the pairing store in the state directory.
func (g *Gateway) authenticator() error {
	if g.setup.Authenticator != nil {
		g.authn = g.setup.Authenticator
		return nil
	}
	st, err := store.Open(context.Background(), store.PathIn(g.setup.StateDir.Root()))
	if err != nil {
		return err
	}
	hs, err := handshake.New(handshake.Config{
		Settings: handshakeSettings(g.cfg.Effective()),
		Store:    st, Shared: g.shared, Admitter: g.admitter,
		Hub: g.hub, Sessions: g.sessions,
		Now: g.now, Logger: g.log,
		OnPairingRequest: g.onPairingRequest(),
	})
	if err != nil {
		st.Close()
		return fmt.Errorf("setting up connect authentication: %w", err)
	}
	g.store, g.hs, g.authn = st, hs, hs
	return nil
}

// handshakeSettings maps the effective config to the handshake's.
func handshakeSettings(c config.Config) handshake.Settings {
	rl := c.Gateway.Auth.RateLimit
	return handshake.Settings{
		Auth: secretsOf(c),
		RateLimit: auth.LimitSettings{
			MaxAttempts: rl.MaxAttempts,
			Window:      time.Duration(rl.WindowMs) * time.Millisecond,
			Lockout:     time.Duration(rl.LockoutMs) * time.Millisecond,
		},
		Pairing: pairing.Settings{
			AutoApproveLocal:     c.Gateway.Pairing.AutoApproveLocal,
			NodeAutoApproveLocal: c.Gateway.Nodes.Pairing.AutoApproveLocal,
			NodeAllowCommands:    c.Gateway.Nodes.Commands.Allow,
			NodeDenyCommands:     c.Gateway.Nodes.Commands.Deny,
		},
		Admission: admissionSettings(c),
	}
}

// closeStore closes the pairing store, if the gateway opened one.
func (g *Gateway) closeStore() {
	if g.sessionsSvc != nil {
		g.sessionsSvc.Close()
	}
	if g.store != nil {
		if err := g.store.Close(); err != nil {
			g.log.Warn("closing the pairing store", "err", err)
		}
	}
}
