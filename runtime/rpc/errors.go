package rpc

import "errors"

// ErrNoResponder is returned by Call.Accept on a call the runtime did not
// dispatch.
var ErrNoResponder = errors.New("rpc: call has no connection to answer on")
