package provider

import (
	"context"
	"time"
)

// runner holds what every provider shares for running a turn: the attempt timeout, the retry policy, and the
// wait between attempts (a field so that in-package tests can record the waits instead of sleeping).
type runner struct {
	timeout time.Duration
	retry   RetryPolicy
	sleep   func(ctx context.Context, d time.Duration) error
}

// newRunner applies cfg's defaults.
func newRunner(cfg Config) *runner {
	r := &runner{timeout: cfg.Timeout, retry: cfg.Retry.withDefaults(), sleep: sleepCtx}
	if r.timeout <= 0 {
		r.timeout = defaultTimeout
	}
	return r
}

// sdkStream is the shape of both SDKs' SSE streams.
type sdkStream[T any] interface {
	Next() bool
	Current() T
	Err() error
	Close() error
}

// decoder turns one API's stream chunks into events. decode returns an error for an error the provider reported
// inside the stream; finish emits what is due at the end of a stream that ended cleanly (pending tool calls,
// usage, the stop reason).
type decoder[T any] interface {
	decode(chunk T, out *emitter) error
	finish(out *emitter)
}

// turn is one API's way to run a request: open starts an attempt, newDecoder makes a fresh decoder for it, and
// failure extracts the HTTP error reply from an SDK error (nil when the error is not one).
type turn[T any] struct {
	open       func(ctx context.Context) sdkStream[T]
	newDecoder func() decoder[T]
	failure    func(err error) *httpFailure
}

// emitter passes events to the consumer, remembers whether any was passed (an attempt that yielded nothing may
// be retried) and whether the consumer stopped (after which nothing more is passed).
type emitter struct {
	yield   func(Event) bool
	emitted bool
	stopped bool
}

// emit passes e on and reports whether the consumer wants more.
func (o *emitter) emit(e Event) bool {
	if o.stopped {
		return false
	}
	o.emitted = true
	if !o.yield(e) {
		o.stopped = true
	}
	return !o.stopped
}

// fail emits the terminal error event for err.
func (o *emitter) fail(err *Error) {
	reason := StopError
	if err.Text == textAborted {
		reason = StopAborted
	}
	o.emit(Event{Type: EventError, Err: err, StopReason: reason})
}

// run runs a turn with retries and passes its events to yield.
func run[T any](ctx context.Context, r *runner, t turn[T], yield func(Event) bool) {
	out := &emitter{yield: yield}
	for attempt := 1; ; attempt++ {
		f, cause := runAttempt(ctx, r, t, out)
		if f == nil {
			return
		}
		if attempt >= r.retry.Attempts {
			out.fail(httpError(f, cause))
			return
		}
		if err := r.sleep(ctx, r.retry.delay(attempt, f.header, time.Now())); err != nil {
			out.fail(abortedError(err))
			return
		}
	}
}

// runAttempt runs one attempt. It returns the HTTP failure when the attempt may be retried (a 429 or 5xx before
// any event was emitted); otherwise it has emitted the turn's terminal event and returns nil.
func runAttempt[T any](ctx context.Context, r *runner, t turn[T], out *emitter) (*httpFailure, error) {
	actx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	s := t.open(actx)
	defer s.Close()
	dec := t.newDecoder()
	for s.Next() {
		if err := dec.decode(s.Current(), out); err != nil {
			out.fail(otherError(err))
			return nil, nil
		}
		if out.stopped {
			return nil, nil
		}
	}
	err := s.Err()
	switch {
	case err == nil:
		dec.finish(out)
	case ctx.Err() != nil:
		out.fail(abortedError(ctx.Err()))
	case actx.Err() != nil:
		out.fail(timeoutError(actx.Err()))
	default:
		f := t.failure(err)
		if f == nil {
			out.fail(otherError(err))
			break
		}
		if f.status < 400 { // an error event inside a stream that had started
			out.fail(&Error{Text: f.message, ProviderMessage: f.message, Cause: err})
			break
		}
		if f.retryable() && !out.emitted {
			return f, err
		}
		out.fail(httpError(f, err))
	}
	return nil, nil
}
