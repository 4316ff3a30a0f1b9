package gateway

import (
	"sync"
	"time"
)

// The config write budget (v3 §7.1 step 7): config.apply and config.patch
// together, three per sliding minute per device (or client address).
const (
	configWriteLimit  = 3
	configWriteWindow = 60 * time.Second
	configWriteLabel  = "3 per 60s"
)

// callLimiter is a sliding-window limiter by key.
type callLimiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu   sync.Mutex
	hits map[string][]time.Time
}

func newCallLimiter(limit int, window time.Duration, now func() time.Time) *callLimiter {
	return &callLimiter{limit: limit, window: window, now: now, hits: map[string][]time.Time{}}
}

// take records a call under key; when the window is full it records
// nothing and returns how long until a call is allowed again.
func (l *callLimiter) take(key string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.limit {
		l.hits[key] = recent
		return false, recent[0].Add(l.window).Sub(now)
	}
	l.hits[key] = append(recent, now)
	l.sweep(now)
	return true, 0
}

// sweep forgets keys whose calls are all outside the window, so the map
// stays as small as the set of recent callers.
func (l *callLimiter) sweep(now time.Time) {
	if len(l.hits) < 1024 {
		return
	}
	for k, ts := range l.hits {
		if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.window {
			delete(l.hits, k)
		}
	}
}
