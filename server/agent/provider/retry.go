package provider

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy says how often and how long to wait before repeating a request the provider answered with 429 or
// a 5xx. The zero value means the defaults, which are OpenClaw v3's: 4 attempts, waits of 2 s, 4 s, 8 s.
type RetryPolicy struct {
	// Attempts is the total number of attempts including the first; 1 disables retries. 0 means 4.
	Attempts int
	// BaseDelay is the wait before the second attempt; each later wait doubles. 0 means 2 s.
	BaseDelay time.Duration
	// MaxDelay caps every wait, a Retry-After included. 0 means 60 s.
	MaxDelay time.Duration
}

// The defaults of a zero RetryPolicy.
const (
	defaultAttempts  = 4
	defaultBaseDelay = 2 * time.Second
	defaultMaxDelay  = 60 * time.Second
)

// withDefaults fills the zero fields.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Attempts <= 0 {
		p.Attempts = defaultAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = defaultBaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = defaultMaxDelay
	}
	return p
}

// delay is the wait after the given failed attempt (1-based): the reply's Retry-After when it has one, else
// exponential backoff, capped at MaxDelay.
func (p RetryPolicy) delay(attempt int, header http.Header, now time.Time) time.Duration {
	d, ok := retryAfter(header, now)
	if !ok {
		d = p.BaseDelay << (attempt - 1)
		if d <= 0 { // overflow
			d = p.MaxDelay
		}
	}
	return min(d, p.MaxDelay)
}

// retryAfter reads retry-after-ms (milliseconds, sent by OpenAI) or Retry-After (seconds or an HTTP date).
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if h == nil {
		return 0, false
	}
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// sleepCtx waits d or until ctx is done, whichever comes first, and returns ctx's error in the second case.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
