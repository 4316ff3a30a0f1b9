package pairing

import "github.com/gatewire/gatewire/runtime/wire"

// forbiddenFrom is the first protocol version whose authorization
// failures are FORBIDDEN with MISSING_SCOPE details (v3's are
// INVALID_REQUEST "missing scope: <s>" without details).
const forbiddenFrom = 4

// MissingScope is the refusal of a caller at protocol version v that
// lacks scope missing among required, in that version's form: protocol 3
// answers INVALID_REQUEST "missing scope: <s>", protocol 4 FORBIDDEN with
// details {code:"MISSING_SCOPE", missingScope, requiredScopes}.
func MissingScope(v int, missing string, required []string) *wire.Error {
	if v < forbiddenFrom {
		return wire.InvalidRequest("missing scope: %s", missing)
	}
	return wire.Errorf("FORBIDDEN", "missing scope: %s", missing).WithDetails(map[string]any{
		"code": "MISSING_SCOPE", "missingScope": missing, "requiredScopes": append([]string{}, required...),
	})
}
