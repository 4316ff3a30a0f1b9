package gatewire

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// ClientOptions configure a Client.
type ClientOptions struct {
	// Options apply to every dial.
	Options
	// Backoff is the redial schedule (1 s doubling to 30 s).
	Backoff Backoff
	// OnConnect runs after every successful handshake, on Run's goroutine.
	OnConnect func(*Conn)
	// OnDisconnect runs with the reason when a connection ends or a dial
	// fails, on Run's goroutine.
	OnDisconnect func(error)
}

// ErrClientStopped is returned by a Client's calls once Run has returned.
var ErrClientStopped = errors.New("gatewire client stopped")

// Client keeps a connection to one gateway for a long-lived program: Run
// dials, and redials with backoff whenever the connection ends, running
// the handshake again each time. Calls use the current connection; a
// call in flight when the connection ends fails with a *ClosedError and
// is not repeated.
type Client struct {
	url   string
	opts  ClientOptions
	sleep func(context.Context, time.Duration) error

	mu      sync.Mutex
	conn    *Conn
	changed chan struct{} // closed and replaced whenever conn changes
	stopped bool
}

// NewClient returns a Client for the gateway at url; call Run to start it.
func NewClient(url string, opts ClientOptions) *Client {
	opts.Backoff = opts.Backoff.withDefaults()
	return &Client{url: url, opts: opts, sleep: sleepContext, changed: make(chan struct{})}
}

// Run keeps a connection until ctx ends, then closes it and returns
// ctx's error. Settings that can never work (a gateway URL that cannot be
// parsed, a malformed TLS fingerprint) are returned at once.
func (c *Client) Run(ctx context.Context) error {
	defer c.stop()
	d, err := newDialer(c.url, c.opts.Options)
	if err != nil {
		return err
	}
	wait := c.opts.Backoff.Initial
	for {
		conn, err := d.dial(ctx)
		if ctx.Err() != nil {
			if err == nil {
				_ = conn.Close() // the handshake won the race with ctx
			}
			return ctx.Err()
		}
		if err == nil {
			wait = c.opts.Backoff.Initial
			err = c.serve(ctx, conn)
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		c.notifyDisconnect(err)
		delay, asked := retryAfter(err)
		if !asked {
			delay, wait = wait, c.opts.Backoff.next(wait)
		}
		if err := c.sleep(ctx, delay); err != nil {
			return err
		}
	}
}

// serve publishes conn until it ends or ctx does, and returns why it
// ended.
func (c *Client) serve(ctx context.Context, conn *Conn) error {
	c.setConn(conn)
	defer c.setConn(nil)
	if c.opts.OnConnect != nil {
		c.opts.OnConnect(conn)
	}
	select {
	case <-conn.Done():
		return conn.Err()
	case <-ctx.Done():
		_ = conn.Close()
		return ctx.Err()
	}
}

func (c *Client) notifyDisconnect(err error) {
	if c.opts.OnDisconnect != nil && err != nil {
		c.opts.OnDisconnect(err)
	}
}

func (c *Client) setConn(conn *Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn = conn
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *Client) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	close(c.changed)
	c.changed = make(chan struct{})
}

// Conn returns the current connection, or nil while there is none.
func (c *Client) Conn() *Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

// Wait returns the current connection, waiting for one until ctx ends.
func (c *Client) Wait(ctx context.Context) (*Conn, error) {
	for {
		c.mu.Lock()
		conn, changed, stopped := c.conn, c.changed, c.stopped
		c.mu.Unlock()
		switch {
		case stopped:
			return nil, ErrClientStopped
		case conn != nil && conn.Err() == nil:
			return conn, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// API returns the typed client of the protocol's methods over c: each
// call waits for a connection.
func (c *Client) API() *protocol.Client { return protocol.NewClient(c) }

// Call waits for a connection and makes the call on it (see Conn.Call).
func (c *Client) Call(ctx context.Context, method string, params, result any, opts rpc.CallOptions) error {
	conn, err := c.Wait(ctx)
	if err != nil {
		return err
	}
	return conn.Call(ctx, method, params, result, opts)
}
