package rpc

import (
	"context"
	"errors"
)

// Deferrer registers work to run once the reply of the request being
// handled has been queued. The runtime installs one in the context of
// every request it dispatches.
type Deferrer func(fn func())

type deferrerKey struct{}

// WithDeferrer returns ctx carrying register as the request's Deferrer.
func WithDeferrer(ctx context.Context, register Deferrer) context.Context {
	return context.WithValue(ctx, deferrerKey{}, register)
}

// ErrNoDeferrer is returned by AfterReply outside a dispatched request.
var ErrNoDeferrer = errors.New("rpc: no request to defer work after in context")

// AfterReply runs fn after the reply of the request being handled in ctx
// has been queued on its connection, e.g. to close that connection once
// the caller has its answer.
func AfterReply(ctx context.Context, fn func()) error {
	register, ok := ctx.Value(deferrerKey{}).(Deferrer)
	if !ok {
		return ErrNoDeferrer
	}
	register(fn)
	return nil
}
