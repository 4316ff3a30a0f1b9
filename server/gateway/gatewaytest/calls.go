package gatewaytest

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// ConnectParams returns connect params for a token-authenticated local
// backend client ("gateway-client"/"backend", which keeps its requested
// scopes on loopback without a device identity) asking for the given role
// and scopes. Change Client for other kinds of client; those need a
// device identity (Client.Sign) to keep any scope.
func ConnectParams(token, role string, scopes ...string) *protocol.ConnectParams {
	p := &protocol.ConnectParams{
		MinProtocol: 3, MaxProtocol: 3,
		Client: protocol.ClientInfo{ID: "gateway-client", Version: "1.0.0", Platform: "linux", Mode: "backend"},
		Role:   &role, Scopes: append([]string{}, scopes...),
	}
	if token != "" {
		p.Auth = &protocol.ConnectAuth{Token: &token}
	}
	return p
}

// Connect sends connect and returns the reply; a successful reply's
// payload is decoded into hello.
func (c *Client) Connect(params *protocol.ConnectParams) (Frame, *protocol.HelloOk) {
	c.t.Helper()
	res := c.Call(protocol.MethodConnect, params)
	if !res.OK {
		return res, nil
	}
	var hello protocol.HelloOk
	if err := json.Unmarshal(res.Payload, &hello); err != nil {
		c.t.Fatalf("gatewaytest: hello-ok: %v", err)
	}
	return res, &hello
}

// MustConnect connects and fails the test unless hello-ok comes back.
func (c *Client) MustConnect(params *protocol.ConnectParams) *protocol.HelloOk {
	c.t.Helper()
	res, hello := c.Connect(params)
	if hello == nil {
		c.t.Fatalf("gatewaytest: connect refused: %s", res.Raw)
	}
	return hello
}

// Send writes raw text to the socket.
func (c *Client) Send(text string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, []byte(text)); err != nil {
		c.t.Fatalf("gatewaytest: write: %v", err)
	}
}

// Call sends a request and returns its first response (events received
// meanwhile stay queued for NextEvent).
func (c *Client) Call(method string, params any) Frame {
	c.t.Helper()
	id := strconv.FormatInt(c.nextID.Add(1), 10)
	c.mu.Lock()
	c.methods[id] = method
	c.mu.Unlock()
	raw, err := json.Marshal(map[string]any{"type": "req", "id": id, "method": method, "params": params})
	if err != nil {
		c.t.Fatalf("gatewaytest: encoding %s params: %v", method, err)
	}
	c.Send(string(raw))
	return c.next(func(f Frame) bool { return f.Type == wire.TypeResponse && f.ID == id }, "response to "+method)
}

// Result calls method, fails the test unless it succeeds, and decodes the
// payload into out (which may be nil).
func (c *Client) Result(method string, params, out any) {
	c.t.Helper()
	res := c.Call(method, params)
	if !res.OK {
		c.t.Fatalf("gatewaytest: %s failed: %s", method, res.Raw)
	}
	if out != nil {
		if err := json.Unmarshal(res.Payload, out); err != nil {
			c.t.Fatalf("gatewaytest: decoding %s result: %v", method, err)
		}
	}
}

// Response returns the response with the given id, waiting for it (for
// requests sent with Send).
func (c *Client) Response(id string) Frame {
	c.t.Helper()
	return c.next(func(f Frame) bool { return f.Type == wire.TypeResponse && f.ID == id }, "response "+id)
}

// NextEvent returns the next event with the given name, skipping others.
func (c *Client) NextEvent(name string) Frame {
	c.t.Helper()
	return c.next(func(f Frame) bool { return f.Type == wire.TypeEvent && f.Event == name }, "event "+name)
}

// next removes and returns the first frame that matches, waiting for it;
// frames that do not match stay queued.
func (c *Client) next(match func(Frame) bool, what string) Frame {
	c.t.Helper()
	timer := time.NewTimer(Wait)
	defer timer.Stop()
	for {
		if f, ok := c.take(match); ok {
			return f
		}
		select {
		case <-c.notify:
		case <-c.closed:
			if f, ok := c.take(match); ok {
				return f
			}
			c.t.Fatalf("gatewaytest: connection closed (%d %q) while waiting for %s", c.status.Load(), c.reason.Load(), what)
		case <-timer.C:
			c.t.Fatalf("gatewaytest: no %s within %s", what, Wait)
		}
	}
}

// Closed waits for the gateway to close the socket and returns the close
// code and reason (0 when the socket dropped without a close frame).
func (c *Client) Closed() (code int, reason string) {
	c.t.Helper()
	select {
	case <-c.closed:
	case <-time.After(Wait):
		c.t.Fatalf("gatewaytest: socket still open after %s", Wait)
	}
	r, _ := c.reason.Load().(string)
	return int(c.status.Load()), r
}

// Frames removes and returns the frames received and not yet consumed,
// without waiting.
func (c *Client) Frames() []Frame {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.queue
	c.queue = nil
	return out
}

// Close closes the socket normally.
func (c *Client) Close() { c.ws.Close(websocket.StatusNormalClosure, "") }
