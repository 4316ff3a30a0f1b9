package engine

import (
	"errors"
	"log/slog"
	"runtime/debug"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// handshake reads the first frame and runs the connect handshake. It
// returns "" when the connection is open, and otherwise why it is not (a
// failure reason, see Observer.Refused): a close has then been requested
// or the socket dropped, so that it will be closed.
func (s *Server) handshake(c *Conn) (refused string) {
	msg, err := c.readMessage(s.cfg.Policy.PreauthMaxPayload)
	if err != nil {
		// The peer went away or broke the WebSocket protocol (the library
		// has sent any close frame that calls for): nothing else would
		// ever close the socket.
		c.abort()
		return RefusedClosed
	}
	switch {
	case msg.tooBig:
		c.closeRaw(wire.CloseMessageTooBig, "")
		return RefusedTooBig
	case !msg.text:
		c.closeRaw(wire.CloseNormal, "")
		return RefusedNotText
	case !c.validText(msg.data):
		return RefusedInvalidUTF8
	}
	req, err := s.cfg.Validator.Request(0, msg.data)
	if err != nil {
		if isNotJSON(err) {
			c.closeRaw(wire.CloseNormal, "")
		} else {
			c.closeRaw(wire.ClosePolicyViolation, wire.ReasonInvalidRequestFrame)
		}
		return RefusedInvalidFrame
	}
	if req.Method != methodConnect {
		c.refuse(req.ID, policyRefusal(wire.ReasonFirstMustBeConnect))
		return RefusedNotConnect
	}
	if err := s.cfg.Validator.Params(s.connectVersion(req.Params), methodConnect, req.Params); err != nil {
		c.refuse(req.ID, policyRefusal(err.Error()))
		return RefusedInvalidParams
	}
	if !c.handshakeSettled.CompareAndSwap(false, true) {
		return RefusedTimeout // the handshake timer fired first
	}
	return s.connect(c, req)
}

// connect hands a validated connect request to the Handshaker and opens
// the connection when it succeeds; it returns "" or the failure reason.
func (s *Server) connect(c *Conn, req *wire.Request) (refused string) {
	s.activity.Add(1)
	defer s.recoverHandshake(c, &refused)
	hello, peer, err := s.cfg.Handshaker.Connect(c.ctx, c, req)
	if err != nil {
		var r *Refusal
		if !errors.As(err, &r) {
			r = policyRefusal(err.Error())
		}
		c.logAt(slog.LevelInfo, "handshake refused", "code", r.Code, "reason", r.Reason)
		c.refuse(req.ID, r)
		return refusalReason(r)
	}
	if peer.Protocol == 0 {
		peer.Protocol = s.cfg.Manifest.Protocol
	}
	raw, err := wire.Marshal(rpc.Shape(hello, peer.Protocol))
	if err != nil {
		c.logAt(slog.LevelError, "encoding hello-ok failed", "err", err)
		c.closeRaw(wire.CloseInternalError, "")
		return RefusedInternal
	}
	c.peer.Store(peer)
	s.releasePreauth(c)
	if !s.markOpen(c, func() { c.reply(req.ID, raw, nil) }) {
		c.Close(wire.CloseServiceRestart, wire.ReasonServiceRestart)
		return RefusedShuttingDown
	}
	s.recordOpened(c)
	if s.cfg.OnOpen != nil {
		s.cfg.OnOpen(c)
	}
	return ""
}

// policyRefusal refuses a connect request with an INVALID_REQUEST reply
// and a 1008 close that both say reason.
func policyRefusal(reason string) *Refusal {
	return &Refusal{Reply: wire.InvalidRequest("%s", reason), Code: wire.ClosePolicyViolation, Reason: reason}
}

// refuse replies to the connect request (when the refusal has a reply)
// and closes the socket.
func (c *Conn) refuse(id string, r *Refusal) {
	if r.Reply != nil {
		c.reply(id, nil, r.Reply)
	}
	c.Close(r.Code, r.Reason)
}

// recoverHandshake turns a panic in the Handshaker or OnOpen into a close
// 1000 without a reason, what the protocol does on an unexpected failure
// before a connection serves requests, and refused into RefusedInternal;
// the gateway goes on serving.
func (s *Server) recoverHandshake(c *Conn, refused *string) {
	if v := recover(); v != nil {
		*refused = RefusedInternal
		c.logAt(slog.LevelError, "handshake panicked", "panic", v, "stack", string(debug.Stack()))
		c.closeRaw(wire.CloseNormal, "")
	}
}
