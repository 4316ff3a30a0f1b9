package engine

// maxDirectFrame is the largest frame written directly by the goroutine
// that queued it; larger ones, and shared-prefix broadcasts, go through a
// drain goroutine.
const maxDirectFrame = 16 << 10

// startDrain becomes the connection's writer for what was just queued:
// it writes directly while the socket takes frames at once, and hands
// whatever is left to a drain goroutine.
func (c *Conn) startDrain() {
	if c.sock == nil || !c.writeQueuedNow() {
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
		rest, wr := c.sock.tryWrite(f.own)
		switch wr {
		case notWritten:
			c.out.putBack(f)
			return false
		case writtenPart:
			go c.finishDirect(f, rest)
			return true
		}
		c.out.written(f.size())
		recycleFrame(f.own)
	}
}

// finishDirect sends the rest of a frame the socket took only in part,
// then goes on draining.
func (c *Conn) finishDirect(f outFrame, rest []byte) {
	err := c.sock.finishWrite(rest)
	recycleFrame(rest)
	if err != nil {
		c.abort()
		return
	}
	c.out.written(f.size())
	recycleFrame(f.own)
	c.drain()
}
