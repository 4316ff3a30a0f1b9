// Package health caches the gateway's health summary. A summary younger
// than MaxAge is served from the cache unless a probe is asked for; every
// refresh bumps the health state version (which starts at 1) and is
// handed, as the JSON it is served as, to a listener that broadcasts the
// health event.
package health

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/gatewire/gatewire/runtime/rpc"
)

// MaxAge is how long a summary is served without a probe.
const MaxAge = 60 * time.Second

// Cache holds the latest summary of type T.
type Cache[T any] struct {
	build     func() T
	onRefresh func(summary T, version int64)
	now       func() time.Time

	mu      sync.Mutex
	summary T
	encoded json.RawMessage // summary as JSON, encoded once per refresh
	// atVersion holds the summary as JSON shaped for a protocol version,
	// encoded once per refresh and version (versioned summaries only).
	atVersion map[int]json.RawMessage
	takenAt   time.Time
	has       bool
	version   int64
}

// New returns a cache that builds summaries with build and reports every
// refresh, with the summary, to onRefresh (which may be nil). now
// is the clock.
func New[T any](build func() T, onRefresh func(T, int64), now func() time.Time) *Cache[T] {
	return &Cache[T]{build: build, onRefresh: onRefresh, now: now, version: 1}
}

// Version returns the health state version.
func (c *Cache[T]) Version() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.version
}

// Get returns the cached summary when it is younger than MaxAge and probe
// is false; otherwise it refreshes.
func (c *Cache[T]) Get(probe bool) T {
	s, _ := c.get(probe)
	return s
}

// GetJSON is Get returning the summary as JSON (encoded once per refresh,
// so serving the cache costs no encoding).
func (c *Cache[T]) GetJSON(probe bool) json.RawMessage {
	_, raw := c.get(probe)
	return raw
}

// GetJSONAt is GetJSON shaped for protocol version v (see CachedJSONAt).
func (c *Cache[T]) GetJSONAt(probe bool, v int) json.RawMessage {
	_, raw := c.get(probe)
	if shaped, ok := c.CachedJSONAt(v); ok {
		return shaped
	}
	return raw
}

// CachedJSON returns the latest summary as JSON, if there is one.
func (c *Cache[T]) CachedJSON() (json.RawMessage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.encoded, c.has
}

// CachedJSONAt is CachedJSON shaped for protocol version v: the
// summary's ForProtocol(v), encoded once per refresh and version, when
// the summary type has one; else CachedJSON.
func (c *Cache[T]) CachedJSONAt(v int) (json.RawMessage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	vs, ok := any(c.summary).(rpc.Versioned)
	if !ok {
		vs, ok = any(&c.summary).(rpc.Versioned)
	}
	if !c.has || !ok {
		return c.encoded, c.has
	}
	if raw, ok := c.atVersion[v]; ok {
		return raw, true
	}
	raw := encode(vs.ForProtocol(v))
	if c.atVersion == nil {
		c.atVersion = map[int]json.RawMessage{}
	}
	c.atVersion[v] = raw
	return raw, true
}

func (c *Cache[T]) get(probe bool) (T, json.RawMessage) {
	c.mu.Lock()
	if c.has && !probe && c.now().Sub(c.takenAt) < MaxAge {
		s, raw := c.summary, c.encoded
		c.mu.Unlock()
		return s, raw
	}
	c.mu.Unlock()
	return c.refresh()
}

// Refresh builds a new summary, bumps the version and reports it.
func (c *Cache[T]) Refresh() { c.refresh() }

func (c *Cache[T]) refresh() (T, json.RawMessage) {
	s := c.build()
	raw := encode(s)
	c.mu.Lock()
	c.summary, c.encoded, c.takenAt, c.has = s, raw, c.now(), true
	clear(c.atVersion)
	c.version++
	v := c.version
	c.mu.Unlock()
	if c.onRefresh != nil {
		c.onRefresh(s, v)
	}
	return s, raw
}

// Prime stores a first summary without bumping the version or reporting
// it (the summary a gateway starts with).
func (c *Cache[T]) Prime() {
	s := c.build()
	raw := encode(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.summary, c.encoded, c.takenAt, c.has = s, raw, c.now(), true
	clear(c.atVersion)
}

// encode returns s as JSON; a summary that cannot be encoded is a bug in
// its type and encodes as {}.
func encode[T any](s T) json.RawMessage {
	raw, err := json.Marshal(s)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return raw
}
