package engine

import (
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestBlockedRequestsNeverHoldUpOthers(t *testing.T) {
	overEachTransport(t, func(t *testing.T, tr connPath) {
		h := newHarnessOver(t, tr, nil)
		c := h.open("operator", "operator.read")
		// Each blocked request moves reading to a new goroutine; the request
		// after all of them must still be read and answered.
		const blocked = 40
		for i := range blocked {
			n := strconv.Itoa(i)
			c.send(`{"type":"req","id":"slow` + n + `","method":"slow","params":{"n":` + n + `}}`)
		}
		if f := c.call("h", "health", `{}`); !f.OK {
			t.Fatalf("health behind blocked requests: %+v", f)
		}
		close(h.release)
		seen := map[string]bool{}
		for len(seen) < blocked {
			f := c.read()
			if f.Type != "res" || !f.OK {
				continue
			}
			// Each blocked request must still see its own params, read long
			// before it finished.
			if want := `{"ran":"{\"n\":` + strings.TrimPrefix(f.ID, "slow") + `}"}`; string(f.Payload) != want {
				t.Fatalf("reply %s = %s, want %s", f.ID, f.Payload, want)
			}
			seen[f.ID] = true
		}
		if f := c.call("h2", "echo", `{"after":true}`); !f.OK || string(f.Payload) != `{"after":true}` {
			t.Fatalf("call after the blocked ones: %+v", f)
		}
	})
}

func TestFastRequestsAreAnsweredInOrder(t *testing.T) {
	h := newHarness(t, nil)
	// Requests that finish within the budget run one after another on the
	// reader. A loaded machine can stretch an echo past 1 ms, which hands
	// reading over (and lets a later request overtake); a budget that
	// never expires makes the order this test checks deterministic.
	h.srv.inlineBudget = time.Hour
	c := h.open("operator", "operator.read")
	const n = 200
	for i := range n {
		c.send(`{"type":"req","id":"` + strconv.Itoa(i) + `","method":"echo","params":{}}`)
	}
	for i := range n {
		if f := c.read(); f.Type != "res" || f.ID != strconv.Itoa(i) || !f.OK {
			t.Fatalf("reply %d = %+v", i, f)
		}
	}
}

func TestAConnectionFinishesOnceAfterHandovers(t *testing.T) {
	var closed atomic.Int32
	h := newHarness(t, func(cfg *Config) { cfg.OnClose = func(*Conn) { closed.Add(1) } })
	c := h.open("operator", "operator.read")
	for i := range 5 {
		c.send(`{"type":"req","id":"slow` + strconv.Itoa(i) + `","method":"slow","params":{}}`)
		if f := c.call("e"+strconv.Itoa(i), "echo", `{}`); !f.OK {
			t.Fatalf("echo %d: %+v", i, f)
		}
	}
	close(h.release)
	for got := 0; got < 5; {
		if f := c.read(); f.Type == "res" && f.OK {
			got++
		}
	}
	if err := c.WS().Close(websocket.StatusNormalClosure, ""); err != nil {
		t.Fatalf("close: %v", err)
	}
	eventually(t, "OnClose ran", func() bool { return closed.Load() > 0 })
	time.Sleep(20 * time.Millisecond) // a second finish, if any, would come now
	if n := closed.Load(); n != 1 {
		t.Fatalf("OnClose ran %d times, want once", n)
	}
}
