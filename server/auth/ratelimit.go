package auth

import (
	"net/netip"
	"sync"
	"time"
)

// Class is a credential class; each has its own failure counters.
type Class string

// Credential classes.
const (
	ClassSharedSecret Class = "shared-secret"
	ClassDeviceToken  Class = "device-token"
)

// LimitSettings configure the failed-auth rate limiter.
type LimitSettings struct {
	// MaxAttempts failures within Window lock the client out for Lockout.
	MaxAttempts int
	Window      time.Duration
	Lockout     time.Duration
}

// defaultLimits are the protocol's defaults: 10 failures per minute lock a
// client out for five minutes.
var defaultLimits = LimitSettings{MaxAttempts: 10, Window: time.Minute, Lockout: 5 * time.Minute}

// withDefaults fills unset fields from defaultLimits.
func (s LimitSettings) withDefaults() LimitSettings {
	if s.MaxAttempts <= 0 {
		s.MaxAttempts = defaultLimits.MaxAttempts
	}
	if s.Window <= 0 {
		s.Window = defaultLimits.Window
	}
	if s.Lockout <= 0 {
		s.Lockout = defaultLimits.Lockout
	}
	return s
}

// maxTracked bounds the number of (client, class) entries kept in memory.
const maxTracked = 10_000

// Subject is who attempts to authenticate, as far as rate limiting cares.
type Subject struct {
	key    string
	exempt bool
}

// SubjectOf returns the rate-limit subject of a connection: its client
// address, unmapped. Only direct local connections without a browser
// Origin are exempt; browser pages on this host all count against the
// loopback address together, so a page cannot buy more guesses by
// arriving from more origins.
func SubjectOf(ip netip.Addr, origin string, directLocal bool) Subject {
	return Subject{key: ip.Unmap().String(), exempt: directLocal && origin == ""}
}

// Limiter counts failed authentication attempts per subject and class in
// a sliding window and locks a subject out after too many.
type Limiter struct {
	now func() time.Time
	mu  sync.Mutex
	cfg LimitSettings
	m   map[limitKey]*attempts
}

type limitKey struct {
	subject string
	class   Class
}

// attempts is one subject's recent failures of one class.
type attempts struct {
	times       []time.Time
	lockedUntil time.Time
	last        time.Time
}

// NewLimiter returns a Limiter; now is the clock (nil for time.Now).
func NewLimiter(s LimitSettings, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{now: now, cfg: s.withDefaults(), m: map[limitKey]*attempts{}}
}

// Update replaces the settings; existing counters are kept.
func (l *Limiter) Update(s LimitSettings) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cfg = s.withDefaults()
}

// Check reports whether subj may try a credential of class c now, and
// otherwise how long until it may.
func (l *Limiter) Check(subj Subject, c Class) (allowed bool, retryAfter time.Duration) {
	if subj.exempt {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	a := l.m[limitKey{subj.key, c}]
	if a == nil {
		return true, 0
	}
	if now.Before(a.lockedUntil) {
		return false, a.lockedUntil.Sub(now)
	}
	l.slide(a, now)
	return len(a.times) < l.cfg.MaxAttempts, 0
}

// Fail records a failed attempt; reaching the limit starts a lockout.
func (l *Limiter) Fail(subj Subject, c Class) {
	if subj.exempt {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	k := limitKey{subj.key, c}
	a := l.m[k]
	if a == nil {
		l.makeRoom(now)
		a = &attempts{}
		l.m[k] = a
	}
	if now.Before(a.lockedUntil) {
		return
	}
	l.slide(a, now)
	a.times = append(a.times, now)
	a.last = now
	if len(a.times) >= l.cfg.MaxAttempts {
		a.lockedUntil = now.Add(l.cfg.Lockout)
		a.times = nil
	}
}

// Reset forgets a subject's failures of one class (after a success).
func (l *Limiter) Reset(subj Subject, c Class) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.m, limitKey{subj.key, c})
}

// slide drops failures older than the window.
func (l *Limiter) slide(a *attempts, now time.Time) {
	cutoff := now.Add(-l.cfg.Window)
	keep := a.times[:0]
	for _, t := range a.times {
		if t.After(cutoff) {
			keep = append(keep, t)
		}
	}
	a.times = keep
}

// makeRoom keeps the table bounded: it drops entries that no longer count
// and, if it is still full, the entry idle the longest.
func (l *Limiter) makeRoom(now time.Time) {
	if len(l.m) < maxTracked {
		return
	}
	var oldest limitKey
	var oldestAt time.Time
	for k, a := range l.m {
		if !now.Before(a.lockedUntil) {
			l.slide(a, now)
			if len(a.times) == 0 {
				delete(l.m, k)
				continue
			}
		}
		if oldestAt.IsZero() || a.last.Before(oldestAt) {
			oldest, oldestAt = k, a.last
		}
	}
	if len(l.m) >= maxTracked {
		delete(l.m, oldest)
	}
}

// tracked returns the number of entries held.
func (l *Limiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}
