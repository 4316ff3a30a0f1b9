package pairing

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// MissingScope is the refusal of a caller at protocol version v that
// lacks scope missing among required, for checks a handler makes beyond
// the method's own scope (approval scopes, per-command scopes). It takes
// the shape the engine gives its own authorization failures: the
// version's authorization error code from the manifest (v3
// INVALID_REQUEST "missing scope: <s>"; v4 FORBIDDEN) with
// MISSING_SCOPE details when that code is FORBIDDEN.
func MissingScope(v int, missing string, required []string) *wire.Error {
	code := protocol.Manifest.Protocols.AuthorizationError[v]
	if code == "" {
		code = wire.CodeInvalidRequest
	}
	e := wire.Errorf(code, "missing scope: %s", missing)
	if code == wire.CodeForbidden {
		e.Details = rpc.MissingScopeDetails{Code: "MISSING_SCOPE", MissingScope: missing,
			RequiredScopes: append([]string{}, required...)}
	}
	return e
}
