package pairing

import (
	"slices"

	"github.com/gatewire/gatewire/runtime/engine"
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
}

// callerOf returns the caller described by a session.
func callerOf(s *session.Session) Caller {
	c := Caller{Scopes: s.Scopes}
	if s.AuthMethod == session.AuthDeviceToken {
		c.DeviceID = s.DeviceID
	}
	return c
}

// admin reports whether the caller holds operator.admin.
func (c Caller) admin() bool { return slices.Contains(c.Scopes, engine.ScopeAdmin) }

// restrictedTo returns the device id a caller is confined to, or "" when
// it may manage every device.
func (c Caller) restrictedTo() string {
	if c.DeviceID != "" && !c.admin() {
		return c.DeviceID
	}
	return ""
}
