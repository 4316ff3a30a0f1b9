package gatewire

import (
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

// startWatchdog closes the connection with 4000 "tick timeout" when no
// frame arrives for twice the gateway's tick interval.
func (c *Conn) startWatchdog(tick time.Duration) {
	limit := 2 * tick
	c.lastFrame.Store(int64(c.sinceStart()))
	c.workers.Add(1)
	go func() {
		defer c.workers.Done()
		t := time.NewTimer(limit)
		defer t.Stop()
		for {
			select {
			case <-c.ctx.Done():
				return
			case <-t.C:
			}
			idle := c.sinceStart() - time.Duration(c.lastFrame.Load())
			if idle >= limit {
				c.log.Debug("closing a silent connection", "idle", idle)
				c.closeWith(wire.CloseTickTimeout, wire.ReasonTickTimeout)
				return
			}
			t.Reset(limit - idle)
		}
	}()
}
