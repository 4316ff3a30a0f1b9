package testclient

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

	"github.com/gatewire/gatewire/runtime/wire"
)

// Wait bounds every wait of a Client so that a broken gateway fails a
// test instead of hanging it; it is not a performance assertion.
const Wait = 10 * time.Second

// EventChallenge is the event a gateway sends first on every socket.
const EventChallenge = "connect.challenge"

// Frame is one frame received: its envelope and Raw, the frame's bytes.
type Frame struct {
	wire.Inbound
	Raw []byte `json:"-"`
}

// Options configure a Client. The zero value dials plainly and checks
// nothing beyond the envelope.
type Options struct {
	// Header is sent with the upgrade (Origin, forwarded headers, …).
	Header http.Header
	// HTTPClient dials (for TLS, or small receive buffers).
	HTTPClient *http.Client
	// Dial is the base of the library's dial options (e.g. a ping
	// callback); Header and HTTPClient, when set, replace its own.
	Dial *websocket.DialOptions
	// Check judges every frame received; method is the method of the
	// request a response answers ("" when unknown) and protocol the
	// version hello-ok negotiated (0 before it). An error fails the test.
	Check func(f Frame, method string, protocol int) error
	// NoChallenge leaves the connect challenge unread.
	NoChallenge bool
}

// Client is a WebSocket connection for tests.
type Client struct {
	t    testing.TB
	ws   *websocket.Conn
	opts Options

	// readMu is held while reading and over the queue and the end state.
	readMu sync.Mutex
	queue  []Frame // read, not yet consumed
	done   bool    // the socket has ended
	status websocket.StatusCode
	reason string
	endErr error

	// mu guards the request ids, so requests go out while a read waits.
	mu      sync.Mutex
	methods map[string]string // request id → method, for Check
	nextID  int64
	// protocol is the version hello-ok negotiated; 0 before it.
	protocol atomic.Int64

	// Nonce is the connect challenge's nonce (after Dial).
	Nonce string
	// Challenge is the connect challenge frame (after Dial).
	Challenge Frame
}

// Dial opens a WebSocket to url and reads the connect challenge, failing
// the test when either fails.
func Dial(t testing.TB, url string, opts Options) *Client {
	t.Helper()
	c, err := TryDial(t, url, opts)
	if err != nil {
		t.Fatalf("testclient: dial %s: %v", url, err)
	}
	return c
}

// TryDial is Dial that returns the dial error (a refused upgrade names
// its HTTP status) instead of failing the test.
func TryDial(t testing.TB, url string, opts Options) (*Client, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	var dial websocket.DialOptions
	if opts.Dial != nil {
		dial = *opts.Dial
	}
	if opts.Header != nil {
		dial.HTTPHeader = opts.Header
	}
	if opts.HTTPClient != nil {
		dial.HTTPClient = opts.HTTPClient
	}
	ws, resp, err := websocket.Dial(ctx, url, &dial)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("%w (HTTP %d)", err, resp.StatusCode)
		}
		return nil, err
	}
	ws.SetReadLimit(-1)
	t.Cleanup(func() { _ = ws.CloseNow() })
	c := &Client{t: t, ws: ws, opts: opts, methods: map[string]string{}}
	if !opts.NoChallenge {
		c.Challenge = c.NextEvent(EventChallenge)
		c.Nonce = challengeNonce(c.Challenge.Payload)
	}
	return c, nil
}

// Protocol returns the protocol version hello-ok negotiated (0 before
// it, or when no Check watched the frames).
func (c *Client) Protocol() int { return int(c.protocol.Load()) }

// helloProtocol reads hello-ok's protocol member (0 when absent).
func helloProtocol(payload json.RawMessage) int {
	var h struct {
		Protocol int `json:"protocol"`
	}
	_ = json.Unmarshal(payload, &h)
	return h.Protocol
}

// WS returns the underlying WebSocket, for what the client does not wrap
// (pings, streaming writers).
func (c *Client) WS() *websocket.Conn { return c.ws }

// readOne reads one frame from the socket and queues it; false when the
// socket has ended (or ctx did, which ends it too).
func (c *Client) readOne(ctx context.Context) bool {
	if c.done {
		return false
	}
	typ, data, err := c.ws.Read(ctx)
	if err != nil {
		c.done, c.endErr = true, err
		var ce websocket.CloseError
		if errors.As(err, &ce) {
			c.status, c.reason = ce.Code, ce.Reason
		}
		return false
	}
	if typ != websocket.MessageText {
		c.t.Errorf("testclient: a binary message (%d bytes); a gateway sends text", len(data))
		return true
	}
	f := Frame{Raw: data}
	if f.Inbound, err = wire.DecodeInbound(data); err != nil {
		c.t.Errorf("testclient: frame is not a JSON envelope: %s (%v)", data, err)
		return true
	}
	if c.opts.Check != nil {
		c.mu.Lock()
		method := c.methods[f.ID]
		c.mu.Unlock()
		if method == MethodConnect && f.OK {
			c.protocol.Store(int64(helloProtocol(f.Payload)))
		}
		if err := c.opts.Check(f, method, int(c.protocol.Load())); err != nil {
			c.t.Errorf("testclient: %v", err)
		}
	}
	c.queue = append(c.queue, f)
	return true
}

// take removes and returns the first queued frame that matches.
func (c *Client) take(match func(*Frame) bool) (Frame, bool) {
	if len(c.queue) > 0 && match(&c.queue[0]) {
		f := c.queue[0]
		c.queue = c.queue[1:]
		return f, true
	}
	for i := range c.queue {
		if match(&c.queue[i]) {
			f := c.queue[i]
			c.queue = append(c.queue[:i:i], c.queue[i+1:]...)
			return f, true
		}
	}
	return Frame{}, false
}

// Next returns the first frame that matches, reading until it comes;
// frames that do not match stay queued. what names it in a failure.
func (c *Client) Next(what string, match func(*Frame) bool) Frame {
	c.t.Helper()
	c.readMu.Lock()
	defer c.readMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	for {
		if f, ok := c.take(match); ok {
			return f
		}
		if !c.readOne(ctx) {
			c.t.Fatalf("testclient: no %s: the socket ended (%d %q: %v)", what, c.status, c.reason, c.endErr)
		}
	}
}

// Read returns the next frame of any kind.
func (c *Client) Read() Frame {
	c.t.Helper()
	return c.Next("frame", func(*Frame) bool { return true })
}

// TryRead returns the next frame when one arrives within d. Waiting out
// d ends the socket (the library closes it), so use it last, to show that
// nothing more came.
func (c *Client) TryRead(d time.Duration) (Frame, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return c.ReadContext(ctx)
}

// ReadContext returns the next frame, or false when the socket ends
// first; ctx ending ends the socket too.
func (c *Client) ReadContext(ctx context.Context) (Frame, bool) {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	for {
		if f, ok := c.take(func(*Frame) bool { return true }); ok {
			return f, true
		}
		if !c.readOne(ctx) {
			return Frame{}, false
		}
	}
}

// Response returns the response to the request with id.
func (c *Client) Response(id string) Frame {
	c.t.Helper()
	return c.Next("response to "+id, func(f *Frame) bool { return f.IsResponse(id) })
}

// NextEvent returns the next event with the given name, leaving others
// queued.
func (c *Client) NextEvent(name string) Frame {
	c.t.Helper()
	return c.Next("event "+name, func(f *Frame) bool { return f.IsEvent(name) })
}

// End returns how the socket ended: the close code and reason (0 when it
// ended without a close frame) and the read error that ended it (nil
// while it has not ended).
func (c *Client) End() (code int, reason string, err error) {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	return int(c.status), c.reason, c.endErr
}

// Frames removes and returns the frames read and not yet consumed,
// without reading more.
func (c *Client) Frames() []Frame {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	out := c.queue
	c.queue = nil
	return out
}

// Closed reads until the socket ends and returns the close code and
// reason it got (0 when it ended without a close frame); frames read
// meanwhile stay queued.
func (c *Client) Closed() (code int, reason string) {
	c.t.Helper()
	c.readMu.Lock()
	defer c.readMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	for c.readOne(ctx) {
	}
	if c.status == 0 && errors.Is(c.endErr, context.DeadlineExceeded) {
		c.t.Fatalf("testclient: socket still open after %s", Wait)
	}
	return int(c.status), c.reason
}

// Close closes the socket normally.
func (c *Client) Close() { _ = c.ws.Close(websocket.StatusNormalClosure, "") }

// CloseNow drops the socket without a close handshake.
func (c *Client) CloseNow() { _ = c.ws.CloseNow() }

// Decode decodes the frame's payload into v.
func (f *Frame) Decode(v any) error { return json.Unmarshal(f.Payload, v) }
