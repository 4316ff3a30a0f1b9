// Package dedupe is the gateway's idempotency cache: replies of requests
// that carry an idempotency key are remembered for a while, a repeated
// request gets the remembered reply, and concurrent duplicates wait for the
// first one instead of running again.
package dedupe

import (
	"container/list"
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

// Reply is a remembered response: its payload, its error, or both.
type Reply struct {
	// Payload is the reply's payload (nil when it had none).
	Payload json.RawMessage
	// Err is the reply's error (nil for a successful reply).
	Err *wire.Error
}

// Cache holds replies by key. The zero value is not usable; use New.
type Cache struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu        sync.Mutex
	entries   map[string]*list.Element // of *Entry
	order     *list.List               // oldest first
	lastSweep time.Time
}

// sweepEvery spaces the sweeps for expired entries: a sweep walks every
// entry, so it does not run on every request. Lookups check expiry
// themselves, so an expired reply is never replayed in between.
const sweepEvery = time.Second

// New returns a cache whose completed entries live for ttl and which holds
// at most max entries, evicting the oldest completed ones first.
func New(ttl time.Duration, max int, now func() time.Time) *Cache {
	if now == nil {
		now = time.Now
	}
	return &Cache{ttl: ttl, max: max, now: now, entries: map[string]*list.Element{}, order: list.New()}
}

// Begin looks key up. When no live entry exists it creates one and returns
// it with leader true: the caller runs the request and reports its replies
// with Entry.Interim and Entry.Complete. Otherwise it returns the existing
// entry with leader false, and the caller answers with Entry.Wait.
func (c *Cache) Begin(key string) (e *Entry, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if now.Sub(c.lastSweep) >= sweepEvery {
		c.sweepLocked(now)
		c.lastSweep = now
	}
	if el, ok := c.entries[key]; ok {
		if e := el.Value.(*Entry); !e.completedBefore(now.Add(-c.ttl)) {
			return e, false
		}
		c.removeLocked(el)
	}
	e = &Entry{key: key, now: c.now, ready: make(chan struct{}), done: make(chan struct{})}
	c.entries[key] = c.order.PushBack(e)
	c.evictOverflowLocked()
	return e, true
}

// Len returns the number of entries held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// sweepLocked drops completed entries older than the TTL.
func (c *Cache) sweepLocked(now time.Time) {
	for el := c.order.Front(); el != nil; {
		next := el.Next()
		e := el.Value.(*Entry)
		if e.completedBefore(now.Add(-c.ttl)) {
			c.removeLocked(el)
		}
		el = next
	}
}

// evictOverflowLocked drops the oldest completed entries beyond max.
// Entries still in flight are never evicted.
func (c *Cache) evictOverflowLocked() {
	for el := c.order.Front(); el != nil && len(c.entries) > c.max; {
		next := el.Next()
		if el.Value.(*Entry).isDone() {
			c.removeLocked(el)
		}
		el = next
	}
}

func (c *Cache) removeLocked(el *list.Element) {
	delete(c.entries, el.Value.(*Entry).key)
	c.order.Remove(el)
}

// Entry is one remembered request.
type Entry struct {
	key string
	now func() time.Time // the cache's clock

	mu        sync.Mutex
	interim   *Reply
	final     *Reply
	completed time.Time
	ready     chan struct{} // closed at the first reply, interim or final
	done      chan struct{} // closed at the final reply
}

// Interim records the interim ("accepted") reply of a two-phase request.
func (e *Entry) Interim(r Reply) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.interim != nil || e.final != nil {
		return
	}
	e.interim = &r
	close(e.ready)
}

// Complete records the final reply; the entry's TTL starts now, by the
// cache's clock.
func (e *Entry) Complete(r Reply) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.final != nil {
		return
	}
	e.final = &r
	e.completed = e.now()
	if e.interim == nil {
		close(e.ready)
	}
	close(e.done)
}

// Wait returns the reply a duplicate request gets: the final reply when
// there is one; otherwise, when twoPhase is set, the interim reply as soon
// as it exists (the duplicate gets no second, final reply); otherwise it
// waits for the final reply. It returns ctx's error if ctx ends first.
func (e *Entry) Wait(ctx context.Context, twoPhase bool) (Reply, error) {
	wait := e.done
	if twoPhase {
		wait = e.ready
	}
	select {
	case <-wait:
	case <-ctx.Done():
		return Reply{}, ctx.Err()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.final != nil {
		return *e.final, nil
	}
	return *e.interim, nil
}

func (e *Entry) isDone() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.final != nil
}

func (e *Entry) completedBefore(t time.Time) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.final != nil && e.completed.Before(t)
}
