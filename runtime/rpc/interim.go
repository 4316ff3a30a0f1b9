package rpc

import (
	"context"
	"errors"
)

// Interim sends the interim ("accepted") reply of a two-phase request. The
// runtime installs one in the context of every request it dispatches.
type Interim func(payload any) error

type interimKey struct{}

// WithInterim returns ctx carrying send as the request's interim reply.
func WithInterim(ctx context.Context, send Interim) context.Context {
	return context.WithValue(ctx, interimKey{}, send)
}

// ErrNoInterim is returned by Accept outside a dispatched request.
var ErrNoInterim = errors.New("rpc: no request to acknowledge in context")

// Accept sends payload as the interim reply of the two-phase request being
// handled in ctx; the handler's return value becomes the final reply, sent
// later under the same request id.
func Accept(ctx context.Context, payload any) error {
	send, ok := ctx.Value(interimKey{}).(Interim)
	if !ok {
		return ErrNoInterim
	}
	return send(payload)
}
