package engine

import "github.com/gatewire/gatewire/runtime/transport"

// maxDirectFrame is the largest frame written directly by the goroutine
// that queued it; larger ones, and shared-prefix broadcasts, go through a
// drain goroutine.
const maxDirectFrame = 16 << 10

// startDrain becomes the connection's writer for what was just queued:
// it writes directly while the socket takes frames at once, and hands
// whatever is left to a drain goroutine.
func (c *Conn) startDrain() {
	if !c.sock.Direct() || !c.writeQueuedNow() {
		go c.drain()
	}
}

// writeQueuedNow writes queued frames on the calling goroutine without
// waiting. It reports whether the drain is over (or continues on a
// goroutine it started); false means the caller must start one.
func (c *Conn) writeQueuedNow() bool {
	for {
		f, res := c.out.nextOne()
		switch res {
		case drainOver:
			return true
		case needsDrainer:
			return false
		}
		if f.shared != nil || f.size() > maxDirectFrame {
			c.out.putBack(f)
			return false
		}
		switch c.sock.TryWrite(f.own) {
		case transport.NotWritten:
			c.out.putBack(f)
			return false
		case transport.WrittenPart:
			go c.finishDirect(f)
			return true
		}
		c.out.written(f.size())
		recycleFrame(f.own)
	}
}

// finishDirect sends the rest of a frame the socket took only in part,
// then goes on draining.
func (c *Conn) finishDirect(f outFrame) {
	if err := c.sock.FinishWrite(); err != nil {
		c.abort()
		return
	}
	c.out.written(f.size())
	recycleFrame(f.own)
	c.drain()
}
