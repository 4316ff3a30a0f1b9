package engine

import "sync"

// subscriptions are the session subscribers and run requesters, keyed
// both ways so that a closing connection is forgotten without a scan.
type subscriptions struct {
	mu       sync.Mutex
	sessions map[string]map[*Conn]struct{}
	runs     map[string]map[*Conn]struct{}
	byConn   map[*Conn]*connSubs
}

// connSubs is what one connection subscribed to.
type connSubs struct {
	sessions map[string]struct{}
	runs     map[string]struct{}
}

func newSubscriptions() subscriptions {
	return subscriptions{
		sessions: map[string]map[*Conn]struct{}{},
		runs:     map[string]map[*Conn]struct{}{},
		byConn:   map[*Conn]*connSubs{},
	}
}

// SubscribeSession makes connection connID receive the session's events.
func (h *Hub) SubscribeSession(connID, sessionKey string) {
	if c, ok := h.Conn(connID); ok {
		h.subs.add(h.subs.sessions, c, sessionKey, func(s *connSubs) map[string]struct{} { return s.sessions })
	}
}

// UnsubscribeSession undoes SubscribeSession.
func (h *Hub) UnsubscribeSession(connID, sessionKey string) {
	if c, ok := h.Conn(connID); ok {
		h.subs.drop(h.subs.sessions, c, sessionKey, func(s *connSubs) map[string]struct{} { return s.sessions })
	}
}

// AddRunRecipient makes connection connID a requester of run runID.
func (h *Hub) AddRunRecipient(runID, connID string) {
	if c, ok := h.Conn(connID); ok {
		h.subs.add(h.subs.runs, c, runID, func(s *connSubs) map[string]struct{} { return s.runs })
	}
}

// EndRun forgets the requesters of run runID.
func (h *Hub) EndRun(runID string) {
	s := &h.subs
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.runs[runID] {
		if cs := s.byConn[c]; cs != nil {
			delete(cs.runs, runID)
		}
	}
	delete(s.runs, runID)
}

// members returns the connections subscribed to key in index.
func (s *subscriptions) members(index map[string]map[*Conn]struct{}, key string) []*Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	set := index[key]
	out := make([]*Conn, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	return out
}

func (s *subscriptions) add(index map[string]map[*Conn]struct{}, c *Conn, key string, own func(*connSubs) map[string]struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.ctx.Err() != nil {
		return // closed: its connection is (being) forgotten
	}
	set := index[key]
	if set == nil {
		set = map[*Conn]struct{}{}
		index[key] = set
	}
	set[c] = struct{}{}
	cs := s.byConn[c]
	if cs == nil {
		cs = &connSubs{sessions: map[string]struct{}{}, runs: map[string]struct{}{}}
		s.byConn[c] = cs
	}
	own(cs)[key] = struct{}{}
}

func (s *subscriptions) drop(index map[string]map[*Conn]struct{}, c *Conn, key string, own func(*connSubs) map[string]struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if set := index[key]; set != nil {
		delete(set, c)
		if len(set) == 0 {
			delete(index, key)
		}
	}
	if cs := s.byConn[c]; cs != nil {
		delete(own(cs), key)
	}
}

// forget removes every subscription of a closed connection.
func (s *subscriptions) forget(c *Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.byConn[c]
	if cs == nil {
		return
	}
	delete(s.byConn, c)
	for key := range cs.sessions {
		if set := s.sessions[key]; set != nil {
			delete(set, c)
			if len(set) == 0 {
				delete(s.sessions, key)
			}
		}
	}
	for key := range cs.runs {
		if set := s.runs[key]; set != nil {
			delete(set, c)
			if len(set) == 0 {
				delete(s.runs, key)
			}
		}
	}
}
