package engine

import (
	"math"
	"sync/atomic"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

// inlineBudget is how long a request runs on its connection's reading
// goroutine before reading moves on to a new goroutine, unless a test
// changes Server.inlineBudget.
const inlineBudget = time.Millisecond

// inlineRun tracks the request a connection's reader is running. Most
// requests are answered within microseconds: running them on the reader
// saves handing each to another goroutine (a wake-up, often on another
// CPU, and a fresh stack grown by copying), which is most of what a
// request costs beyond the socket. A request that takes longer than
// inlineBudget must not hold up the connection's other requests, so a
// timer then starts a new reader and the old one ends with its request.
type inlineRun struct {
	timer *time.Timer   // created with the first request
	seq   uint64        // the reader's count of requests it ran
	run   atomic.Uint64 // seq of the request running on the reader; 0 for none
}

// runInline runs req on the calling goroutine, the connection's reader.
// It reports whether the caller is still the reader afterwards; if not, a
// new goroutine has taken over reading and the caller must stop.
func (s *Server) runInline(c *Conn, req *wire.Request) bool {
	in := &c.inline
	in.seq++
	run := in.seq
	in.run.Store(run)
	if in.timer == nil {
		// Created unarmed, so it cannot fire before it is stored.
		in.timer = time.AfterFunc(math.MaxInt64, func() { s.handOverReading(c) })
	}
	in.timer.Reset(s.inlineBudget)
	s.dispatch(c, req)
	if !in.run.CompareAndSwap(run, 0) {
		return false // handed over: the new reader owns the timer now
	}
	in.timer.Stop()
	return true
}

// handOverReading starts a new reader when a request has been running on
// the reader for inlineBudget. A late timer may hand over the request
// after the one it was set for; that only moves reading a little early.
func (s *Server) handOverReading(c *Conn) {
	run := c.inline.run.Load()
	if run != 0 && c.inline.run.CompareAndSwap(run, 0) {
		go s.serveOpen(c)
	}
}
