package gatewire

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// Conn is one connection to a gateway, past its handshake. It is safe for
// concurrent use.
type Conn struct {
	ws    *websocket.Conn
	opts  Options
	log   *slog.Logger
	hello *protocol.HelloOk
	// protocol is the negotiated protocol version, set with hello.
	protocol int

	ctx    context.Context // ends when the connection does
	cancel context.CancelFunc

	mu        sync.Mutex
	pending   map[string]*pendingCall
	events    subscriptionSet                // Subscribe's subscriptions
	connectID string                         // id of the connect request, until answered
	localEnd  *ClosedError                   // set when this side starts closing
	challenge chan string                    // the nonce of connect.challenge, once
	outbox    chan []byte                    // frames for the writer
	opened    atomic.Bool                    // true once hello-ok has been read
	lastSeq   int64                          // last broadcast seq seen (reader goroutine only)
	started   time.Time                      // base of the monotonic frame clock
	lastFrame atomic.Int64                   // when a frame last arrived, since started
	done      chan struct{}                  // closed once the connection is fully gone
	err       *ClosedError                   // why it ended, set before done is closed
	shutdown  atomic.Pointer[ShutdownNotice] // the gateway's shutdown event, once
	workers   sync.WaitGroup
}

// newConn wraps an upgraded socket and starts its reader.
func newConn(ws *websocket.Conn, o Options) *Conn {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Conn{
		ws: ws, opts: o, log: o.Logger, ctx: ctx, cancel: cancel,
		pending:   map[string]*pendingCall{},
		challenge: make(chan string, 1),
		outbox:    make(chan []byte),
		started:   time.Now(),
		done:      make(chan struct{}),
	}
	ws.SetReadLimit(o.MaxMessageBytes)
	c.workers.Add(2)
	go c.readLoop()
	go c.writeLoop()
	return c
}

// Hello returns the gateway's hello-ok: the granted role and scopes, the
// issued device token, the gateway's features, snapshot and limits.
func (c *Conn) Hello() *protocol.HelloOk { return c.hello }

// Protocol returns the protocol version the connection runs at (3 or 4):
// the version the gateway chose from the offered range, which shapes
// every frame both sides send.
func (c *Conn) Protocol() int { return c.protocol }

// API returns the typed client of the protocol's methods over c.
func (c *Conn) API() *protocol.Client { return protocol.NewClient(c) }

// Done returns a channel closed when the connection has ended.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err returns why the connection ended (a *ClosedError), or nil while it
// is open.
func (c *Conn) Err() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

// Close closes the connection normally (1000) and waits until it is gone.
func (c *Conn) Close() error {
	c.closeWith(websocket.StatusNormalClosure, "")
	<-c.done
	return nil
}

// closeWith starts a close handshake with code and reason unless the
// connection is already ending. It does not wait.
func (c *Conn) closeWith(code websocket.StatusCode, reason string) {
	if !c.markLocalEnd(&ClosedError{Code: int(code), Reason: reason, ByClient: true}) {
		return
	}
	c.workers.Add(1)
	go func() {
		defer c.workers.Done()
		_ = c.ws.Close(code, reason)
	}()
}

// abort drops the connection without a close handshake.
func (c *Conn) abort(cause error) {
	if c.markLocalEnd(&ClosedError{ByClient: true, Err: cause}) {
		_ = c.ws.CloseNow()
	}
}

// markLocalEnd records that this side ends the connection; false when it
// is already ending.
func (c *Conn) markLocalEnd(e *ClosedError) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.localEnd != nil || c.err != nil {
		return false
	}
	c.localEnd = e
	return true
}

// endingLocked returns why the connection ended or is ending (a
// *ClosedError), or nil while it is open. c.mu must be held. One of the
// two is always set before c.ctx ends.
func (c *Conn) endingLocked() error {
	switch {
	case c.err != nil:
		return c.err
	case c.localEnd != nil:
		return c.localEnd
	}
	return nil
}

// finish tears the connection down once its reader has stopped with err:
// pending calls and subscriptions end, and done is closed.
func (c *Conn) finish(readErr error) {
	end := c.endReason(readErr)
	c.mu.Lock()
	c.err = end
	c.pending = map[string]*pendingCall{} // their callers watch done
	c.mu.Unlock()
	c.cancel()
	_ = c.ws.CloseNow()
	c.events.end()
	go func() {
		c.workers.Wait()
		close(c.done)
	}()
}

// endReason decides how the connection ended: as this side asked, or as
// the gateway's close frame or the transport error says.
func (c *Conn) endReason(readErr error) *ClosedError {
	c.mu.Lock()
	local := c.localEnd
	c.mu.Unlock()
	if local != nil {
		return local
	}
	var ce websocket.CloseError
	if errors.As(readErr, &ce) {
		return &ClosedError{Code: int(ce.Code), Reason: ce.Reason}
	}
	return &ClosedError{Err: readErr}
}

// sinceStart returns the monotonic time since the connection started.
func (c *Conn) sinceStart() time.Duration { return time.Since(c.started) }

// Conn and Client are the rpc.Caller that generated typed clients use.
var (
	_ rpc.Caller = (*Conn)(nil)
	_ rpc.Caller = (*Client)(nil)
)
