package agent

import (
	"context"
	"sync"

	"github.com/gatewire/gatewire/server/transcript"
)

// contextCache keeps what the model sees of recently used sessions (the
// entry's session id and model override, the compaction summary and the
// context messages), so that a turn calls the model without reading the
// transcript. The runtime's own appends extend an entry; any other change
// to a session (a patch, reset, compaction, deletion, or a message the
// runtime did not write, such as chat.inject's) drops it, through the
// transcript store's change feed, and the next turn reads the store.
type contextCache struct {
	mu      sync.Mutex
	entries map[string]*cachedContext
	order   []string       // least recently used first
	own     map[string]int // key → the runtime's appends not yet reported by the feed
	// gen counts the changes to a session the cache did not apply while
	// reads of it are in flight (reading); a context read before one of
	// them is not cached. Both are kept only while such reads go on.
	gen     map[string]uint64
	reading map[string]int
	watched bool // the store's change feed is connected
}

// cachedContext is one session's cached context.
type cachedContext struct {
	sessionID, model, summary string
	msgs                      []transcript.Message
}

// Bounds of the cache.
const (
	maxCachedSessions = 256
	maxCachedMessages = 4000
)

// changeFeed is implemented by a transcript store that reports changes
// (*transcript.Store's OnChange).
type changeFeed interface {
	OnChange(fn func(key, reason string))
}

func newContextCache(s Sessions) *contextCache {
	c := &contextCache{entries: map[string]*cachedContext{}, own: map[string]int{}, gen: map[string]uint64{}, reading: map[string]int{}}
	if f, ok := s.(changeFeed); ok {
		f.OnChange(c.changed)
		c.watched = true
	}
	return c
}

// changed takes one change of the store's feed.
func (c *contextCache) changed(key, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch reason {
	case transcript.ReasonRun:
		return // a run record: the context is the same
	case transcript.ReasonMessage:
		if c.own[key] > 0 {
			c.own[key]--
			return
		}
	}
	delete(c.entries, key)
	c.bumpLocked(key)
}

// bumpLocked counts a change to key the cache did not apply, when a read
// of key is in flight.
func (c *contextCache) bumpLocked(key string) {
	if c.reading[key] > 0 {
		c.gen[key]++
	}
}

// beginRead starts a read of key's context from the store and returns
// the generation to give put.
func (c *contextCache) beginRead(key string) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reading[key]++
	return c.gen[key]
}

// get returns a copy of key's cached context.
func (c *contextCache) get(key string) (cachedContext, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return cachedContext{}, false
	}
	c.touchLocked(key)
	out := *e
	out.msgs = append([]transcript.Message(nil), e.msgs...)
	return out, true
}

// endRead ends a read begun at generation gen and caches e (nil when the
// read failed) when the session has not changed since.
func (c *contextCache) endRead(key string, gen uint64, e *cachedContext) {
	c.mu.Lock()
	defer c.mu.Unlock()
	changed := c.gen[key] != gen
	if c.reading[key]--; c.reading[key] == 0 {
		delete(c.reading, key)
		delete(c.gen, key)
	}
	if e == nil || changed || !c.watched || len(e.msgs) > maxCachedMessages {
		return
	}
	c.entries[key] = e
	c.touchLocked(key)
	for len(c.order) > maxCachedSessions {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
}

// touchLocked makes key the most recently used.
func (c *contextCache) touchLocked(key string) {
	for i, k := range c.order {
		if k == key {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
	c.order = append(c.order, key)
}

// append writes msgs to key's transcript through s and extends the
// cached context with them; a failed write drops it.
func (c *contextCache) append(ctx context.Context, s Sessions, key string, msgs ...transcript.Message) error {
	c.mu.Lock()
	c.own[key]++
	c.mu.Unlock()
	_, err := s.Append(ctx, key, msgs...)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.own[key]--
		delete(c.entries, key)
		c.bumpLocked(key)
		return err
	}
	switch e, ok := c.entries[key]; {
	case !ok:
		c.bumpLocked(key) // a read in flight may have missed these
	case len(e.msgs)+len(msgs) > maxCachedMessages:
		delete(c.entries, key)
		c.bumpLocked(key)
	default:
		e.msgs = append(e.msgs, msgs...)
	}
	if c.own[key] == 0 {
		delete(c.own, key)
	}
	return nil
}
