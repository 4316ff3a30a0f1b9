package engine

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/gatewire/gatewire/runtime/transport"
	"github.com/gatewire/gatewire/runtime/wire"
)

// preauthExhausted is the body of the 503 sent when a client address holds
// too many unauthenticated sockets.
const preauthExhausted = "Too many unauthenticated sockets"

// ServeHTTP accepts a WebSocket upgrade and runs the connect handshake
// on the calling goroutine; an open connection goes on being served by a
// goroutine of its own after ServeHTTP returns.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.stopping.Load() {
		http.Error(w, "gateway shutting down", http.StatusServiceUnavailable)
		return
	}
	adm, rej := s.admit(r)
	if rej != nil {
		http.Error(w, rej.Body, rej.Status)
		return
	}
	if !s.budget.take(adm.ClientIP) {
		s.log.Warn("refusing upgrade: pre-auth socket budget exhausted", "ip", adm.ClientIP.String())
		http.Error(w, preauthExhausted, http.StatusServiceUnavailable)
		return
	}
	// Origin is checked in admit; the engine enforces its own size limits.
	sock, err := transport.Accept(w, r)
	if err != nil {
		s.budget.release(adm.ClientIP)
		s.log.Debug("websocket upgrade failed", "err", err)
		return
	}
	s.serve(s.newConn(sock, adm))
}

// admit runs the configured admission, or takes the socket's address.
func (s *Server) admit(r *http.Request) (Admission, *Rejection) {
	if s.cfg.Admit != nil {
		return s.cfg.Admit(r)
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return Admission{}, &Rejection{Status: http.StatusBadRequest, Body: "unparseable client address"}
	}
	return Admission{ClientIP: ap.Addr().Unmap()}, nil
}

func (s *Server) newConn(sock transport.Socket, adm Admission) *Conn {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Conn{
		srv:       s,
		sock:      sock,
		id:        wire.NewUUID(),
		nonce:     wire.NewUUID(),
		admission: adm,
		ctx:       ctx,
		cancel:    cancel,
		inflight:  make(chan struct{}, s.cfg.MaxInFlight),
		closed:    make(chan struct{}),
	}
	c.out.max = s.cfg.Policy.MaxBufferedBytes
	return c
}

// serve runs one socket's handshake on the calling (HTTP) goroutine. An
// open connection is then read by a goroutine of its own and serve
// returns: the HTTP goroutine's stack, grown by the handshake, and the
// request it served are released, so an idle connection keeps only a
// small reader stack.
func (s *Server) serve(c *Conn) {
	if !s.addSocket(c) {
		s.budget.release(c.ClientIP())
		c.abort()
		return
	}
	c.preauth.Store(true)
	c.sendChallenge(s.cfg.Now())
	timeout := time.Duration(s.cfg.Policy.HandshakeTimeoutMs) * time.Millisecond
	var timedOut atomic.Bool
	timer := time.AfterFunc(timeout, func() {
		if c.handshakeSettled.CompareAndSwap(false, true) {
			timedOut.Store(true)
			c.logAt(slog.LevelInfo, "handshake timed out")
			c.closeRaw(wire.CloseNormal, "")
		}
	})
	refused := s.handshake(c)
	timer.Stop()
	if refused != "" {
		if timedOut.Load() {
			refused = RefusedTimeout
		}
		s.recordRefused(refused)
		c.waitClosed()
		s.finish(c)
		return
	}
	go s.serveOpen(c)
}

// serveOpen reads an open connection until it closes, then finishes it,
// unless reading was handed over to another goroutine, which then does.
func (s *Server) serveOpen(c *Conn) {
	if s.readLoop(c) {
		return
	}
	s.finish(c)
}

// finish releases what a socket held once its reader has stopped.
func (s *Server) finish(c *Conn) {
	s.releasePreauth(c)
	if c.closeCode.Load() == 0 {
		c.closeCode.Store(wire.CloseNormal)
		c.abort() // the peer went away without a close handshake
	}
	c.cancel()
	if !s.remove(c) {
		return
	}
	s.recordClosed(c)
	if s.cfg.OnClose != nil {
		s.cfg.OnClose(c)
	}
}

// releasePreauth returns the socket's slot in the pre-auth budget, once.
func (s *Server) releasePreauth(c *Conn) {
	if c.preauth.CompareAndSwap(true, false) {
		s.budget.release(c.ClientIP())
	}
}

// sendChallenge sends the connect.challenge event that opens every socket.
func (c *Conn) sendChallenge(now time.Time) {
	payload := struct {
		Nonce string `json:"nonce"`
		TS    int64  `json:"ts"`
	}{c.nonce, now.UnixMilli()}
	_ = c.SendEvent(eventConnectChallenge, payload, false)
}
