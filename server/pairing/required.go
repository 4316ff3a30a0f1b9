package pairing

import (
	"fmt"

	"github.com/gatewire/gatewire/runtime/wire"
)

// pairingTexts are the requirement and remediation texts of each reason.
var pairingTexts = map[string]struct{ requirement, hint string }{
	ReasonNotPaired:       {"device is not approved yet", "Approve this device from the pending pairing requests."},
	ReasonRoleUpgrade:     {"device is asking for a higher role than currently approved", "Review the requested role upgrade, then approve the pending request."},
	ReasonScopeUpgrade:    {"device is asking for more scopes than currently approved", "Review the requested scopes, then approve the pending upgrade."},
	ReasonMetadataUpgrade: {"device identity changed and must be re-approved", "Review the refreshed device details, then approve the pending request."},
}

// PairingRequired is a connect refused until an operator approves the
// pending request: NOT_PAIRED, then close 1008.
type PairingRequired struct {
	Reason          string
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

// PairingDetails is the details object of a NOT_PAIRED reply.
type PairingDetails struct {
	Code            string   `json:"code"`
	Reason          string   `json:"reason"`
	RequestID       string   `json:"requestId,omitempty"`
	RemediationHint string   `json:"remediationHint"`
	DeviceID        string   `json:"deviceId"`
	RequestedRole   string   `json:"requestedRole"`
	RequestedScopes []string `json:"requestedScopes"`
	ApprovedRoles   []string `json:"approvedRoles,omitempty"`
	ApprovedScopes  []string `json:"approvedScopes,omitempty"`
}

// Reply returns the connect reply.
func (p *PairingRequired) Reply() *wire.Error {
	return wire.Errorf(wire.CodeNotPaired, "%s", p.Message()).WithDetails(PairingDetails{
		Code: "PAIRING_REQUIRED", Reason: p.Reason, RequestID: p.RequestID,
		RemediationHint: pairingTexts[p.Reason].hint, DeviceID: p.DeviceID, RequestedRole: p.RequestedRole,
		RequestedScopes: cleanList(p.RequestedScopes), ApprovedRoles: p.ApprovedRoles, ApprovedScopes: p.ApprovedScopes,
	})
}
