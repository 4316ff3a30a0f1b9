package pairing

import (
	"context"
	"slices"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/server/store"
)

// ConnectInput is a connect whose device proof checked out.
type ConnectInput struct {
	Device *VerifiedDevice
	// Role and Scopes are what the connect asks for (scopes as sent).
	Role   string
	Scopes []string
	// Client metadata as sent.
	DisplayName, Platform, DeviceFamily, ClientID, ClientMode string
	// RemoteIP is the client address recorded with requests and devices;
	// empty for local clients.
	RemoteIP string
	Silent   SilentInput
	// SkipPairing is set for the gateway's own local backend helper
	// (gateway-client in backend mode, local, authenticated by the shared
	// secret): it connects without being paired.
	SkipPairing bool
}

// Admitted is a connect pairing lets through.
type Admitted struct {
	// Paired is true when the device is paired for the role and scopes.
	Paired bool
	// Platform and DeviceFamily are the device's pinned values (the
	// claimed ones when nothing is pinned).
	Platform, DeviceFamily string
	// Token is the device's token for the role (existing or newly
	// issued), nil when none applies.
	Token *store.DeviceToken
}

// maxUpgradeSteps bounds the silent approvals one connect can go through
// (metadata, role; a new device needs one).
const maxUpgradeSteps = 4

// Connect applies the pairing decision to a connect: a device that is not
// paired, claims other pinned metadata, asks for a role it does not hold
// or for scopes beyond its approved baseline needs (re)approval, which a
// local client may get silently (see allowSilent); otherwise the device
// token for the role is reused or issued. Events are sent once the
// decision is stored.
func (s *Service) Connect(ctx context.Context, in ConnectInput) (*Admitted, *PairingRequired, error) {
	var out *Admitted
	var required *PairingRequired
	var events outbox
	err := s.store.Update(ctx, func(tx *store.Tx) error {
		events = nil
		var err error
		out, required, err = s.connectTx(tx, in, &events)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	s.publish(events)
	return out, required, nil
}

// connectTx is Connect inside its transaction.
func (s *Service) connectTx(tx *store.Tx, in ConnectInput, events *outbox) (*Admitted, *PairingRequired, error) {
	out := &Admitted{Platform: in.Platform, DeviceFamily: in.DeviceFamily}
	for step := 0; ; step++ {
		d, err := tx.Device(in.Device.ID)
		if err != nil {
			return nil, nil, err
		}
		if (d == nil || d.PublicKey != in.Device.PublicKey) && in.SkipPairing {
			return out, nil, nil
		}
		reason := s.pairingReason(d, in)
		if reason == "" {
			return s.admitPaired(tx, d, in, out)
		}
		if step >= maxUpgradeSteps {
			return nil, nil, errUpgradeLoop
		}
		approved, required, err := s.requirePairing(tx, d, in, reason, events)
		if err != nil || !approved {
			return nil, required, err
		}
	}
}

// pairingReason returns why a device must be (re)approved, or "".
func (s *Service) pairingReason(d *store.Device, in ConnectInput) protocol.PairingReason {
	switch {
	case d == nil || d.PublicKey != in.Device.PublicKey:
		return protocol.PairingReasonNotPaired
	case pinMismatch(d.Platform, in.Platform) || pinMismatch(d.DeviceFamily, in.DeviceFamily):
		return protocol.PairingReasonMetadataUpgrade
	case !slices.Contains(effectiveRoles(d), in.Role):
		return protocol.PairingReasonRoleUpgrade
	case len(cleanList(in.Scopes)) > 0 && !scopesAllow(in.Role, in.Scopes, d.Scopes):
		return protocol.PairingReasonScopeUpgrade
	}
	return ""
}

// pinMismatch reports a claimed value that differs from a pinned one
// (compared trimmed and ASCII-lowercased); nothing pinned never differs.
func pinMismatch(pinned, claimed string) bool {
	p := deviceauth.NormalizeMetadata(pinned)
	return p != "" && p != deviceauth.NormalizeMetadata(claimed)
}

// admitPaired lets a paired device in: its pinned metadata replaces the
// claimed values, its display metadata and last-seen time are updated and
// its token for the role is reused or issued.
func (s *Service) admitPaired(tx *store.Tx, d *store.Device, in ConnectInput, out *Admitted) (*Admitted, *PairingRequired, error) {
	out.Paired = true
	if d.Platform != "" {
		out.Platform = d.Platform
	}
	if d.DeviceFamily != "" {
		out.DeviceFamily = d.DeviceFamily
	}
	d.DisplayName, d.ClientID, d.ClientMode, d.RemoteIP = in.DisplayName, in.ClientID, in.ClientMode, in.RemoteIP
	d.LastSeenAtMs, d.LastSeenReason = s.nowMs(), "connect"
	if err := tx.PutDevice(d); err != nil {
		return nil, nil, err
	}
	tok, err := s.ensureToken(tx, d, in.Role, in.Scopes)
	if err != nil {
		return nil, nil, err
	}
	out.Token = tok
	return out, nil, nil
}

// requirePairing records a pairing request for reason; a request that
// qualifies for silent approval is approved on the spot (approved is then
// true). Otherwise the connect is refused with the pending request.
func (s *Service) requirePairing(tx *store.Tx, d *store.Device, in ConnectInput, reason protocol.PairingReason,
	events *outbox) (approved bool, required *PairingRequired, err error) {
	silent := reason != protocol.PairingReasonScopeUpgrade && s.allowSilent(in.Silent, reason)
	p, created, err := s.requestDevice(tx, deviceRequest{
		DeviceID: in.Device.ID, PublicKey: in.Device.PublicKey, DisplayName: in.DisplayName,
		Platform: in.Platform, DeviceFamily: in.DeviceFamily, ClientID: in.ClientID, ClientMode: in.ClientMode,
		Role: in.Role, Scopes: cleanList(in.Scopes), RemoteIP: in.RemoteIP, Silent: silent,
	})
	if err != nil {
		return false, nil, err
	}
	if p.Silent {
		dev, aerr := s.approveDevice(tx, p.RequestID, in.Scopes)
		if aerr == nil {
			s.log.Info("device pairing approved silently", "device", dev.DeviceID, "role", in.Role, "reason", reason)
			events.add(protocol.EventDevicePairResolved,
				resolvedDevice(p.RequestID, dev.DeviceID, protocol.DevicePairResolvedEventDecisionApproved, s.nowMs()))
			return true, nil, nil
		}
		if !isReply(aerr) {
			return false, nil, aerr
		}
		created = true // it stays pending: operators must hear about it
	}
	if created {
		events.add(protocol.EventDevicePairRequested, pendingDeviceView(p))
	}
	s.log.Warn("device pairing required", "device", in.Device.ID, "reason", reason, "request", p.RequestID,
		"role", in.Role, "scopes", in.Scopes)
	return false, s.pairingRequired(d, in, reason, p.RequestID), nil
}

// pairingRequired builds the refusal of a connect that must wait.
func (s *Service) pairingRequired(d *store.Device, in ConnectInput, reason protocol.PairingReason, requestID string) *PairingRequired {
	r := &PairingRequired{Reason: reason, RequestID: requestID, DeviceID: in.Device.ID,
		RequestedRole: in.Role, RequestedScopes: in.Scopes}
	if d != nil && d.PublicKey == in.Device.PublicKey {
		if roles := approvedRoles(d); len(roles) > 0 {
			r.ApprovedRoles = roles
		}
		if scopes := cleanList(d.Scopes); len(scopes) > 0 {
			r.ApprovedScopes = scopes
		}
	}
	return r
}
