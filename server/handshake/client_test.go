package handshake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// frame is a received frame.
type frame struct {
	Type    string          `json:"type"`
	ID      string          `json:"id"`
	OK      bool            `json:"ok"`
	Payload json.RawMessage `json:"payload"`
	Error   *wire.Error     `json:"error"`
	Event   string          `json:"event"`
	Seq     *int64          `json:"seq"`
	raw     []byte
}

// client is a raw protocol client over a real WebSocket.
type client struct {
	h      *harness
	ws     *websocket.Conn
	nonce  string
	mu     sync.Mutex
	events []frame
	ids    int
}

// dial opens a socket (with extra upgrade headers) and reads the
// challenge.
func (h *harness) dial(headers http.Header) *client {
	h.t.Helper()
	c, err := h.tryDial(headers)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

func (h *harness) tryDial(headers http.Header) (*client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, h.url, &websocket.DialOptions{HTTPHeader: headers})
	if err != nil {
		return nil, err
	}
	h.t.Cleanup(func() { _ = ws.CloseNow() })
	c := &client{h: h, ws: ws}
	ch := c.read()
	var p struct{ Nonce string }
	if ch.Event != "connect.challenge" || json.Unmarshal(ch.Payload, &p) != nil || p.Nonce == "" {
		h.t.Fatalf("first frame %s, want a challenge", ch.raw)
	}
	c.nonce = p.Nonce
	return c, nil
}

// read returns the next frame, checking every response and event
// against the schema.
func (c *client) read() frame {
	c.h.t.Helper()
	f, err := c.tryRead(5 * time.Second)
	if err != nil {
		c.h.t.Fatalf("read: %v", err)
	}
	return f
}

func (c *client) tryRead(d time.Duration) (frame, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	_, data, err := c.ws.Read(ctx)
	if err != nil {
		return frame{}, err
	}
	var f frame
	if err := json.Unmarshal(data, &f); err != nil {
		c.h.t.Fatalf("undecodable frame %q", data)
	}
	f.raw = data
	if f.Type == "res" {
		if err := c.h.val.Response(data); err != nil {
			c.h.t.Errorf("response frame fails the schema: %v\n%s", err, data)
		}
	}
	if f.Type == "event" {
		if err := c.h.val.Event(data); err != nil {
			c.h.t.Errorf("event frame fails the schema: %v\n%s", err, data)
		}
	}
	return f, nil
}

// call sends a request and returns its response, keeping events.
func (c *client) call(method string, params any) frame {
	c.h.t.Helper()
	c.ids++
	id := fmt.Sprintf("%s-%d", method, c.ids)
	raw, _ := json.Marshal(map[string]any{"type": "req", "id": id, "method": method, "params": params})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, raw); err != nil {
		c.h.t.Fatal(err)
	}
	for {
		f := c.read()
		if f.Type == "event" {
			c.mu.Lock()
			c.events = append(c.events, f)
			c.mu.Unlock()
			continue
		}
		if f.ID == id {
			if f.OK && method != "connect" {
				if err := c.h.val.Result(method, f.Payload); err != nil {
					c.h.t.Errorf("%s result fails the schema: %v\n%s", method, err, f.raw)
				}
			}
			return f
		}
	}
}

// event waits for the named event.
func (c *client) event(name string) frame {
	c.h.t.Helper()
	c.mu.Lock()
	for i, f := range c.events {
		if f.Event == name {
			c.events = append(c.events[:i], c.events[i+1:]...)
			c.mu.Unlock()
			return f
		}
	}
	c.mu.Unlock()
	for {
		f := c.read()
		if f.Event == name {
			return f
		}
	}
}

// closed waits for the close frame.
func (c *client) closed() websocket.CloseError {
	c.h.t.Helper()
	for {
		_, err := c.tryRead(5 * time.Second)
		if err == nil {
			continue
		}
		var ce websocket.CloseError
		if !errors.As(err, &ce) {
			c.h.t.Fatalf("socket ended without a close frame: %v", err)
		}
		return ce
	}
}

// connect sends connect and decodes the hello on success.
func (c *client) connect(p *protocol.ConnectParams) (frame, *helloPayload) {
	c.h.t.Helper()
	f := c.call("connect", p)
	if !f.OK {
		return f, nil
	}
	var hello helloPayload
	if err := json.Unmarshal(f.Payload, &hello); err != nil {
		c.h.t.Fatal(err)
	}
	return f, &hello
}

// mustConnect connects and fails the test on refusal.
func (c *client) mustConnect(p *protocol.ConnectParams) *helloPayload {
	c.h.t.Helper()
	f, hello := c.connect(p)
	if hello == nil {
		c.h.t.Fatalf("connect refused: %s", f.raw)
	}
	return hello
}

// refused connects, expects a refusal and returns the reply and close.
func (c *client) refused(p *protocol.ConnectParams) (*wire.Error, websocket.CloseError) {
	c.h.t.Helper()
	f, hello := c.connect(p)
	if hello != nil {
		c.h.t.Fatalf("connect accepted: %s", f.raw)
	}
	return f.Error, c.closed()
}
