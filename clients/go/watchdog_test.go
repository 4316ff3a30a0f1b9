package gatewire

import (
	"testing"

	"github.com/gatewire/gatewire/runtime/engine"
)

func TestTickWatchdogClosesASilentConnection(t *testing.T) {
	checkLeaks(t)
	g := newRawGateway(t, func(s *rawSocket) {
		if s.handshake(20) {
			s.drain()
		}
	})
	c := dialTest(t, g.url, Options{})
	ce := waitDone(t, c)
	if ce.Code != 4000 || ce.Reason != "tick timeout" || !ce.ByClient {
		t.Fatalf("connection ended with %+v, want the client's 4000 tick timeout", ce)
	}
	if close, ok := g.nextClose(); !ok || close.Code != 4000 || close.Reason != "tick timeout" {
		t.Fatalf("gateway saw close %+v (%v)", close, ok)
	}
}

func TestTicksKeepTheConnectionOpen(t *testing.T) {
	checkLeaks(t)
	// Ticks every 10 ms against a watchdog limit of 2 × 500 ms: after more
	// than a limit's worth of ticks the connection must still be open.
	g := newGateway(t, "", func(g *gateway, cfg *engine.Config) {
		g.tickMs = 500
		cfg.Policy.TickIntervalMs = 10
	})
	c := dialTest(t, g.url, Options{})
	ticks := c.Subscribe(1024, "tick")
	for range 150 {
		if _, ok := <-ticks.C; !ok {
			t.Fatalf("connection ended while ticks flowed: %v", c.Err())
		}
	}
	if err := c.Err(); err != nil {
		t.Fatalf("connection ended: %v", err)
	}
}
