// Package health caches the gateway's health summary. A summary younger
// than MaxAge is served from the cache unless a probe is asked for; every
// refresh bumps the health state version (which starts at 1) and is
// handed to a listener that broadcasts the health event. Refreshes asked
// for after connects are coalesced so that a burst of connects costs one
// refresh per MinRefreshGap, not one per connection.
package health

import (
	"sync"
	"time"
)

// Timing of the cache.
const (
	// MaxAge is how long a summary is served without a probe.
	MaxAge = 60 * time.Second
	// MinRefreshGap spaces background refreshes asked for by RefreshSoon.
	MinRefreshGap = time.Second
)

// Cache holds the latest summary of type T.
type Cache[T any] struct {
	build     func() T
	onRefresh func(summary T, version int64)
	now       func() time.Time

	mu      sync.Mutex
	summary T
	takenAt time.Time
	has     bool
	version int64

	soonMu    sync.Mutex
	soonTimer *time.Timer
	lastSoon  time.Time
}

// New returns a cache that builds summaries with build and reports every
// refresh to onRefresh (which may be nil). now is the clock.
func New[T any](build func() T, onRefresh func(T, int64), now func() time.Time) *Cache[T] {
	return &Cache[T]{build: build, onRefresh: onRefresh, now: now, version: 1}
}

// Version returns the health state version.
func (c *Cache[T]) Version() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.version
}

// Cached returns the latest summary, if there is one.
func (c *Cache[T]) Cached() (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.summary, c.has
}

// Get returns the cached summary when it is younger than MaxAge and probe
// is false; otherwise it refreshes.
func (c *Cache[T]) Get(probe bool) T {
	c.mu.Lock()
	if c.has && !probe && c.now().Sub(c.takenAt) < MaxAge {
		s := c.summary
		c.mu.Unlock()
		return s
	}
	c.mu.Unlock()
	return c.Refresh()
}

// Refresh builds a new summary, bumps the version and reports it.
func (c *Cache[T]) Refresh() T {
	s := c.build()
	c.mu.Lock()
	c.summary, c.takenAt, c.has = s, c.now(), true
	c.version++
	v := c.version
	c.mu.Unlock()
	if c.onRefresh != nil {
		c.onRefresh(s, v)
	}
	return s
}

// Prime stores a first summary without bumping the version or reporting
// it (the summary a gateway starts with).
func (c *Cache[T]) Prime() {
	s := c.build()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.summary, c.takenAt, c.has = s, c.now(), true
}

// RefreshSoon asks for a background refresh: immediately when the last
// one asked for this way is at least MinRefreshGap old, else once at the
// end of the gap (several requests within a gap share that refresh).
func (c *Cache[T]) RefreshSoon() {
	c.soonMu.Lock()
	defer c.soonMu.Unlock()
	if c.soonTimer != nil {
		return // a refresh is already scheduled
	}
	wait := MinRefreshGap - time.Since(c.lastSoon)
	if wait < 0 {
		wait = 0
	}
	c.soonTimer = time.AfterFunc(wait, func() {
		c.soonMu.Lock()
		c.soonTimer, c.lastSoon = nil, time.Now()
		c.soonMu.Unlock()
		c.Refresh()
	})
}

// Stop cancels a scheduled background refresh.
func (c *Cache[T]) Stop() {
	c.soonMu.Lock()
	defer c.soonMu.Unlock()
	if c.soonTimer != nil {
		c.soonTimer.Stop()
		c.soonTimer = nil
	}
}
