package pairing

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/session"
)

// Caller is the operator connection calling a pairing method.
type Caller struct {
	// DeviceID is set only when the caller authenticated with its device
	// token; such callers manage only their own device unless they hold
	// operator.admin.
	DeviceID string
	// Scopes are the caller's granted scopes.
	Scopes []string
	// Protocol is the caller's negotiated protocol version (it picks the
	// form of an authorization failure).
	Protocol int
	// AfterReply runs work once the caller's reply is queued; nil runs
	// it at once.
	AfterReply func(fn func())
}

// callerOf returns the caller of a call.
func callerOf(call *rpc.Call) Caller {
	c := Caller{Scopes: call.Peer.Scopes, Protocol: call.Peer.Protocol, AfterReply: call.AfterReply}
	if call.Peer.Identity.AuthMethod == session.AuthDeviceToken {
		c.DeviceID = call.Peer.Identity.DeviceID
	}
	return c
}

// admin reports whether the caller holds operator.admin.
func (c Caller) admin() bool {
	return scopeSatisfied(string(protocol.RoleOperator), string(protocol.OperatorScopeAdmin), c.Scopes)
}

// restrictedTo returns the device id a caller is confined to, or "" when
// it may manage every device.
func (c Caller) restrictedTo() string {
	if c.DeviceID != "" && !c.admin() {
		return c.DeviceID
	}
	return ""
}
