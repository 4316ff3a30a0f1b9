package sessions

import "github.com/gatewire/gatewire/runtime/wire"

// invalidKey is the error for a session key that names no session.
func invalidKey(key string) error { return wire.InvalidRequest("invalid session key: %s", key) }

// invalid is an INVALID_REQUEST error.
func invalid(format string, args ...any) error { return wire.InvalidRequest(format, args...) }

// unavailable is an UNAVAILABLE error.
func unavailable(format string, args ...any) error { return wire.Unavailable(format, args...) }
