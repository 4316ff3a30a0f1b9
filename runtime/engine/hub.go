package engine

import (
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/gatewire/gatewire/runtime/rpc"
)

// Hub is the set of a server's open connections and the in-process
// rpc.Publisher and rpc.Subscriptions over them. It is built before the
// server, so that every producer of events is built with it; the server
// adds a connection once its handshake succeeds and removes it when it
// closes, which also forgets its subscriptions.
//
// Locks: mu guards the connection sets; subs.mu the subscriptions; a
// goroutine never holds both (subscriptions are read under their own
// lock and then sent to outside any).
type Hub struct {
	m   *rpc.Manifest
	log *slog.Logger

	mu     sync.RWMutex
	open   map[*Conn]struct{}
	byID   map[string]*Conn
	byNode map[string][]*Conn // node connections by node (device) id
	closed bool               // the server is shutting down: no more connections
	nOpen  atomic.Int64

	subs  subscriptions
	bound sync.Map // event name → struct{}: events some producer emits

	events eventRecorders // set by the server when it records deliveries
}

var (
	_ rpc.Publisher     = (*Hub)(nil)
	_ rpc.Subscriptions = (*Hub)(nil)
)

// NewHub returns an empty hub for the events of m.
func NewHub(m *rpc.Manifest, log *slog.Logger) *Hub {
	if log == nil {
		log = slog.Default()
	}
	return &Hub{m: m, log: log, open: map[*Conn]struct{}{}, byID: map[string]*Conn{}, byNode: map[string][]*Conn{},
		subs: newSubscriptions()}
}

// Bind records that a producer of event exists.
func (h *Hub) Bind(event string) { h.bound.Store(event, struct{}{}) }

// Events returns the events some producer emits, in manifest order.
func (h *Hub) Events() []string { return h.EventsAt(0) }

// EventsAt is Events at protocol version v: the bound events that exist
// at v (0: every version).
func (h *Hub) EventsAt(v int) []string {
	out := []string{}
	for _, e := range h.m.Events {
		if _, ok := h.bound.Load(e.Name); ok && (v == 0 || e.AppliesTo(v)) {
			out = append(out, e.Name)
		}
	}
	return out
}

// Len returns the number of open connections.
func (h *Hub) Len() int { return int(h.nOpen.Load()) }

// Each calls fn for every open connection until fn returns false.
func (h *Hub) Each(fn func(*Conn) bool) {
	for _, c := range h.snapshot() {
		if !fn(c) {
			return
		}
	}
}

// Conn returns the open connection with the given id.
func (h *Hub) Conn(id string) (*Conn, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	c, ok := h.byID[id]
	return c, ok
}

// snapshot returns the open connections.
func (h *Hub) snapshot() []*Conn {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]*Conn, 0, len(h.open))
	for c := range h.open {
		out = append(out, c)
	}
	return out
}

// add opens c, running sendHello under the lock; it refuses once the
// server is shutting down.
func (h *Hub) add(c *Conn, sendHello func()) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	sendHello()
	h.open[c] = struct{}{}
	h.byID[c.id] = c
	if id, ok := nodeID(c); ok {
		h.byNode[id] = append(h.byNode[id], c)
	}
	h.nOpen.Store(int64(len(h.open)))
	return true
}

// nodeID is the node id of a node connection; ok is false for any other.
func nodeID(c *Conn) (string, bool) {
	p := c.Peer()
	if p == nil || p.Role != rpc.RoleNode || p.Identity.DeviceID == "" {
		return "", false
	}
	return p.Identity.DeviceID, true
}

// NodeConns returns the open connections of a node (by its device id).
func (h *Hub) NodeConns(nodeID string) []*Conn {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return slices.Clone(h.byNode[nodeID])
}

// remove forgets c and its subscriptions and reports whether it was open.
func (h *Hub) remove(c *Conn) bool {
	h.mu.Lock()
	_, was := h.open[c]
	delete(h.open, c)
	if h.byID[c.id] == c {
		delete(h.byID, c.id)
	}
	if id, ok := nodeID(c); ok {
		if rest := slices.DeleteFunc(h.byNode[id], func(x *Conn) bool { return x == c }); len(rest) > 0 {
			h.byNode[id] = rest
		} else {
			delete(h.byNode, id)
		}
	}
	h.nOpen.Store(int64(len(h.open)))
	h.mu.Unlock()
	if was {
		h.subs.forget(c)
	}
	return was
}

// closeDoors refuses every later connection.
func (h *Hub) closeDoors() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
}
