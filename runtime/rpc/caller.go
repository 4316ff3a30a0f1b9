package rpc

import (
	"context"
	"encoding/json"
)

// CallOptions tune one call.
type CallOptions struct {
	// ExpectFinal makes the call wait past an "accepted" reply of a
	// two-phase method for the final reply with the same request id.
	ExpectFinal bool
	// OnAccepted, when set, receives the payload of an "accepted" reply.
	OnAccepted func(payload json.RawMessage)
}

// Caller sends one request and decodes the reply's payload into result
// (which may be nil to discard it). A failed reply is returned as a
// *wire.Error. Generated typed clients are built on a Caller.
type Caller interface {
	Call(ctx context.Context, method string, params, result any, opts CallOptions) error
}
