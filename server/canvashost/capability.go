package canvashost

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"sync"
	"time"
)

// CapabilityTTL is how long a capability stays valid without use; each use extends it.
const CapabilityTTL = 10 * time.Minute

// Grant is a capability minted for one connection.
type Grant struct {
	// Capability is the secret: 18 random bytes, base64url without padding.
	Capability string
	// ExpiresAt is when it lapses unless used again.
	ExpiresAt time.Time
	// URL is the connection's canvas base URL scoped to the capability.
	URL string
}

// held is a connection's current capability.
type held struct {
	grant Grant
	base  string
}

// Capabilities holds the one current capability of each connection that has one. A capability is valid only while
// its connection is open (Drop) and has not lapsed; a connection that mints again replaces its old one.
type Capabilities struct {
	now func() time.Time

	mu     sync.Mutex
	byConn map[string]*held
}

// NewCapabilities returns an empty set; now is the clock (nil: time.Now).
func NewCapabilities(now func() time.Time) *Capabilities {
	if now == nil {
		now = time.Now
	}
	return &Capabilities{now: now, byConn: map[string]*held{}}
}

// Mint gives connection connID a fresh capability for the canvas base URL base (scheme://host:port), replacing
// the one it had.
func (c *Capabilities) Mint(connID, base string) Grant {
	g := Grant{Capability: newCapability(), ExpiresAt: c.now().Add(CapabilityTTL)}
	g.URL = ScopedURL(base, g.Capability)
	c.mu.Lock()
	c.byConn[connID] = &held{grant: g, base: base}
	c.mu.Unlock()
	return g
}

// Refresh mints again for a connection that was given a capability, with the same base URL; ok is false for a
// connection that never was (the canvas host is unavailable to it).
func (c *Capabilities) Refresh(connID string) (Grant, bool) {
	c.mu.Lock()
	h, ok := c.byConn[connID]
	c.mu.Unlock()
	if !ok {
		return Grant{}, false
	}
	return c.Mint(connID, h.base), true
}

// Drop forgets a connection's capability (it has closed).
func (c *Capabilities) Drop(connID string) {
	c.mu.Lock()
	delete(c.byConn, connID)
	c.mu.Unlock()
}

// Valid reports whether capability belongs to an open connection and has not lapsed; a valid one is extended by
// CapabilityTTL.
func (c *Capabilities) Valid(capability string) bool {
	if capability == "" {
		return false
	}
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, h := range c.byConn {
		if now.Before(h.grant.ExpiresAt) && subtle.ConstantTimeCompare([]byte(h.grant.Capability), []byte(capability)) == 1 {
			h.grant.ExpiresAt = now.Add(CapabilityTTL)
			return true
		}
	}
	return false
}

// newCapability returns 18 random bytes, base64url.
func newCapability() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (it aborts the process instead)
	return base64.RawURLEncoding.EncodeToString(b)
}
