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
	events  map[string]rpc.EventSpec
	dedupe  *dedupe.Cache
	budget  *preauthBudget
	log     *slog.Logger

	mu      sync.RWMutex
	sockets map[*Conn]struct{} // every accepted socket
	open    map[*Conn]struct{} // sockets past the handshake
	// nSockets and nOpen mirror the maps' sizes, so that counting never
	// waits for the lock (thousands of sockets closing at once hold it
	// in turn).
	nSockets, nOpen atomic.Int64

	activity atomic.Uint64 // handshakes and requests handled

	// inlineBudget is how long a request may run on its connection's
	// reader before reading moves to a new goroutine (see inline.go).
	inlineBudget time.Duration

	stopping atomic.Bool
	stop     chan struct{}
	loops    sync.WaitGroup
}

// New returns a Server for cfg and starts its tick and ping loops; call
// Shutdown to stop them.
func New(cfg Config) (*Server, error) {
	if cfg.Manifest == nil || cfg.Validator == nil || cfg.Table == nil || cfg.Handshaker == nil {
		return nil, errors.New("engine: Manifest, Validator, Table and Handshaker are required")
	}
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:     cfg,
		methods: make(map[string]rpc.MethodSpec, len(cfg.Manifest.Methods)),
		events:  make(map[string]rpc.EventSpec, len(cfg.Manifest.Events)),
		dedupe:  dedupe.New(time.Duration(cfg.Policy.DedupeTTLMs)*time.Millisecond, int(cfg.Policy.DedupeMax), cfg.Now),
		budget:  newPreauthBudget(int(cfg.Policy.MaxPreauthSocketsPerIP)),
		log:     cfg.Logger,
		sockets: map[*Conn]struct{}{},
		open:    map[*Conn]struct{}{},
		stop:    make(chan struct{}),

		inlineBudget: inlineBudget,
	}
	for _, m := range cfg.Manifest.Methods {
		s.methods[m.Name] = m
	}
	for _, e := range cfg.Manifest.Events {
		s.events[e.Name] = e
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

// Each calls fn for every connection past its handshake until fn returns
// false.
func (s *Server) Each(fn func(*Conn) bool) {
	for _, c := range s.openConns() {
		if !fn(c) {
			return
		}
	}
}

// Count returns the number of accepted sockets and of those past the
// handshake.
func (s *Server) Count() (sockets, open int) {
	return int(s.nSockets.Load()), int(s.nOpen.Load())
}

// openConns returns a snapshot of the connections past the handshake.
func (s *Server) openConns() []*Conn { return s.snapshot(s.open) }

// allSockets returns a snapshot of every accepted socket.
func (s *Server) allSockets() []*Conn { return s.snapshot(s.sockets) }

// snapshot copies one of the server's sets of connections under its lock.
func (s *Server) snapshot(set map[*Conn]struct{}) []*Conn {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*Conn, 0, len(set))
	for c := range set {
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

// markOpen registers c for broadcasts and, under the same lock, queues its
// hello reply: a broadcast either misses c or reaches it after the hello.
func (s *Server) markOpen(c *Conn, sendHello func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping.Load() {
		return false
	}
	sendHello()
	s.open[c] = struct{}{}
	s.nOpen.Store(int64(len(s.open)))
	return true
}

func (s *Server) remove(c *Conn) (wasOpen bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, wasOpen = s.open[c]
	delete(s.open, c)
	delete(s.sockets, c)
	s.nSockets.Store(int64(len(s.sockets)))
	s.nOpen.Store(int64(len(s.open)))
	return wasOpen
}
