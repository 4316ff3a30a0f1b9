package pairing

import (
	"fmt"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// pairingTexts are the requirement and remediation texts of each reason.
var pairingTexts = map[protocol.PairingReason]struct{ requirement, hint string }{
	protocol.PairingReasonNotPaired: {"device is not approved yet",
		"Approve this device from the pending pairing requests."},
	protocol.PairingReasonRoleUpgrade: {"device is asking for a higher role than currently approved",
		"Review the requested role upgrade, then approve the pending request."},
	protocol.PairingReasonScopeUpgrade: {"device is asking for more scopes than currently approved",
		"Review the requested scopes, then approve the pending upgrade."},
	protocol.PairingReasonMetadataUpgrade: {"device identity changed and must be re-approved",
		"Review the refreshed device details, then approve the pending request."},
}

// PairingRequired is a connect refused until an operator approves the
// pending request: NOT_PAIRED, then close 1008.
type PairingRequired struct {
	Reason          protocol.PairingReason
	RequestID       string
	DeviceID        string
	RequestedRole   string
	RequestedScopes []string
	// ApprovedRoles and ApprovedScopes are what the device already has,
	// when it is paired with this key.
	ApprovedRoles  []string
	ApprovedScopes []string
}

// Message returns "pairing required: <requirement>".
func (p *PairingRequired) Message() string {
	return "pairing required: " + pairingTexts[p.Reason].requirement
}

// CloseReason returns the close reason: the message and the request id
// (the engine truncates it to the protocol's limit).
func (p *PairingRequired) CloseReason() string {
	return fmt.Sprintf("%s (requestId: %s)", p.Message(), p.RequestID)
}

// Reply returns the connect reply.
func (p *PairingRequired) Reply() *wire.Error {
	return wire.Errorf(wire.CodeNotPaired, "%s", p.Message()).WithDetails(protocol.PairingRequiredDetails{
		Code: string(protocol.ConnectErrorDetailCodePairingRequired), Reason: p.Reason, RequestID: optString(p.RequestID),
		RemediationHint: pairingTexts[p.Reason].hint, DeviceID: p.DeviceID, RequestedRole: p.RequestedRole,
		RequestedScopes: cleanList(p.RequestedScopes), ApprovedRoles: p.ApprovedRoles, ApprovedScopes: p.ApprovedScopes,
	})
}
