package gatewire

import (
	"context"
	"errors"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

// Backoff is the redial schedule of a Client: the first redial waits
// Initial, each further failure multiplies the wait by Factor up to Max,
// and a successful handshake starts over.
type Backoff struct {
	Initial time.Duration // default 1 s
	Max     time.Duration // default 30 s
	Factor  float64       // default 2
}

// Reference client timings.
const (
	defaultBackoffInitial = time.Second
	defaultBackoffMax     = 30 * time.Second
	defaultBackoffFactor  = 2
	// A gateway that is still starting says when to retry; the wait is
	// kept within these bounds.
	minRetryAfter = 100 * time.Millisecond
	maxRetryAfter = 2 * time.Second
)

func (b Backoff) withDefaults() Backoff {
	if b.Initial <= 0 {
		b.Initial = defaultBackoffInitial
	}
	if b.Max <= 0 {
		b.Max = defaultBackoffMax
	}
	if b.Max < b.Initial {
		b.Max = b.Initial
	}
	if b.Factor < 1 {
		b.Factor = defaultBackoffFactor
	}
	return b
}

// next returns the wait after d.
func (b Backoff) next(d time.Duration) time.Duration {
	n := time.Duration(float64(d) * b.Factor)
	if n > b.Max || n < d {
		return b.Max
	}
	return n
}

// retryAfter returns the wait a refusal asked for (a retryable
// UNAVAILABLE with retryAfterMs, e.g. "gateway starting"), clamped to
// 100 ms..2 s.
func retryAfter(err error) (time.Duration, bool) {
	var we *wire.Error
	if !errors.As(err, &we) || we.Code != wire.CodeUnavailable || we.Retryable == nil || !*we.Retryable || we.RetryAfterMs == nil {
		return 0, false
	}
	d := time.Duration(*we.RetryAfterMs) * time.Millisecond
	return min(max(d, minRetryAfter), maxRetryAfter), true
}

// sleepContext waits d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
