package gatewire

import (
	"context"
	"errors"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

// Backoff is the redial schedule of a Client: the first redial waits
// Initial, each further failure multiplies the wait by Factor up to Max,
// and a successful handshake starts over. Each wait is randomized by
// ±Jitter of itself, so that the clients of a gateway that went away do
// not all come back at the same moment. When the gateway's shutdown
// event announced when it expects to be back (restartExpectedMs), the
// first redial waits that long plus up to Jitter of it instead.
type Backoff struct {
	Initial time.Duration // default 1 s
	Max     time.Duration // default 30 s
	Factor  float64       // default 2
	// Jitter is the fraction by which a wait is randomized (default 0.2;
	// at most 1; negative for none).
	Jitter float64
}

// Reference client timings.
const (
	defaultBackoffInitial = time.Second
	defaultBackoffMax     = 30 * time.Second
	defaultBackoffFactor  = 2
	defaultBackoffJitter  = 0.2
	// maxRestartWait bounds the wait a shutdown event's restartExpectedMs
	// asks for.
	maxRestartWait = 5 * time.Minute
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
	switch {
	case b.Jitter == 0:
		b.Jitter = defaultBackoffJitter
	case b.Jitter < 0:
		b.Jitter = 0
	case b.Jitter > 1:
		b.Jitter = 1
	}
	return b
}

// jittered returns d randomized by ±Jitter of itself; r is uniform in
// [0, 1) (0.5 leaves d as it is).
func (b Backoff) jittered(d time.Duration, r float64) time.Duration {
	return d + time.Duration(float64(d)*b.Jitter*(2*r-1))
}

// afterRestart returns the wait before redialing a gateway that expects
// to be back after restart: that long plus up to Jitter of it (never
// earlier than announced), at most maxRestartWait.
func (b Backoff) afterRestart(restart time.Duration, r float64) time.Duration {
	d := min(restart, maxRestartWait)
	return d + time.Duration(float64(d)*b.Jitter*r)
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
