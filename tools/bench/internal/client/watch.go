package client

import (
	"context"
	"sync/atomic"
	"time"
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

// Watch reads the connection until it closes, counting tick and presence
// events into t. Run it on its own goroutine; it returns when the
// connection is closed.
func (c *Conn) Watch(t *Tally) {
	defer t.Closed.Store(true)
	for {
		msg, err := c.read(context.Background())
		if err != nil {
			return
		}
		f := Classify(msg)
		if f.Kind != KindEvent {
			continue
		}
		switch string(f.Event) {
		case "tick":
			t.Ticks.Add(1)
		case "presence":
			t.PresenceAt.Store(time.Now().UnixNano())
			t.PresenceBytes.Store(int64(len(msg)))
			t.Presence.Add(1)
		}
	}
}
