package pairing

import (
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/store"
)

// PendingTTL is how long a pending request lives after it was created or
// last refreshed.
const PendingTTL = 5 * time.Minute

// Settings are the pairing switches an operator configures.
type Settings struct {
	// AutoApproveLocal lets local operator devices pair silently (v3
	// rules); false makes every device wait for an operator.
	AutoApproveLocal bool
	// NodeAutoApproveLocal does the same for devices connecting as nodes.
	NodeAutoApproveLocal bool
	// NodeAllowCommands and NodeDenyCommands adjust the node command
	// allowlist of every platform.
	NodeAllowCommands []string
	NodeDenyCommands  []string
}

// DefaultSettings are the settings of a fresh gateway: local devices pair
// silently, nodes get their platform's default commands.
func DefaultSettings() Settings {
	return Settings{AutoApproveLocal: true, NodeAutoApproveLocal: true}
}

// Hub is where pairing sends events and finds sockets to close;
// *engine.Hub implements it.
type Hub interface {
	rpc.Publisher
	Each(fn func(*engine.Conn) bool)
}

// Config configures a Service.
type Config struct {
	Store    *store.Store
	Settings Settings
	// Hub receives pairing's events and closes removed devices' sockets;
	// nil drops the events (nobody is connected).
	Hub Hub
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger receives audit lines (default slog.Default()).
	Logger *slog.Logger
	// OnRequest, when set, is called for every new pairing request that
	// is announced (device.pair.requested, node.pair.requested) with its
	// kind, RequestDevice or RequestNode (the gateway's metrics).
	OnRequest func(kind string)
}

// The kinds of pairing request OnRequest reports.
const (
	RequestDevice = "device"
	RequestNode   = "node"
)

// Service is the pairing state and its rules.
type Service struct {
	store    *store.Store
	now      func() time.Time
	log      *slog.Logger
	settings atomic.Pointer[Settings]
	emit     *emitters // nil without a hub
	conns    Hub
	onReq    func(kind string) // nil: nobody counts requests
}

// New returns a Service over cfg.Store.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, errors.New("pairing: a store is required")
	}
	s := &Service{store: cfg.Store, now: cfg.Now, log: cfg.Logger, onReq: cfg.OnRequest}
	if cfg.Hub != nil {
		s.emit, s.conns = newEmitters(cfg.Hub), cfg.Hub
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.Update(cfg.Settings)
	return s, nil
}

// Update replaces the settings (a config reload).
func (s *Service) Update(next Settings) {
	next.NodeAllowCommands = append([]string(nil), next.NodeAllowCommands...)
	next.NodeDenyCommands = append([]string(nil), next.NodeDenyCommands...)
	s.settings.Store(&next)
}

// Settings returns the current settings.
func (s *Service) Settings() Settings { return *s.settings.Load() }

// nowMs returns the clock in epoch milliseconds.
func (s *Service) nowMs() int64 { return s.now().UnixMilli() }

// pendingCutoff returns the oldest ts a live pending request may have.
func (s *Service) pendingCutoff() int64 { return s.nowMs() - PendingTTL.Milliseconds() }
