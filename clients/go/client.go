package gatewire

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// ClientOptions configure a Client.
type ClientOptions struct {
	// Options apply to every dial. Their OnEvent and OnGap see the events
	// of every connection in turn.
	Options
	// Backoff is the redial schedule (1 s doubling to 30 s, ±20% jitter).
	Backoff Backoff
	// OnConnect runs after every successful handshake, on Run's goroutine.
	OnConnect func(*Conn)
	// OnDisconnect runs with the reason when a connection ends or a dial
	// fails, on Run's goroutine.
	OnDisconnect func(error)
	// WaitForConnection makes calls wait for the next connection after a
	// dial failed; by default they then fail at once with a
	// *NotConnectedError until the next dial starts. Calls made before the
	// first connection, during a dial or after a connection ended (before
	// any dial failed) always wait, up to their context's deadline or
	// Options.RequestTimeout.
	WaitForConnection bool
}

// ErrClientStopped is returned by a Client's calls once Run has returned
// or Close was called.
var ErrClientStopped = errors.New("gatewire client stopped")

// Client keeps a connection to one gateway for a long-lived program: Run
// dials, and redials with backoff whenever the connection ends, running
// the handshake again each time; Close stops it. Calls use the current
// connection; a call in flight when the connection ends fails with a
// *ClosedError and is not repeated, and a call made while there is no
// connection fails with a *NotConnectedError (see
// ClientOptions.WaitForConnection). Subscriptions made with Subscribe
// last across reconnects.
type Client struct {
	url   string
	opts  ClientOptions
	sleep func(context.Context, time.Duration) error
	rand  func() float64 // jitter source, in [0, 1)

	closing   chan struct{} // closed by Close
	closeOnce sync.Once
	running   chan struct{} // closed when Run returns; nil until Run starts

	mu      sync.Mutex
	conn    *Conn
	changed chan struct{} // closed and replaced whenever the state changes
	stopped bool
	dialing bool            // a dial is in progress
	failing bool            // the last dial failed and no dial is in progress
	lastErr error           // why the last connection or dial ended, until the next connection
	events  subscriptionSet // subscriptions that last across reconnects
}

// NewClient returns a Client for the gateway at url; call Run to start it.
func NewClient(url string, opts ClientOptions) *Client {
	opts.Backoff = opts.Backoff.withDefaults()
	c := &Client{url: url, opts: opts, sleep: sleepContext, rand: rand.Float64,
		closing: make(chan struct{}), changed: make(chan struct{})}
	userOnEvent := opts.OnEvent
	c.opts.OnEvent = func(ev Event) {
		if userOnEvent != nil {
			userOnEvent(ev)
		}
		c.fanOut(ev)
	}
	return c
}

// Run keeps a connection until ctx ends or Close is called, then closes
// it and returns: ctx's error, or nil after Close. Settings that can
// never work (a gateway URL that cannot be parsed, a malformed TLS
// fingerprint) are returned at once. Run may be called once.
func (c *Client) Run(ctx context.Context) error {
	running := make(chan struct{})
	c.mu.Lock()
	c.running = running
	c.mu.Unlock()
	defer close(running)
	defer c.stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go c.cancelOnClose(ctx, cancel)
	err := c.redial(ctx)
	if c.isClosing() {
		return nil
	}
	return err
}

// redial is Run's loop.
func (c *Client) redial(ctx context.Context) error {
	d, err := newDialer(c.url, c.opts.Options)
	if err != nil {
		return err
	}
	wait := c.opts.Backoff.Initial
	for {
		c.setDialing(true)
		conn, err := d.dial(ctx)
		if ctx.Err() != nil {
			if err == nil {
				_ = conn.Close() // the handshake won the race with ctx
			}
			return ctx.Err()
		}
		var delay time.Duration
		if err == nil {
			wait = c.opts.Backoff.Initial
			err = c.serve(ctx, conn)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			delay, wait = c.afterConnection(conn, wait)
			c.setEnded(err, false)
		} else {
			delay, wait = c.afterFailure(err, wait)
			c.setEnded(err, true)
		}
		c.notifyDisconnect(err)
		if err := c.sleep(ctx, delay); err != nil {
			return err
		}
	}
}

// afterConnection returns the wait before redialing after an open
// connection ended, and the backoff wait after it: the restart delay the
// gateway's shutdown event announced (plus jitter), else the initial
// wait with jitter.
func (c *Client) afterConnection(conn *Conn, wait time.Duration) (time.Duration, time.Duration) {
	if n, ok := conn.Shutdown(); ok && n.RestartExpected > 0 {
		return c.opts.Backoff.afterRestart(n.RestartExpected, c.rand()), wait
	}
	return c.opts.Backoff.jittered(wait, c.rand()), c.opts.Backoff.next(wait)
}

// afterFailure returns the wait before redialing after a failed dial and
// the backoff wait after it: what a starting gateway asked for, else the
// backoff with jitter.
func (c *Client) afterFailure(err error, wait time.Duration) (time.Duration, time.Duration) {
	if delay, asked := retryAfter(err); asked {
		return delay, wait
	}
	return c.opts.Backoff.jittered(wait, c.rand()), c.opts.Backoff.next(wait)
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

// changedLocked wakes every waiter; c.mu must be held.
func (c *Client) changedLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *Client) setConn(conn *Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn = conn
	if conn != nil {
		c.dialing, c.failing, c.lastErr = false, false, nil
	}
	c.changedLocked()
}

func (c *Client) setDialing(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dialing = on
	c.failing = c.failing && !on
	c.changedLocked()
}

// setEnded records why the last connection or dial ended; after a failed
// dial, calls made until the next dial starts fail with it (see Wait).
func (c *Client) setEnded(err error, dialFailed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dialing, c.failing, c.lastErr = false, dialFailed, err
	c.changedLocked()
}

// stop marks the Client stopped and ends its subscriptions.
func (c *Client) stop() {
	c.mu.Lock()
	c.stopped = true
	c.changedLocked()
	c.mu.Unlock()
	c.events.end()
}

// Close stops the Client: it stops redialing, closes the connection,
// ends the subscriptions and waits until Run has returned (Run then
// returns nil). Calls fail with ErrClientStopped afterwards. Close may be
// called more than once, and before Run (which then returns at once). It
// must not be called from OnConnect or OnDisconnect, which run on Run's
// goroutine and would wait for themselves: hand it to another goroutine.
func (c *Client) Close() error {
	c.closeOnce.Do(func() { close(c.closing) })
	c.mu.Lock()
	running := c.running
	c.mu.Unlock()
	if running != nil {
		<-running
	} else {
		c.stop()
	}
	return nil
}

// isClosing reports whether Close was called.
func (c *Client) isClosing() bool {
	select {
	case <-c.closing:
		return true
	default:
		return false
	}
}

// cancelOnClose cancels Run's context when Close is called; it returns
// when that context ends.
func (c *Client) cancelOnClose(ctx context.Context, cancel context.CancelFunc) {
	select {
	case <-c.closing:
		cancel()
	case <-ctx.Done():
	}
}

// Conn returns the current connection, or nil while there is none.
func (c *Client) Conn() *Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

// Wait returns the current connection. Before the first connection and
// after a connection ended it waits for the next one (at most
// Options.RequestTimeout when ctx has no deadline); once a dial has
// failed it fails at once until the next dial starts (unless
// ClientOptions.WaitForConnection is set), as gRPC's channels do. It
// fails with a *NotConnectedError, which matches ErrNotConnected and
// carries the last failure, or with ErrClientStopped once the Client has
// stopped.
func (c *Client) Wait(ctx context.Context) (*Conn, error) {
	ctx, cancel := c.waitContext(ctx)
	defer cancel()
	for {
		c.mu.Lock()
		conn, changed, stopped, failing, last := c.conn, c.changed, c.stopped, c.failing, c.lastErr
		c.mu.Unlock()
		switch {
		case stopped:
			return nil, ErrClientStopped
		case conn != nil && conn.Err() == nil:
			return conn, nil
		case failing && !c.opts.WaitForConnection:
			return nil, &NotConnectedError{URL: redactedURL(c.url), Last: last}
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, &NotConnectedError{URL: redactedURL(c.url), Last: last, Wait: ctx.Err()}
		}
	}
}

// waitContext bounds a wait for a connection by Options.RequestTimeout
// when ctx has no deadline of its own.
func (c *Client) waitContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, has := ctx.Deadline(); has || c.opts.RequestTimeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, c.opts.RequestTimeout)
}

// API returns the typed client of the protocol's methods over c.
func (c *Client) API() *protocol.Client { return protocol.NewClient(c) }

// Call makes the call on the current connection (see Wait and
// Conn.Call).
func (c *Client) Call(ctx context.Context, method string, params, result any, opts rpc.CallOptions) error {
	conn, err := c.Wait(ctx)
	if err != nil {
		return err
	}
	return conn.Call(ctx, method, params, result, opts)
}
