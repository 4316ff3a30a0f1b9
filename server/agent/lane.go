package agent

// lane is one session's runs: the active one and those queued behind it,
// in order. A session has a lane only while it has runs.
type lane struct {
	active *Run
	queue  []*Run
}

// enqueueLocked puts run in its session's lane and reports whether the
// session was idle (the caller then starts the lane's worker with drive).
// The caller holds r.mu.
func (r *Runtime) enqueueLocked(run *Run) (l *lane, idle bool) {
	if l = r.lanes[run.SessionKey]; l != nil {
		l.queue = append(l.queue, run)
		return l, false
	}
	l = &lane{active: run}
	r.lanes[run.SessionKey] = l
	return l, true
}

// drive runs the lane's runs one after another until it is empty.
func (r *Runtime) drive(key string, l *lane) {
	for {
		r.mu.Lock()
		run := l.active
		r.mu.Unlock()
		r.execute(run)
		r.mu.Lock()
		if len(l.queue) == 0 {
			delete(r.lanes, key)
			r.mu.Unlock()
			return
		}
		l.active, l.queue = l.queue[0], l.queue[1:]
		r.mu.Unlock()
	}
}

// pendingIDs returns the ids of the session's queued runs other than
// except: their user messages are recorded but not yet answered.
func (r *Runtime) pendingIDs(key, except string) map[string]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.lanes[key]
	if l == nil {
		return nil
	}
	out := map[string]bool{}
	for _, q := range l.queue {
		if q.ID != except {
			out[q.ID] = true
		}
	}
	return out
}
