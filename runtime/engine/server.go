package engine

import (
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatewire/gatewire/runtime/dedupe"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// Server accepts and serves gateway connections. Mount it (it is an
// http.Handler) on the path that takes WebSocket upgrades.
type Server struct {
	cfg     Config
	methods map[string]rpc.MethodSpec
	// byVersion holds the method specs of each accepted protocol version
	// (the manifest's view at that version); nil when the manifest
	// declares no versions, and methods then serves every connection.
	byVersion map[int]map[string]rpc.MethodSpec
	handlers  map[string]rpc.HandlerFunc
	hub       *Hub
	dedupe    *dedupe.Cache
	budget    *preauthBudget
	log       *slog.Logger
	obs       *observer // nil: nothing is recorded

	mu      sync.RWMutex
	sockets map[*Conn]struct{} // every accepted socket
	// nSockets mirrors the map's size, so that counting never waits for
	// the lock (thousands of sockets closing at once hold it in turn).
	nSockets atomic.Int64

	activity atomic.Uint64 // handshakes and requests handled

	// inlineBudget is how long a request may run on its connection's
	// reader before reading moves to a new goroutine (see inline.go).
	inlineBudget time.Duration
	// slowCloseTimeout bounds the close handshake with a slow consumer
	// (see conn.go).
	slowCloseTimeout time.Duration

	stopping atomic.Bool
	stop     chan struct{}
	loops    sync.WaitGroup
}

// New returns a Server for cfg and starts its tick and ping loops; call
// Shutdown to stop them.
func New(cfg Config) (*Server, error) {
	if cfg.Manifest == nil || cfg.Validator == nil || cfg.Registry == nil || cfg.Handshaker == nil {
		return nil, errors.New("engine: Manifest, Validator, Registry and Handshaker are required")
	}
	if cfg.Registry.Manifest() != cfg.Manifest {
		return nil, errors.New("engine: the registry serves another manifest")
	}
	cfg = cfg.withDefaults()
	if cfg.Hub == nil {
		cfg.Hub = NewHub(cfg.Manifest, cfg.Logger)
	} else if cfg.Hub.m != cfg.Manifest {
		return nil, errors.New("engine: the hub serves another manifest")
	}
	s := &Server{
		cfg:      cfg,
		methods:  make(map[string]rpc.MethodSpec, len(cfg.Manifest.Methods)),
		handlers: cfg.Registry.Handlers(),
		hub:      cfg.Hub,
		dedupe:   dedupe.New(time.Duration(cfg.Policy.DedupeTTLMs)*time.Millisecond, int(cfg.Policy.DedupeMax), cfg.Now),
		budget:   newPreauthBudget(int(cfg.Policy.MaxPreauthSocketsPerIP)),
		log:      cfg.Logger,
		sockets:  map[*Conn]struct{}{},
		stop:     make(chan struct{}),

		inlineBudget:     inlineBudget,
		slowCloseTimeout: slowCloseTimeout,
	}
	for _, m := range cfg.Manifest.Methods {
		s.methods[m.Name] = m
	}
	s.byVersion = methodsByVersion(cfg.Manifest)
	s.obs = s.newObserver(cfg.Observer)
	// The engine itself sends these.
	for _, e := range []string{eventConnectChallenge, eventTick, eventShutdown} {
		s.hub.Bind(e)
	}
	s.startLoops()
	return s, nil
}

// Activity returns the number of handshakes and requests the server has
// handled. It only grows; memory housekeeping uses it to tell a busy
// gateway from an idle one.
func (s *Server) Activity() uint64 { return s.activity.Load() }

// Policy returns the effective limits and timers.
func (s *Server) Policy() rpc.Policy { return s.cfg.Policy }

// Hub returns the server's open connections and event publisher.
func (s *Server) Hub() *Hub { return s.hub }

// Each calls fn for every connection past its handshake until fn returns
// false.
func (s *Server) Each(fn func(*Conn) bool) { s.hub.Each(fn) }

// Count returns the number of accepted sockets and of those past the
// handshake.
func (s *Server) Count() (sockets, open int) {
	return int(s.nSockets.Load()), s.hub.Len()
}

// openConns returns a snapshot of the connections past the handshake.
func (s *Server) openConns() []*Conn { return s.hub.snapshot() }

// allSockets returns a snapshot of every accepted socket.
func (s *Server) allSockets() []*Conn {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*Conn, 0, len(s.sockets))
	for c := range s.sockets {
		out = append(out, c)
	}
	return out
}

func (s *Server) addSocket(c *Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping.Load() {
		return false
	}
	s.sockets[c] = struct{}{}
	s.nSockets.Store(int64(len(s.sockets)))
	return true
}

// markOpen registers c for events and, under the hub's lock, queues its
// hello reply: a broadcast either misses c or reaches it after the hello.
func (s *Server) markOpen(c *Conn, sendHello func()) bool {
	return s.hub.add(c, sendHello)
}

// remove forgets a socket and reports whether it had been open.
func (s *Server) remove(c *Conn) (wasOpen bool) {
	s.mu.Lock()
	delete(s.sockets, c)
	s.nSockets.Store(int64(len(s.sockets)))
	s.mu.Unlock()
	return s.hub.remove(c)
}
