package handshake

import (
	"errors"
	"log/slog"
	"time"

	"github.com/gatewire/gatewire/server/admission"
	"github.com/gatewire/gatewire/server/auth"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/session"
	"github.com/gatewire/gatewire/server/store"
)

// Settings are everything configurable about connect authentication.
type Settings struct {
	// Auth is the shared-secret mode and secret.
	Auth auth.Secrets
	// RateLimit configures the failed-auth limiter (zero fields default
	// to 10 failures per minute, 5 minutes lockout).
	RateLimit auth.LimitSettings
	// Pairing holds the silent-approval switches and node command policy.
	Pairing pairing.Settings
	// Admission holds trusted proxies and allowed browser origins.
	Admission admission.Settings
}

// Config configures a Handshake.
type Config struct {
	Settings Settings
	// Store holds pairing state (required).
	Store *store.Store
	// Shared and Admitter, when set, are used instead of ones built from
	// Settings (for a gateway that already owns them); Update then
	// updates them too.
	Shared   *auth.Shared
	Admitter *admission.Admitter
	// Hub is where the connections it authenticates live: pairing events
	// are published there and sockets of removed devices or stale
	// secrets are closed there (nil for neither).
	Hub pairing.Hub
	// Sessions finds the session of a connection (nil for none).
	Sessions *session.Registry
	// Now is the clock (default time.Now); Logger gets refusal and audit
	// lines (default slog.Default()).
	Now    func() time.Time
	Logger *slog.Logger
	// OnPairingRequest is pairing.Config.OnRequest (nil for none).
	OnPairingRequest func(kind string)
}

// Handshake authenticates connect requests.
type Handshake struct {
	shared   *auth.Shared
	admitter *admission.Admitter
	limiter  *auth.Limiter
	pairing  *pairing.Service
	now      func() time.Time
	log      *slog.Logger
	hub      pairing.Hub
	sessions *session.Registry
}

// New builds a Handshake.
func New(cfg Config) (*Handshake, error) {
	if cfg.Store == nil {
		return nil, errors.New("handshake: a store is required")
	}
	h := &Handshake{shared: cfg.Shared, admitter: cfg.Admitter, hub: cfg.Hub, sessions: cfg.Sessions, now: cfg.Now, log: cfg.Logger}
	if h.now == nil {
		h.now = time.Now
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	var err error
	if h.shared == nil {
		if h.shared, err = auth.NewShared(cfg.Settings.Auth); err != nil {
			return nil, err
		}
	}
	if h.admitter == nil {
		if h.admitter, err = admission.New(cfg.Settings.Admission); err != nil {
			return nil, err
		}
	}
	h.limiter = auth.NewLimiter(cfg.Settings.RateLimit, h.now)
	h.pairing, err = pairing.New(pairing.Config{Store: cfg.Store, Settings: cfg.Settings.Pairing, Hub: cfg.Hub, Now: h.now, Logger: h.log,
		OnRequest: cfg.OnPairingRequest})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// Update applies new settings (a config reload). When the shared secret
// changed, connections that authenticated with the old one are closed
// with 4001 "gateway auth changed". Nothing changes when a setting is
// invalid.
func (h *Handshake) Update(s Settings) error {
	if err := s.Auth.Validate(); err != nil {
		return err
	}
	if err := h.admitter.Update(s.Admission); err != nil {
		return err
	}
	h.limiter.Update(s.RateLimit)
	h.pairing.Update(s.Pairing)
	changed, _ := h.shared.Update(s.Auth) // validated above
	if changed {
		h.closeStale()
	}
	return nil
}

// Admitter returns the upgrade admission; its Admit method is the
// engine's Admit hook.
func (h *Handshake) Admitter() *admission.Admitter { return h.admitter }

// Pairing returns the pairing service (its Devices and Nodes handlers
// serve the device and node pairing methods).
func (h *Handshake) Pairing() *pairing.Service { return h.pairing }

// Limiter returns the failed-auth limiter, which the gateway's HTTP
// endpoints share so that failures count across both.
func (h *Handshake) Limiter() *auth.Limiter { return h.limiter }
