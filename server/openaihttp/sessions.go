package openaihttp

import (
	"sync"
	"time"
)

// Limits of the response → session memory, as v3's.
const (
	responseSessionTTL = 30 * time.Minute
	maxResponseEntries = 500
)

// responseSessions remembers the session of each response for a while,
// so a request naming previous_response_id continues that session (for
// the same agent).
type responseSessions struct {
	mu      sync.Mutex
	entries map[string]responseSession
	order   []string // response ids, oldest first
}

// responseSession is one remembered response.
type responseSession struct {
	sessionKey, agentID string
	at                  time.Time
}

// store remembers the session of response id, dropping expired entries
// and, beyond the cap, the oldest.
func (m *responseSessions) store(id, sessionKey, agentID string, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string]responseSession{}
	}
	m.entries[id] = responseSession{sessionKey: sessionKey, agentID: agentID, at: now}
	m.order = append(m.order, id)
	for len(m.order) > 0 {
		oldest := m.order[0]
		e, ok := m.entries[oldest]
		if ok && len(m.entries) <= maxResponseEntries && now.Sub(e.at) < responseSessionTTL {
			break
		}
		delete(m.entries, oldest)
		m.order = m.order[1:]
	}
}

// lookup returns the session of response id for agentID.
func (m *responseSessions) lookup(id, agentID string, now time.Time) (string, bool) {
	if id == "" {
		return "", false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[id]
	if !ok || e.agentID != agentID || now.Sub(e.at) >= responseSessionTTL {
		return "", false
	}
	return e.sessionKey, true
}
