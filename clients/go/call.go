package gatewire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// reply is one response to a pending call.
type reply struct {
	ok      bool
	payload json.RawMessage
	err     *wire.Error
	interim bool // an "accepted" reply of a call that waits for the final one
}

// pendingCall is a request waiting for its response.
type pendingCall struct {
	replies     chan reply
	expectFinal bool
}

// Call sends one request and waits for its reply, decoding the payload
// into result (nil discards it). A failed reply is returned as a
// *wire.Error; when a failed reply also carries a payload, it is decoded
// into result as well. Without a deadline in ctx, the call gives up after
// the request timeout (30 s) unless opts.ExpectFinal is set: two-phase
// calls wait past "accepted" replies for the final one, bounded only by
// ctx. A connection that ends fails the call with a *ClosedError.
func (c *Conn) Call(ctx context.Context, method string, params, result any, opts rpc.CallOptions) error {
	if !opts.ExpectFinal && c.opts.RequestTimeout > 0 {
		if _, has := ctx.Deadline(); !has {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, c.opts.RequestTimeout)
			defer cancel()
		}
	}
	err := c.call(ctx, method, params, result, opts)
	var we *wire.Error
	if err == nil || errors.As(err, &we) {
		return err // protocol errors come back as they were sent
	}
	return fmt.Errorf("%s: %w", method, err)
}

// call is Call without the default timeout or error context.
func (c *Conn) call(ctx context.Context, method string, params, result any, opts rpc.CallOptions) error {
	frame, id, err := encodeRequest(method, params)
	if err != nil {
		return err
	}
	p := &pendingCall{replies: make(chan reply, 4), expectFinal: opts.ExpectFinal}
	if err := c.register(id, method, p); err != nil {
		return err
	}
	if err := c.write(ctx, frame); err != nil {
		c.unregister(id)
		return err
	}
	return c.await(ctx, id, p, result, opts)
}

// register adds a pending call, unless the connection is ending. The
// handshake's connect is remembered: its reply opens the connection. A
// connect called again later is an ordinary call.
func (c *Conn) register(id, method string, p *pendingCall) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.endingLocked(); err != nil {
		return err
	}
	c.pending[id] = p
	if method == protocol.MethodConnect && !c.opened.Load() {
		c.connectID = id
	}
	return nil
}

func (c *Conn) unregister(id string) {
	c.mu.Lock()
	delete(c.pending, id)
	c.mu.Unlock()
}

// write queues a frame for the connection's writer. A caller that gives
// up while its frame waits stops waiting; a frame the writer has taken is
// always written whole.
func (c *Conn) write(ctx context.Context, frame []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case c.outbox <- frame:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.ctx.Done():
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.endingLocked()
	}
}

// writeLoop writes queued frames until the connection ends. A failed
// write ends the connection (its reader records why).
func (c *Conn) writeLoop() {
	defer c.workers.Done()
	for {
		select {
		case frame := <-c.outbox:
			if err := c.ws.Write(c.ctx, websocket.MessageText, frame); err != nil {
				return
			}
		case <-c.ctx.Done():
			return
		}
	}
}

// await waits for the reply of call id.
func (c *Conn) await(ctx context.Context, id string, p *pendingCall, result any, opts rpc.CallOptions) error {
	for {
		select {
		case r := <-p.replies:
			if r.interim || (r.ok && isAccepted(r.payload)) {
				if opts.OnAccepted != nil {
					opts.OnAccepted(r.payload)
				}
				if r.interim {
					continue
				}
			}
			return decodeReply(r, result)
		case <-ctx.Done():
			c.unregister(id)
			return ctx.Err()
		case <-c.done:
			select {
			case r := <-p.replies:
				if !r.interim {
					return decodeReply(r, result)
				}
			default:
			}
			return c.err
		}
	}
}

// decodeReply turns a reply into the call's result or error.
func decodeReply(r reply, result any) error {
	if result != nil && len(r.payload) > 0 && !bytes.Equal(r.payload, []byte("null")) {
		if err := json.Unmarshal(r.payload, result); err != nil && r.ok {
			return fmt.Errorf("decoding reply: %w", err)
		}
	}
	if !r.ok {
		return r.err
	}
	return nil
}

// isAccepted reports whether a payload is a two-phase interim reply
// (an object whose status is "accepted").
func isAccepted(payload json.RawMessage) bool {
	if len(payload) == 0 || payload[0] != '{' || !bytes.Contains(payload, []byte(`"accepted"`)) {
		return false
	}
	var s struct {
		Status string `json:"status"`
	}
	return json.Unmarshal(payload, &s) == nil && s.Status == "accepted"
}

// encodeRequest returns the frame of a request and its fresh id.
func encodeRequest(method string, params any) ([]byte, string, error) {
	req := protocol.RequestFrame{Type: wire.TypeRequest, ID: wire.NewUUID(), Method: method}
	if params != nil {
		raw, err := wire.Marshal(params)
		if err != nil {
			return nil, "", fmt.Errorf("encoding params: %w", err)
		}
		req.Params = raw
	}
	frame, err := wire.Marshal(req)
	if err != nil {
		return nil, "", fmt.Errorf("encoding request: %w", err)
	}
	return frame, req.ID, nil
}
