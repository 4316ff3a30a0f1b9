package engine

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestServerPingsInterleaveWithEverythingWritten(t *testing.T) {
	overEachTransport(t, func(t *testing.T, tr connPath) {
		h := newHarnessOver(t, tr, func(c *Config) { c.PingInterval = 50 * time.Millisecond })
		var pings atomic.Int32
		h.dialOpts = &websocket.DialOptions{OnPingReceived: func(context.Context, []byte) bool {
			pings.Add(1)
			return true
		}}
		if tr.tls {
			h.dialOpts.HTTPClient = h.http.Client()
		}
		c := h.open("operator", "operator.read")
		conn := h.onlyConn()
		big := strings.Repeat("x", 2*sharePrefixFrom)
		var seq int64
		for n := 0; pings.Load() < 5; n++ {
			// A batch of small and shared large broadcasts and a direct
			// event, written while pings go out, then read back.
			for i := range 8 {
				payload := any(i)
				if i%4 == 0 {
					payload = big
				}
				h.srv.Broadcast(Event{Name: "open.event", Payload: payload})
			}
			_ = conn.SendEvent("open.event", n, false)
			for range 9 {
				if f := c.read(); f.Seq != nil {
					if *f.Seq != seq+1 {
						t.Fatalf("seq %d after %d", *f.Seq, seq)
					}
					seq = *f.Seq
				}
			}
		}
	})
}
