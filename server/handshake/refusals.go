package handshake

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/admission"
)

// Handshake failure texts.
const (
	msgControlUIDevice = "control ui requires device identity (use HTTPS or localhost secure context)"
	msgDeviceRequired  = "device identity required"
)

// refuse returns a refusal that replies with e and closes with code and
// the reply's message (truncated by the engine).
func refuse(e *wire.Error, code int) *engine.Refusal {
	return &engine.Refusal{Reply: e, Code: code, Reason: e.Message}
}

// invalidHandshake closes, without a reply, a connect that names v4's
// worker client or mode: workers speak their own protocol on another
// path.
func invalidHandshake() *engine.Refusal {
	return &engine.Refusal{Code: wire.ClosePolicyViolation, Reason: reasonInvalidHandshake}
}

// reasonInvalidHandshake is the close reason of invalidHandshake.
const reasonInvalidHandshake = "invalid-handshake"

// invalidRole refuses a role other than operator and node.
func invalidRole() *engine.Refusal {
	return refuse(wire.InvalidRequest("%s", wire.ReasonInvalidRole), wire.ClosePolicyViolation)
}

// originNotAllowed refuses a browser origin the policy does not allow.
func originNotAllowed(reason string) *engine.Refusal {
	e := wire.InvalidRequest("%s", admission.OriginNotAllowed).
		WithDetails(map[string]any{"code": protocol.ConnectErrorDetailCodeControlUIOriginNotAllowed, "reason": reason})
	return refuse(e, wire.ClosePolicyViolation)
}

// controlUIDeviceRequired refuses the Control UI or TUI without a device.
func controlUIDeviceRequired() *engine.Refusal {
	e := wire.InvalidRequest("%s", msgControlUIDevice).
		WithDetails(map[string]any{"code": protocol.ConnectErrorDetailCodeControlUIDeviceIdentityRequired})
	return refuse(e, wire.ClosePolicyViolation)
}

// deviceRequired refuses a client that must prove a device identity.
func deviceRequired() *engine.Refusal {
	e := wire.Errorf(wire.CodeNotPaired, "%s", msgDeviceRequired).
		WithDetails(map[string]any{"code": protocol.ConnectErrorDetailCodeDeviceIdentityRequired})
	return refuse(e, wire.ClosePolicyViolation)
}

// msgStateUnavailable is the reply when the pairing store fails.
const msgStateUnavailable = "gateway state unavailable; retry shortly"

// stateUnavailable refuses a connect the gateway could not decide because
// its pairing store failed.
func stateUnavailable() *engine.Refusal {
	e := wire.Unavailable("%s", msgStateUnavailable).WithRetry(1000)
	return refuse(e, wire.CloseInternalError)
}

// authChanged closes a connect whose shared secret changed while it was
// being checked (no reply, as for connections closed later).
func authChanged() *engine.Refusal {
	return &engine.Refusal{Code: wire.CloseAuthChanged, Reason: wire.ReasonAuthChanged}
}
