package handshake

import (
	"fmt"
	"net/http"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/testclient"
	"github.com/gatewire/gatewire/runtime/wire"
)

// frame is a received frame.
type frame = testclient.Frame

// client is the shared test client with this package's typed connect;
// every response and event it reads is checked against the schema.
type client struct {
	*testclient.Client
	h     *harness
	nonce string
}

// closeFrame is the close a socket ended with (Code 0: none).
type closeFrame struct {
	Code   int
	Reason string
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
	tc, err := testclient.TryDial(h.t, h.url, testclient.Options{Header: headers, Check: h.check})
	if err != nil {
		return nil, err
	}
	if tc.Nonce == "" {
		h.t.Fatalf("first frame %s, want a challenge with a nonce", tc.Challenge.Raw)
	}
	return &client{Client: tc, h: h, nonce: tc.Nonce}, nil
}

// check judges a frame by the schema: the envelope, and the result of a
// method other than connect.
func (h *harness) check(f frame, method string, version int) error {
	switch f.Type {
	case wire.TypeResponse:
		if err := h.val.At(version).Response(f.Raw); err != nil {
			return fmt.Errorf("response frame fails the schema: %w\n%s", err, f.Raw)
		}
		if f.OK && method != "" && method != protocol.MethodConnect {
			if err := h.val.At(version).Result(method, f.Payload); err != nil {
				return fmt.Errorf("%s result fails the schema: %w\n%s", method, err, f.Raw)
			}
		}
	case wire.TypeEvent:
		if err := h.val.At(version).Event(f.Raw); err != nil {
			return fmt.Errorf("event frame fails the schema: %w\n%s", err, f.Raw)
		}
	}
	return nil
}

// call sends a request and returns its response, keeping events.
func (c *client) call(method string, params any) frame {
	c.h.t.Helper()
	return c.Call(method, params)
}

// event waits for the named event.
func (c *client) event(name string) frame {
	c.h.t.Helper()
	return c.NextEvent(name)
}

// closed waits for the close frame.
func (c *client) closed() closeFrame {
	c.h.t.Helper()
	code, reason := c.Closed()
	if code == 0 {
		c.h.t.Fatal("socket ended without a close frame")
	}
	return closeFrame{Code: code, Reason: reason}
}

// connect sends connect and decodes the hello on success.
func (c *client) connect(p *protocol.ConnectParams) (frame, *helloPayload) {
	c.h.t.Helper()
	f := c.Connect(p)
	if !f.OK {
		return f, nil
	}
	var hello helloPayload
	if err := f.Decode(&hello); err != nil {
		c.h.t.Fatal(err)
	}
	return f, &hello
}

// mustConnect connects and fails the test on refusal.
func (c *client) mustConnect(p *protocol.ConnectParams) *helloPayload {
	c.h.t.Helper()
	f, hello := c.connect(p)
	if hello == nil {
		c.h.t.Fatalf("connect refused: %s", f.Raw)
	}
	return hello
}

// refused connects, expects a refusal and returns the reply and close.
func (c *client) refused(p *protocol.ConnectParams) (*wire.Error, closeFrame) {
	c.h.t.Helper()
	f, hello := c.connect(p)
	if hello != nil {
		c.h.t.Fatalf("connect accepted: %s", f.Raw)
	}
	return f.Error, c.closed()
}
