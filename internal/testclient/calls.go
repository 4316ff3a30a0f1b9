package testclient

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/coder/websocket"
)

// MethodConnect is the handshake's method.
const MethodConnect = "connect"

// Send writes text as one text frame, as it is: it may be anything a
// hostile client sends.
func (c *Client) Send(text string) { c.write(websocket.MessageText, []byte(text)) }

// SendBinary writes data as one binary frame.
func (c *Client) SendBinary(data []byte) { c.write(websocket.MessageBinary, data) }

func (c *Client) write(typ websocket.MessageType, data []byte) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	if err := c.ws.Write(ctx, typ, data); err != nil {
		c.t.Fatalf("testclient: write: %v", err)
	}
}

// Request sends a request with a fresh id and returns the id; params nil
// leaves the member out.
func (c *Client) Request(method string, params any) string {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := strconv.FormatInt(c.nextID, 10)
	c.mu.Unlock()
	c.RequestID(id, method, params)
	return id
}

// RequestID sends a request with the given id.
func (c *Client) RequestID(id, method string, params any) {
	c.t.Helper()
	frame := map[string]any{"type": "req", "id": id, "method": method}
	if params != nil {
		frame["params"] = params
	}
	raw, err := json.Marshal(frame)
	if err != nil {
		c.t.Fatalf("testclient: encoding %s params: %v", method, err)
	}
	c.mu.Lock()
	c.methods[id] = method
	c.mu.Unlock()
	c.Send(string(raw))
}

// Call sends a request and returns its first response (events read
// meanwhile stay queued).
func (c *Client) Call(method string, params any) Frame {
	c.t.Helper()
	return c.Response(c.Request(method, params))
}

// Result calls method, fails the test unless it succeeds, and decodes the
// payload into out (which may be nil).
func (c *Client) Result(method string, params, out any) {
	c.t.Helper()
	res := c.Call(method, params)
	if !res.OK {
		c.t.Fatalf("testclient: %s failed: %s", method, res.Raw)
	}
	if out != nil {
		if err := json.Unmarshal(res.Payload, out); err != nil {
			c.t.Fatalf("testclient: decoding %s result: %v", method, err)
		}
	}
}

// Connect sends the connect request and returns the reply.
func (c *Client) Connect(params any) Frame {
	c.t.Helper()
	return c.Call(MethodConnect, params)
}

// MustConnect connects, fails the test unless the reply is ok, and
// decodes hello-ok into hello (which may be nil).
func (c *Client) MustConnect(params, hello any) {
	c.t.Helper()
	res := c.Connect(params)
	if !res.OK {
		c.t.Fatalf("testclient: connect refused: %s", res.Raw)
	}
	if hello != nil {
		if err := json.Unmarshal(res.Payload, hello); err != nil {
			c.t.Fatalf("testclient: hello-ok: %v", err)
		}
	}
}

// challengeNonce reads the nonce of a challenge payload ("" when absent).
func challengeNonce(payload json.RawMessage) string {
	var ch struct {
		Nonce string `json:"nonce"`
	}
	_ = json.Unmarshal(payload, &ch) // a malformed challenge has no nonce; the test sees ""
	return ch.Nonce
}
