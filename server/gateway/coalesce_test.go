package gateway

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestCoalescerRunsOncePerGapAndNeverDropsTheLastTrigger(t *testing.T) {
	var runs atomic.Int32
	done := make(chan struct{}, 10)
	c := newCoalescer(20*time.Millisecond, func() { runs.Add(1); done <- struct{}{} })
	c.trigger()
	<-done
	for i := 0; i < 100; i++ {
		c.trigger()
	}
	<-done
	if got := runs.Load(); got != 2 {
		t.Fatalf("runs after a burst = %d, want 2", got)
	}
	c.stop()
	c.trigger()
	c.mu.Lock()
	scheduled := c.timer != nil
	c.mu.Unlock()
	if scheduled {
		t.Fatal("a trigger after stop scheduled a run")
	}
}
