package gatewire

import (
	"encoding/json"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// ShutdownNotice is what a gateway's shutdown event said before it
// closed the connection with 1012.
type ShutdownNotice struct {
	// Reason is why the gateway stopped, e.g. "gateway stopping".
	Reason string
	// RestartExpected is how soon the gateway expects to be back; 0 when
	// it did not say (restartExpectedMs null, as v3 sends).
	RestartExpected time.Duration
}

// Shutdown returns the gateway's shutdown notice, once its shutdown event
// has arrived.
func (c *Conn) Shutdown() (ShutdownNotice, bool) {
	n := c.shutdown.Load()
	if n == nil {
		return ShutdownNotice{}, false
	}
	return *n, true
}

// noteShutdown records the shutdown event's payload.
func (c *Conn) noteShutdown(payload json.RawMessage) {
	var ev protocol.ShutdownEvent
	if json.Unmarshal(payload, &ev) != nil {
		return
	}
	n := &ShutdownNotice{Reason: ev.Reason}
	if v := ev.RestartExpectedMs.Value; v != nil && *v > 0 {
		n.RestartExpected = time.Duration(*v) * time.Millisecond
	}
	c.shutdown.Store(n)
}
