package client

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// Tally counts what an idle connection received while watched.
type Tally struct {
	// Ticks counts tick events.
	Ticks atomic.Int64
	// Presence counts presence events; PresenceAt is the arrival time
	// (Unix nanoseconds) of the latest.
	Presence   atomic.Int64
	PresenceAt atomic.Int64
	// PresenceBytes is the size of the latest presence frame.
	PresenceBytes atomic.Int64
	// Closed is set once the connection stopped being readable.
	Closed atomic.Bool
}

// watchHead is how much of each message Watch keeps: enough for the
// envelope's type and event name in the order gatewire and the echo
// server write them (events in another key order are not counted).
const watchHead = 64

// Watch reads the connection until it closes, counting tick and presence
// events into t. Run it on its own goroutine; it returns when the
// connection is closed. It keeps only the head of each message, so that
// thousands of watched connections do not each hold a buffer as large as
// the largest event.
func (c *Conn) Watch(t *Tally) {
	defer t.Closed.Store(true)
	var head [watchHead]byte
	for {
		n, size, err := c.readHead(head[:])
		if err != nil {
			return
		}
		f, ok := classifyFast(head[:n])
		if !ok || f.Kind != kindEvent {
			continue
		}
		switch string(f.Event) {
		case protocol.EventTick:
			t.Ticks.Add(1)
		case protocol.EventPresence:
			t.PresenceAt.Store(time.Now().UnixNano())
			t.PresenceBytes.Store(size)
			t.Presence.Add(1)
		}
	}
}

// readHead reads the next message into head as far as it fits and
// discards the rest; it returns the bytes kept and the message's size.
func (c *Conn) readHead(head []byte) (int, int64, error) {
	_, r, err := c.ws.Reader(context.Background())
	if err != nil {
		return 0, 0, err
	}
	n, err := io.ReadFull(r, head)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return n, int64(n), nil
	}
	if err != nil {
		return 0, 0, err
	}
	rest, err := discard(r)
	return n, int64(n) + rest, err
}

// discardBuffers are shared by every watcher: only the few reading at a
// moment hold one.
var discardBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// discard reads r to its end in large reads (a 44 KB event takes one or
// two syscalls instead of io.Discard's 8 KiB steps) and returns the bytes
// read.
func discard(r io.Reader) (int64, error) {
	buf := discardBuffers.Get().(*[]byte)
	defer discardBuffers.Put(buf)
	var total int64
	for {
		n, err := r.Read(*buf)
		total += int64(n)
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}
