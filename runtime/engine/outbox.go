package engine

import (
	"sync"

	"github.com/gatewire/gatewire/runtime/transport"
	"github.com/gatewire/gatewire/runtime/wire"
)

// outbox is a connection's outbound queue, bounded in bytes. Frames are
// written by a drain goroutine that exists only while there is something
// to write, so an idle connection costs no writer goroutine.
type outbox struct {
	max int64

	mu      sync.Mutex
	frames  []outFrame
	bytes   int64 // queued and not yet written
	seq     int64 // the last broadcast sequence number taken
	writing bool
	closing *closeRequest // written after the queued frames
	dead    bool          // nothing more is written
	idle    chan struct{} // closed when the write in progress at kill returns
}

// newFrameBuffer returns an empty buffer for a frame of about size bytes.
func newFrameBuffer(size int) []byte { return transport.NewBuffer(size) }

// recycleFrame keeps a written frame's buffer for a later frame. Every
// queued frame's own bytes belong to the queue alone, and the socket has
// copied them once the write returned.
func recycleFrame(b []byte) { transport.Recycle(b) }

// outFrame is one queued message: shared, when set, is a prefix several
// connections' messages have in common (a broadcast's encoded event),
// followed by this connection's own bytes.
type outFrame struct {
	shared, own []byte
}

func (f outFrame) size() int { return len(f.shared) + len(f.own) }

// closeRequest is a close frame to send once the queue is flushed.
type closeRequest struct {
	code   int
	reason string
}

// enqueueResult tells what became of a frame.
type enqueueResult int

const (
	queued  enqueueResult = iota // will be written
	dropped                      // skipped: over the limit and drop-if-slow
	overrun                      // over the limit: the connection must close as a slow consumer
	gone                         // the connection is closing or closed
)

// push queues frame unless that would take the queue over its limit. It
// reports whether the caller must start a drain goroutine.
func (o *outbox) push(frame outFrame, dropIfSlow bool) (res enqueueResult, startDrain bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.pushLocked(frame, dropIfSlow)
}

// pushEvent is push for a broadcast event: it gives the event the
// connection's next sequence number, under the queue's lock, so that
// numbers reach the socket in order however many goroutines broadcast at
// once. A dropped event keeps its number: the client sees the gap.
func (o *outbox) pushEvent(prefix []byte, sv *wire.StateVersion, dropIfSlow bool) (res enqueueResult, startDrain bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dead || o.closing != nil {
		return gone, false
	}
	o.seq++
	return o.pushLocked(eventFrame(prefix, o.seq, sv), dropIfSlow)
}

// pushLocked is push with o.mu held.
func (o *outbox) pushLocked(frame outFrame, dropIfSlow bool) (res enqueueResult, startDrain bool) {
	if o.dead || o.closing != nil {
		return gone, false
	}
	if o.bytes+int64(frame.size()) > o.max {
		if dropIfSlow {
			return dropped, false
		}
		return overrun, false
	}
	o.frames = append(o.frames, frame)
	o.bytes += int64(frame.size())
	if o.writing {
		return queued, false
	}
	o.writing = true
	return queued, true
}

// requestClose asks for a close frame after the queued frames. It reports
// whether the caller must start a drain goroutine, and false for ok when a
// close was already requested.
func (o *outbox) requestClose(code int, reason string) (ok, startDrain bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dead || o.closing != nil {
		return false, false
	}
	o.closing = &closeRequest{code: code, reason: reason}
	if o.writing {
		return true, false
	}
	o.writing = true
	return true, true
}

// kill discards everything queued; nothing more will be written. The
// channel it returns is closed once the drain in progress, if any, has
// returned from its write; it is nil when no drain is running.
func (o *outbox) kill() <-chan struct{} {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dead = true
	o.frames = nil
	o.bytes = 0
	if !o.writing {
		return nil
	}
	if o.idle == nil {
		o.idle = make(chan struct{})
	}
	return o.idle
}

// killFirst is kill that also reports whether this call ended the queue
// (false when it was already dead).
func (o *outbox) killFirst() (idle <-chan struct{}, first bool) {
	o.mu.Lock()
	first = !o.dead
	o.mu.Unlock()
	return o.kill(), first
}

// stopWritingLocked marks the drain finished and wakes whoever waits for
// it (see kill); o.mu is held.
func (o *outbox) stopWritingLocked() {
	o.writing = false
	if o.idle != nil {
		close(o.idle)
		o.idle = nil
	}
}

// next takes the queued frames, or the close request once the queue is
// empty. When there is nothing left it marks the drain finished.
func (o *outbox) next() (frames []outFrame, cr *closeRequest, more bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dead {
		o.stopWritingLocked()
		return nil, nil, false
	}
	if len(o.frames) > 0 {
		frames, o.frames = o.frames, nil
		return frames, nil, true
	}
	if o.closing != nil {
		o.dead = true
		o.stopWritingLocked()
		return nil, o.closing, false
	}
	o.stopWritingLocked()
	return nil, nil, false
}

// oneResult tells what nextOne found.
type oneResult int

const (
	gotFrame     oneResult = iota // a frame to write
	drainOver                     // nothing left: the drain is finished
	needsDrainer                  // a close is pending: a drain goroutine must send it
)

// nextOne takes the first queued frame for a write on the caller's
// goroutine; see oneResult. It is next for one frame at a time.
func (o *outbox) nextOne() (outFrame, oneResult) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case o.dead:
		o.stopWritingLocked()
		return outFrame{}, drainOver
	case len(o.frames) > 0:
		f := o.frames[0]
		o.frames[0] = outFrame{}
		o.frames = o.frames[1:]
		return f, gotFrame
	case o.closing != nil:
		return outFrame{}, needsDrainer
	}
	o.stopWritingLocked()
	return outFrame{}, drainOver
}

// putBack returns a frame nextOne took, unwritten, to the head of the
// queue.
func (o *outbox) putBack(f outFrame) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dead {
		return
	}
	o.frames = append([]outFrame{f}, o.frames...)
}

// written accounts for a frame that left the queue (kill already
// accounted for everything).
func (o *outbox) written(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.dead {
		o.bytes -= int64(n)
	}
}

// buffered returns the bytes queued and not yet written.
func (o *outbox) buffered() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.bytes
}

// drain writes queued frames until the queue is empty, then sends the
// requested close frame, if any.
func (c *Conn) drain() {
	for c.writeBatch() {
	}
}

// inlineBatches bounds the batches drainHere writes on the caller's
// goroutine before handing the rest to a drain goroutine.
const inlineBatches = 2

// drainHere drains on the calling goroutine, which must be free to block
// on the socket; if frames keep arriving it hands over to a drain
// goroutine rather than staying a writer.
func (c *Conn) drainHere() {
	for range inlineBatches {
		if !c.writeBatch() {
			return
		}
	}
	go c.drain()
}

// writeBatch writes the frames queued now, or the close frame once the
// queue is empty. It reports whether the drain must go on.
func (c *Conn) writeBatch() bool {
	frames, cr, more := c.out.next()
	for _, f := range frames {
		if err := c.writeFrame(f); err != nil {
			c.abort()
			return false
		}
		c.out.written(f.size())
		recycleFrame(f.own)
	}
	if cr != nil {
		c.finishClose(cr)
		return false
	}
	return more
}

// writeFrame writes one queued message. A message with a shared prefix is
// written with transport.Socket.WriteJoined: the slim socket never copies
// the prefix per connection.
func (c *Conn) writeFrame(f outFrame) error {
	if f.shared == nil {
		return c.sock.Write(f.own)
	}
	return c.sock.WriteJoined(f.shared, f.own)
}
