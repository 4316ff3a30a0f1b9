package admission

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
)

// SocketCap caps, per client address, the sockets that have not completed
// a connect handshake: plain HTTP sockets (an idle keep-alive socket
// counts until it closes) and WebSockets until their handshake ends. A
// socket is counted from the moment it is accepted, so a client cannot
// pile up idle sockets by never sending a request or by keeping them
// alive between requests. Sockets from a configured trusted proxy are not
// counted (a proxy carries many clients; the engine's pre-auth budget
// counts those by forwarded address).
//
// It plugs into http.Server through ConnContext and ConnState; the
// gateway refuses a socket over the cap (see Refused) and releases a
// WebSocket's place with UpgradeDone once its handshake has ended.
type SocketCap struct {
	max   int
	admit *Admitter

	mu      sync.Mutex
	perAddr map[netip.Addr]int
	live    map[net.Conn]*socketSlot // counted sockets still served over HTTP
}

// socketSlot is one accepted socket's place under the cap.
type socketSlot struct {
	cap      *SocketCap
	addr     netip.Addr
	over     bool        // the address was at the cap: the socket is refused
	held     atomic.Bool // the socket counts against its address
	hijacked atomic.Bool // the socket was upgraded to a WebSocket
}

type slotKey struct{}

// NewSocketCap returns a cap of max sockets per address; trusted proxies
// are those of a.
func NewSocketCap(max int, a *Admitter) *SocketCap {
	return &SocketCap{max: max, admit: a, perAddr: map[netip.Addr]int{}, live: map[net.Conn]*socketSlot{}}
}

// Max returns the cap.
func (s *SocketCap) Max() int { return s.max }

// ConnContext is an http.Server.ConnContext hook: it counts an accepted
// socket against its address, or marks it refused when the address is at
// the cap.
func (s *SocketCap) ConnContext(ctx context.Context, c net.Conn) context.Context {
	addr, ok := socketAddr(c)
	if !ok || s.trustedProxy(addr) {
		return ctx
	}
	sl := &socketSlot{cap: s, addr: addr}
	s.mu.Lock()
	if s.perAddr[addr] >= s.max {
		sl.over = true
	} else {
		s.perAddr[addr]++
		sl.held.Store(true)
		s.live[c] = sl
	}
	s.mu.Unlock()
	return context.WithValue(ctx, slotKey{}, sl)
}

// ConnState is an http.Server.ConnState hook: a closed socket gives its
// place back; a hijacked one (a WebSocket upgrade) keeps it until
// UpgradeDone.
func (s *SocketCap) ConnState(c net.Conn, st http.ConnState) {
	if st != http.StateClosed && st != http.StateHijacked {
		return
	}
	s.mu.Lock()
	sl := s.live[c]
	delete(s.live, c)
	s.mu.Unlock()
	switch {
	case sl == nil:
	case st == http.StateHijacked:
		sl.hijacked.Store(true)
	default:
		sl.release()
	}
}

// Refused reports whether r arrived on a socket accepted over the cap,
// which must be answered with 503 and closed.
func (s *SocketCap) Refused(r *http.Request) bool {
	sl := slotOf(r)
	return sl != nil && sl.over
}

// UpgradeDone gives back the place of the socket r arrived on once it
// was upgraded to a WebSocket and its connect handshake has ended
// (engine.Server.ServeHTTP returns then), successfully or not. A request
// that was answered over HTTP instead keeps its socket counted until the
// socket closes.
func (s *SocketCap) UpgradeDone(r *http.Request) {
	if sl := slotOf(r); sl != nil && sl.hijacked.Load() {
		sl.release()
	}
}

// Authenticated gives back the place of the socket r arrived on once a
// request on it presented valid gateway credentials over plain HTTP (the
// OpenAI-compatible API): the socket is no longer unauthenticated, so a
// client may keep many such requests streaming at once.
func (s *SocketCap) Authenticated(r *http.Request) {
	slotOf(r).release()
}

// release gives the slot's place back, once.
func (sl *socketSlot) release() {
	if sl == nil || !sl.held.CompareAndSwap(true, false) {
		return
	}
	s := sl.cap
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perAddr[sl.addr] <= 1 {
		delete(s.perAddr, sl.addr)
		return
	}
	s.perAddr[sl.addr]--
}

// slotOf returns the slot of the socket r arrived on, or nil.
func slotOf(r *http.Request) *socketSlot {
	sl, _ := r.Context().Value(slotKey{}).(*socketSlot)
	return sl
}

// trustedProxy reports whether addr is a configured trusted proxy.
func (s *SocketCap) trustedProxy(addr netip.Addr) bool {
	if s.admit == nil {
		return false
	}
	s.admit.mu.RLock()
	defer s.admit.mu.RUnlock()
	return s.admit.trusted(addr)
}

// socketAddr returns a socket's peer address, unmapped.
func socketAddr(c net.Conn) (netip.Addr, bool) {
	if t, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		return t.AddrPort().Addr().Unmap(), true
	}
	ap, err := netip.ParseAddrPort(c.RemoteAddr().String())
	if err != nil {
		return netip.Addr{}, false
	}
	return ap.Addr().Unmap(), true
}
