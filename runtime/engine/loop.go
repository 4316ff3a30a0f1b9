package engine

import (
	"log/slog"

	"github.com/gatewire/gatewire/runtime/wire"
)

// readLoop reads requests from an open connection until it closes or
// another goroutine takes over reading, which it reports. Each valid
// request runs on the reading goroutine until it has taken inlineBudget,
// when reading moves on to a new goroutine (see runInline); at most
// MaxInFlight requests run at a time and the reader waits for a free
// slot, pushing back on the client.
func (s *Server) readLoop(c *Conn) (handedOver bool) {
	for {
		if err := c.awaitInput(); err != nil {
			c.notePeerClose(err)
			return false
		}
		msg, err := c.readMessage(s.cfg.Policy.MaxPayload)
		if err != nil {
			c.notePeerClose(err)
			return false
		}
		if msg.tooBig {
			c.closeRaw(wire.CloseMessageTooBig, "")
			c.waitClosed()
			return false
		}
		if !msg.text {
			continue // not a protocol frame; ignored like non-JSON text
		}
		if !c.validText(msg.data) {
			c.waitClosed()
			return false
		}
		req, err := s.cfg.Validator.Request(c.Peer().Protocol, msg.data)
		if err != nil {
			if !isNotJSON(err) {
				c.reply(frameID(err), nil, wire.InvalidRequest("%s", err.Error()))
			}
			continue
		}
		select {
		case c.inflight <- struct{}{}:
		case <-c.ctx.Done():
			return false
		}
		if !s.runInline(c, req) {
			return true
		}
	}
}

// reply sends a response frame; a drain goroutine writes it.
func (c *Conn) reply(id string, payload []byte, e *wire.Error) {
	c.send(c.responseFrame(id, payload, e), false)
}

// answer sends the response to a request from the goroutine that ran
// the request, writing it there when nothing else is being written: that
// goroutine ends right after, so no other has to start.
func (c *Conn) answer(id string, payload []byte, e *wire.Error) {
	c.sendHere(c.responseFrame(id, payload, e))
}

// responseFrame encodes a response frame.
func (c *Conn) responseFrame(id string, payload []byte, e *wire.Error) []byte {
	frame, err := wire.AppendResponse(newFrameBuffer(len(payload)+80), id, payload, e)
	if err != nil {
		c.logAt(slog.LevelError, "encoding response failed", "err", err, "id", id)
		frame, _ = wire.AppendResponse(frame[:0], id, nil, wire.Unavailable("response could not be encoded"))
	}
	return frame
}
