package gateway

import (
	"sync"
	"time"
)

// presenceGap is the least time between two presence broadcasts: a burst
// of disconnects (a load test ending, a network dropping) costs one
// broadcast of the full list per gap instead of one per connection, and
// every change still goes out within the gap.
const presenceGap = 100 * time.Millisecond

// healthGap is the least time between two health refreshes asked for by
// connects: a burst of connects costs one refresh (and one health
// broadcast) per gap instead of one per connection.
const healthGap = time.Second

// coalescer runs fn when triggered, at most once per gap: a trigger
// within the gap after a run schedules one more run at the gap's end,
// which serves every trigger that arrives until then.
type coalescer struct {
	gap time.Duration
	fn  func()

	mu      sync.Mutex
	lastRun time.Time
	timer   *time.Timer
	stopped bool
}

func newCoalescer(gap time.Duration, fn func()) *coalescer {
	return &coalescer{gap: gap, fn: fn}
}

// trigger asks for a run.
func (c *coalescer) trigger() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped || c.timer != nil {
		return
	}
	wait := c.gap - time.Since(c.lastRun)
	if wait < 0 {
		wait = 0
	}
	c.timer = time.AfterFunc(wait, c.run)
}

func (c *coalescer) run() {
	c.mu.Lock()
	if c.stopped {
		c.mu.Unlock()
		return
	}
	c.timer, c.lastRun = nil, time.Now()
	c.mu.Unlock()
	c.fn()
}

// stop cancels a scheduled run; later triggers do nothing.
func (c *coalescer) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
}
