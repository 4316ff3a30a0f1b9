package handshake

import (
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/session"
)

// stale reports whether a session authenticated with a shared secret
// (token or password) whose generation is no longer current; such a
// connection must be closed with 4001 "gateway auth changed" before it
// may make another request.
func (h *Handshake) stale(s *session.Session) bool { return s.SecretStale(h.shared.Generation()) }

// CheckConn closes c with 4001 "gateway auth changed" when its session is
// stale and reports whether it is still usable; call it before each
// request.
func (h *Handshake) CheckConn(c *engine.Conn) bool {
	if h.sessions == nil {
		return true
	}
	if s := h.sessions.Of(c.ID()); s != nil && h.stale(s) {
		c.Close(wire.CloseAuthChanged, wire.ReasonAuthChanged)
		return false
	}
	return true
}

// closeStale closes every attached connection whose shared secret has
// changed.
func (h *Handshake) closeStale() {
	if h.hub == nil {
		return
	}
	n := 0
	h.hub.Each(func(c *engine.Conn) bool {
		if !h.CheckConn(c) {
			n++
		}
		return true
	})
	if n > 0 {
		h.log.Info("closed connections authenticated with a replaced gateway secret", "count", n)
	}
}
