package gatewire

import (
	"encoding/json"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// readLoop reads frames until the connection ends, then tears it down.
func (c *Conn) readLoop() {
	defer c.workers.Done()
	for {
		typ, data, err := c.ws.Read(c.ctx)
		if err != nil {
			c.finish(err)
			return
		}
		c.lastFrame.Store(int64(c.sinceStart()))
		if typ != websocket.MessageText {
			c.log.Debug("ignoring a binary frame")
			continue
		}
		c.handleFrame(data)
	}
}

// handleFrame routes one text frame. Frames that are not JSON or not a
// response or event are ignored, as the reference client does.
func (c *Conn) handleFrame(data []byte) {
	f, err := wire.DecodeInbound(data)
	if err != nil {
		c.log.Debug("ignoring a frame that is not JSON", "err", err)
		return
	}
	switch f.Type {
	case wire.TypeResponse:
		c.handleResponse(&f)
	case wire.TypeEvent:
		c.handleEvent(&f)
	default:
		c.log.Debug("ignoring a frame of unknown type", "type", f.Type)
	}
}

// handleResponse hands a response to the call waiting for its id.
// Responses nobody waits for (a two-phase final after the caller stopped
// waiting, a reply after a timeout) are ignored.
func (c *Conn) handleResponse(f *wire.Inbound) {
	r := reply{ok: f.OK, payload: f.Payload, err: f.Error}
	if !r.ok && r.err == nil {
		r.err = wire.Unavailable("gateway request failed")
	}
	c.mu.Lock()
	p, ok := c.pending[f.ID]
	interim := ok && p.expectFinal && r.ok && isAccepted(r.payload)
	if ok && !interim {
		delete(c.pending, f.ID)
	}
	if ok && f.ID == c.connectID {
		c.connectID = ""
		c.opened.Store(r.ok)
	}
	c.mu.Unlock()
	if !ok {
		c.log.Debug("ignoring a response to no pending request", "id", f.ID)
		return
	}
	r.interim = interim
	select {
	case p.replies <- r:
	default:
		c.log.Warn("dropping a reply the caller has not collected", "id", f.ID)
	}
}

// handleEvent delivers an event: the challenge to the handshake, anything
// else (after the handshake) to the subscribers.
func (c *Conn) handleEvent(f *wire.Inbound) {
	if f.Event == "" {
		return
	}
	if !c.opened.Load() {
		if f.Event == protocol.EventConnectChallenge {
			c.offerChallenge(f.Payload)
		} else {
			c.log.Debug("ignoring an event before hello-ok", "event", f.Event)
		}
		return
	}
	if f.Event == protocol.EventShutdown {
		c.noteShutdown(f.Payload)
	}
	ev := Event{Name: f.Event, Payload: f.Payload, StateVersion: f.StateVersion}
	if f.Seq != nil {
		ev.Seq, ev.HasSeq = *f.Seq, true
		c.checkSeq(*f.Seq)
	}
	c.deliver(ev)
}

// offerChallenge passes the challenge nonce to the handshake (the first
// challenge only; an absent nonce is passed as "").
func (c *Conn) offerChallenge(payload json.RawMessage) {
	var ch struct {
		Nonce string `json:"nonce"`
	}
	_ = json.Unmarshal(payload, &ch) // a malformed payload counts as a missing nonce
	select {
	case c.challenge <- ch.Nonce:
	default:
	}
}

// checkSeq reports a gap in broadcast sequence numbers.
func (c *Conn) checkSeq(seq int64) {
	last := c.lastSeq
	c.lastSeq = seq
	if seq > last+1 && c.opts.OnGap != nil {
		c.opts.OnGap(Gap{Expected: last + 1, Received: seq})
	}
}
