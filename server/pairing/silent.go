package pairing

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
)

// SilentInput is what decides whether a pairing request may be approved
// without an operator.
type SilentInput struct {
	Locality  Locality
	HasOrigin bool // the upgrade carried a browser Origin
	Class     ClientClass
	Role      string
}

// allowSilent applies the v3 silent-pairing rules and the configured
// switches: never for remote clients; never for a browser page unless it
// is the Control UI or web chat; never for a scope upgrade; new devices
// and role upgrades from local clients are silent; a metadata change is
// silent only for a native app UI on a direct local connection without a
// browser origin.
func (s *Service) allowSilent(in SilentInput, reason protocol.PairingReason) bool {
	set := s.Settings()
	if in.Role == roleNode && !set.NodeAutoApproveLocal || in.Role != roleNode && !set.AutoApproveLocal {
		return false
	}
	if in.Locality == LocalityRemote {
		return false
	}
	browserish := in.Class.ControlUI || in.Class.Webchat
	if in.HasOrigin && !browserish {
		return false
	}
	switch reason {
	case protocol.PairingReasonNotPaired, protocol.PairingReasonRoleUpgrade:
		return true
	case protocol.PairingReasonMetadataUpgrade:
		return !in.HasOrigin && !browserish && in.Locality == LocalityDirect && in.Class.NativeAppUI
	}
	return false
}
