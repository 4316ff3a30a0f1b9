package gatewaytest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/validate"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/schema"
)

// Wait bounds every wait of a Client so that a broken gateway fails a
// test instead of hanging it; it is not a performance assertion.
const Wait = 10 * time.Second

// Frame is one frame received from the gateway: the members of the
// response and event envelopes, and Raw, the frame's bytes.
type Frame struct {
	Type         string             `json:"type"`
	ID           string             `json:"id,omitempty"`
	OK           bool               `json:"ok,omitempty"`
	Payload      json.RawMessage    `json:"payload,omitempty"`
	Error        *wire.Error        `json:"error,omitempty"`
	Event        string             `json:"event,omitempty"`
	Seq          *int64             `json:"seq,omitempty"`
	StateVersion *wire.StateVersion `json:"stateVersion,omitempty"`
	Raw          []byte             `json:"-"`
}

// Client is a raw protocol connection for tests.
type Client struct {
	t      testing.TB
	ws     *websocket.Conn
	closed chan struct{}
	notify chan struct{} // signalled when a frame is queued
	status atomic.Int32  // close code received, once closed
	reason atomic.Value  // close reason received
	nextID atomic.Int64

	mu      sync.Mutex
	queue   []Frame           // received, not yet consumed
	methods map[string]string // request id → method, to validate results
	// Challenge is the connect.challenge payload.
	Challenge protocol.ConnectChallengeEvent
}

// validator returns the protocol validator every Client checks frames
// with, compiled once.
var validator = sync.OnceValues(func() (*validate.Validator, error) {
	return validate.New(schema.FS, &protocol.Manifest)
})

// Dial opens a WebSocket to url and reads the connect challenge.
func Dial(t testing.TB, url string) *Client {
	t.Helper()
	c, err := DialHeader(t, url, nil)
	if err != nil {
		t.Fatalf("gatewaytest: dial %s: %v", url, err)
	}
	return c
}

// DialHeader is Dial with extra upgrade headers; it returns the dial
// error (e.g. a refused upgrade) instead of failing the test.
func DialHeader(t testing.TB, url string, header http.Header) (*Client, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	ws, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: header})
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("%w (HTTP %d)", err, resp.StatusCode)
		}
		return nil, err
	}
	ws.SetReadLimit(-1)
	c := &Client{t: t, ws: ws, closed: make(chan struct{}), notify: make(chan struct{}, 1), methods: map[string]string{}}
	go c.read()
	t.Cleanup(func() { ws.CloseNow() })
	ch := c.NextEvent(protocol.EventConnectChallenge)
	if err := json.Unmarshal(ch.Payload, &c.Challenge); err != nil || c.Challenge.Nonce == "" {
		t.Fatalf("gatewaytest: bad challenge %s", ch.Raw)
	}
	if ch.Seq != nil {
		t.Fatalf("gatewaytest: challenge carries seq: %s", ch.Raw)
	}
	return c, nil
}

// read receives frames until the socket closes, validating each.
func (c *Client) read() {
	defer close(c.closed)
	for {
		_, data, err := c.ws.Read(context.Background())
		if err != nil {
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				c.status.Store(int32(ce.Code))
				c.reason.Store(ce.Reason)
			}
			return
		}
		f := Frame{Raw: data}
		if err := json.Unmarshal(data, &f); err != nil {
			c.t.Errorf("gatewaytest: frame is not JSON: %s", data)
			continue
		}
		c.check(f)
		c.mu.Lock()
		c.queue = append(c.queue, f)
		c.mu.Unlock()
		select {
		case c.notify <- struct{}{}:
		default:
		}
	}
}

// take removes and returns the first queued frame that matches.
func (c *Client) take(match func(Frame) bool) (Frame, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, f := range c.queue {
		if match(f) {
			c.queue = append(c.queue[:i:i], c.queue[i+1:]...)
			return f, true
		}
	}
	return Frame{}, false
}
