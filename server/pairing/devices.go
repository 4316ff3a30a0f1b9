package pairing

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/store"
)

// Denials of device management (v3 texts).
const (
	msgApprovalDenied   = "device pairing approval denied"
	msgRejectionDenied  = "device pairing rejection denied"
	msgRemovalDenied    = "device pairing removal denied"
	msgRotationDenied   = "device token rotation denied"
	msgRevocationDenied = "device token revocation denied"
)

// ListDevices returns pending requests (newest first) and paired devices
// (most recently approved first); a caller confined to its own device
// sees only that device.
func (s *Service) ListDevices(ctx context.Context, c Caller) (*protocol.DevicePairListResult, error) {
	out := &protocol.DevicePairListResult{Pending: []protocol.PendingDeviceRequest{}, Paired: []protocol.PairedDevice{}}
	only := c.restrictedTo()
	cutoff := s.pendingCutoff()
	err := s.store.View(ctx, func(tx *store.Tx) error {
		pending, err := store.DeviceRequests.List(tx, only)
		if err != nil {
			return err
		}
		for i := range pending {
			if pending[i].TS >= cutoff {
				out.Pending = append(out.Pending, pendingDeviceView(&pending[i]))
			}
		}
		devices, err := tx.Devices() // most recently approved first
		if err != nil {
			return err
		}
		online := s.connectedDevices()
		for i := range devices {
			if only == "" || devices[i].DeviceID == only {
				v := pairedDeviceView(&devices[i])
				connected := online[devices[i].DeviceID]
				v.Connected = &connected
				out.Paired = append(out.Paired, v)
			}
		}
		return nil
	})
	return out, err
}

// connectedDevices returns the device ids with an open connection.
func (s *Service) connectedDevices() map[string]bool {
	out := map[string]bool{}
	if s.conns == nil {
		return out
	}
	s.conns.Each(func(c *engine.Conn) bool {
		if p := c.Peer(); p != nil && p.Identity.DeviceID != "" {
			out[p.Identity.DeviceID] = true
		}
		return true
	})
	return out
}

// ApproveDevice approves a pending request and announces it with
// device.pair.resolved. The caller must hold every operator scope the
// device's token will get.
func (s *Service) ApproveDevice(ctx context.Context, c Caller, requestID string) (*protocol.PairedDevice, error) {
	var d *store.Device
	err := s.store.Update(ctx, func(tx *store.Tx) error {
		if err := s.checkOwnRequest(tx, c, requestID, msgApprovalDenied); err != nil {
			return err
		}
		var err error
		d, err = s.approveDevice(tx, requestID, c.Scopes)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.log.Info("device pairing approved", "device", d.DeviceID, "request", requestID)
	s.publish(outbox{{Name: protocol.EventDevicePairResolved,
		Payload: resolvedDevice(requestID, d.DeviceID, protocol.DevicePairResolvedEventDecisionApproved, s.nowMs())}})
	v := pairedDeviceView(d)
	return &v, nil
}

// RejectDevice drops a pending request and announces it.
func (s *Service) RejectDevice(ctx context.Context, c Caller, requestID string) (deviceID string, err error) {
	err = s.store.Update(ctx, func(tx *store.Tx) error {
		if err := s.checkOwnRequest(tx, c, requestID, msgRejectionDenied); err != nil {
			return err
		}
		p, err := resolve(s, tx, store.DeviceRequests, requestID, nil)
		if err == nil {
			deviceID = p.SubjectID
		}
		return err
	})
	if err != nil {
		return "", err
	}
	s.publish(outbox{{Name: protocol.EventDevicePairResolved,
		Payload: resolvedDevice(requestID, deviceID, protocol.DevicePairResolvedEventDecisionRejected, s.nowMs())}})
	return deviceID, nil
}

// checkOwnRequest confines a caller restricted to its own device to that
// device's pending requests.
func (s *Service) checkOwnRequest(tx *store.Tx, c Caller, requestID, denied string) error {
	only := c.restrictedTo()
	if only == "" {
		return nil
	}
	p, err := store.DeviceRequests.Get(tx, requestID)
	if err != nil {
		return err
	}
	if p == nil || p.SubjectID != only {
		s.log.Warn(denied, "request", requestID, "reason", "device-ownership-mismatch")
		return wire.InvalidRequest("%s", denied)
	}
	return nil
}

// RemoveDevice unpairs a device (its tokens and pending requests go too)
// and, once the reply is out, closes its sockets with 4001.
func (s *Service) RemoveDevice(ctx context.Context, c Caller, deviceID string) error {
	if only := c.restrictedTo(); only != "" && only != deviceID {
		s.log.Warn(msgRemovalDenied, "device", deviceID, "reason", "device-ownership-mismatch")
		return wire.InvalidRequest("%s", msgRemovalDenied)
	}
	var existed bool
	err := s.store.Update(ctx, func(tx *store.Tx) (err error) {
		existed, err = tx.DeleteDevice(deviceID)
		return err
	})
	if err != nil {
		return err
	}
	if !existed {
		return wire.InvalidRequest("unknown deviceId")
	}
	s.log.Info("device removed", "device", deviceID)
	s.disconnectAfterReply(c, deviceID, "")
	return nil
}

// disconnectAfterReply closes a device's sockets once the caller's reply
// is queued (at once without a call).
func (s *Service) disconnectAfterReply(c Caller, deviceID, role string) {
	if c.AfterReply == nil {
		s.disconnect(deviceID, role)
		return
	}
	c.AfterReply(func() { s.disconnect(deviceID, role) })
}
