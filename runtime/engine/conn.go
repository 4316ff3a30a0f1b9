package engine

import (
	"context"
	"log/slog"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/transport"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Conn is one gateway connection.
type Conn struct {
	srv       *Server
	sock      transport.Socket
	id        string
	nonce     string
	admission Admission

	out  outbox
	peer atomic.Pointer[Peer]

	ctx    context.Context // ends when the connection closes
	cancel context.CancelFunc

	inflight         chan struct{} // semaphore of concurrent requests
	inline           inlineRun     // the request running on the reader
	unauthorizedRun  atomic.Int32  // consecutive "unauthorized role" refusals
	closeOnce        sync.Once
	closed           chan struct{} // closed once the socket is closed
	closeCode        atomic.Int32
	peerClose        atomic.Int32 // how the peer ended the socket (see notePeerClose)
	handshakeSettled atomic.Bool  // the connect request or the handshake timeout came first
	preauth          atomic.Bool  // holds a slot of the pre-auth budget
}

// logAt writes a log line about the connection, tagged with its id. The
// tag is added per line rather than kept in a per-connection logger,
// which would cost every idle connection a copy of the log handlers.
func (c *Conn) logAt(level slog.Level, msg string, args ...any) {
	ctx := context.Background()
	if !c.srv.log.Enabled(ctx, level) {
		return
	}
	c.srv.log.Log(ctx, level, msg, append([]any{"conn", c.id}, args...)...)
}

// ID returns the connection id (hello-ok server.connId).
func (c *Conn) ID() string { return c.id }

// Nonce returns the nonce of the connect challenge sent on this socket.
func (c *Conn) Nonce() string { return c.nonce }

// ClientIP returns the client's address as admitted.
func (c *Conn) ClientIP() netip.Addr { return c.admission.ClientIP }

// Admission returns what the server decided at the upgrade.
func (c *Conn) Admission() Admission { return c.admission }

// Peer returns who the connection acts as, or nil before the handshake.
func (c *Conn) Peer() *Peer { return c.peer.Load() }

// Buffered returns the outbound bytes queued and not yet written.
func (c *Conn) Buffered() int64 { return c.out.buffered() }

// SendEvent sends a direct event (without seq) to this connection only.
// A slow consumer skips it when dropIfSlow is set and is closed otherwise.
func (c *Conn) SendEvent(event string, payload any, dropIfSlow bool) error {
	version := 0
	if p := c.Peer(); p != nil {
		version = p.Protocol
	}
	raw, err := wire.Marshal(rpc.Shape(payload, version))
	if err != nil {
		return err
	}
	frame := wire.FinishEvent(wire.EventPrefix(event, raw), -1, nil)
	c.sendNow(outFrame{own: frame}, dropIfSlow)
	return nil
}

// Close flushes what is queued, then closes the connection with code and
// reason (reason is truncated to the protocol's limit).
func (c *Conn) Close(code int, reason string) {
	c.closeRaw(code, wire.CloseReason(reason))
}

// closeRaw is Close without reason normalization (some closes carry an
// empty reason on purpose).
func (c *Conn) closeRaw(code int, reason string) {
	ok, start := c.out.requestClose(code, reason)
	if !ok {
		return
	}
	c.closeCode.Store(int32(code))
	if start {
		go c.drain()
	}
}

// send queues a frame for a drain goroutine to write, closing the
// connection as a slow consumer when the queue would overflow with a
// frame that may not be dropped. It reports whether the frame was queued.
func (c *Conn) send(frame []byte, dropIfSlow bool) bool {
	res, start := c.out.push(outFrame{own: frame}, dropIfSlow)
	return c.queued(res, start, c.drainLater)
}

// sendNow is send for a direct event: when nothing else is being written,
// the calling goroutine writes it if the socket takes it at once (see
// writeQueuedNow). Replies do not use it: the hello reply is queued under
// the server's lock. It returns what became of the frame.
func (c *Conn) sendNow(frame outFrame, dropIfSlow bool) enqueueResult {
	res, start := c.out.push(frame, dropIfSlow)
	c.queued(res, start, c.startDrain)
	return res
}

// sendEvent is sendNow for a broadcast: the event, finished from its
// encoded prefix, gets the connection's next sequence number.
func (c *Conn) sendEvent(prefix []byte, sv *wire.StateVersion, dropIfSlow bool) enqueueResult {
	res, start := c.out.pushEvent(prefix, sv, dropIfSlow)
	c.queued(res, start, c.startDrain)
	return res
}

// sendHere queues a frame that may not be dropped and, when no drain is
// running, writes the queue on the calling goroutine.
func (c *Conn) sendHere(frame []byte) {
	res, start := c.out.push(outFrame{own: frame}, false)
	c.queued(res, start, c.drainHere)
}

// queued acts on what became of a frame: it calls startDrain when the
// queue needs a writer and closes a slow consumer. It reports whether the
// frame was queued.
func (c *Conn) queued(res enqueueResult, start bool, startDrain func()) bool {
	switch res {
	case queued:
		if start {
			startDrain()
		}
		return true
	case overrun:
		c.slowConsumer()
	}
	return false
}

// drainLater starts a drain goroutine.
func (c *Conn) drainLater() { go c.drain() }

// slowCloseTimeout bounds the close handshake with a slow consumer, whose
// socket may still be busy with the frame being written (awaitWriter); a test that
// must see the close frame on a loaded machine changes
// Server.slowCloseTimeout.
const slowCloseTimeout = 5 * time.Second

// slowConsumer discards the queue and closes with 1008 "slow consumer".
func (c *Conn) slowConsumer() {
	c.logAt(slog.LevelWarn, "closing slow consumer", "buffered", c.out.buffered())
	idle, first := c.out.killFirst()
	if first {
		c.srv.recordSlowConsumer()
	}
	c.closeCode.Store(wire.ClosePolicyViolation)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), c.srv.slowCloseTimeout)
		defer cancel()
		c.awaitWriter(ctx, idle)
		c.closeAfter(ctx, wire.ClosePolicyViolation, wire.ReasonSlowConsumer)
	}()
}

// awaitWriter waits until the write in progress when the queue was killed
// (idle, from outbox.kill) has returned, the connection closed, or ctx
// ended. The WebSocket library gives a close frame only 5 s to get past a
// write in progress before it drops the connection, so the close
// handshake starts only once the socket is free: a consumer that is slow,
// not gone, still gets its 1008 within slowCloseTimeout.
func (c *Conn) awaitWriter(ctx context.Context, idle <-chan struct{}) {
	if idle == nil {
		return
	}
	select {
	case <-idle:
	case <-c.closed:
	case <-ctx.Done():
	}
}

// finishClose sends the close frame of a flushed close request.
func (c *Conn) finishClose(cr *closeRequest) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c.closeAfter(ctx, cr.code, cr.reason)
}

// closeAfter runs the WebSocket close handshake on the calling
// goroutine, cutting it short at ctx's end.
func (c *Conn) closeAfter(ctx context.Context, code int, reason string) {
	stop := context.AfterFunc(ctx, c.abort)
	_ = c.sock.Close(code, reason)
	stop()
	c.markClosed()
}

// abort drops the connection without a close handshake. Closing the
// connection under the WebSocket library also ends a close handshake in
// progress, which would otherwise wait for the peer for seconds.
func (c *Conn) abort() {
	c.out.kill()
	c.sock.Kill()
	go func() {
		_ = c.sock.CloseNow()
		c.markClosed()
	}()
}

// markClosed records that the socket is closed.
func (c *Conn) markClosed() { c.closeOnce.Do(func() { close(c.closed) }) }

// waitClosed waits until a requested close has completed.
func (c *Conn) waitClosed() { <-c.closed }
