package engine

import (
	"context"
	"strconv"
	"testing"
	"time"
)

func TestBlockedRequestsNeverHoldUpOthers(t *testing.T) {
	h := newHarness(t, nil)
	c := h.open("operator", "operator.read")
	// More blocked requests than there are waiting workers: every one of
	// them, and the request after them, must get a goroutine.
	blocked := maxIdleWorkers + 8
	for i := range blocked {
		c.send(`{"type":"req","id":"slow` + strconv.Itoa(i) + `","method":"slow","params":{}}`)
	}
	if f := c.call("h", "health", `{}`); !f.OK {
		t.Fatalf("health behind blocked requests: %+v", f)
	}
	close(h.release)
	seen := map[string]bool{}
	for len(seen) < blocked {
		if f := c.read(); f.Type == "res" && f.OK {
			seen[f.ID] = true
		}
	}
}

func TestWorkersRunManyRequestsAndStopWithTheServer(t *testing.T) {
	h := newHarness(t, nil)
	c := h.open("operator", "operator.read")
	for i := range 200 {
		id := strconv.Itoa(i)
		if f := c.call(id, "echo", `{"n":`+id+`}`); !f.OK || string(f.Payload) != `{"n":`+id+`}` {
			t.Fatalf("call %d: %+v", i, f)
		}
	}
	if h.srv.workers.idle.Load() < 1 {
		t.Fatal("no worker waits for the next request after a run of requests")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	h.srv.Shutdown(ctx, "test over", nil) // the client never answers the close: it is dropped
	deadline := time.Now().Add(5 * time.Second)
	for h.srv.workers.idle.Load() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d workers still wait after Shutdown", h.srv.workers.idle.Load())
		}
		time.Sleep(time.Millisecond)
	}
}
