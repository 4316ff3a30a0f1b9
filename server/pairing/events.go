package pairing

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/session"
)

// Events lists the events pairing emits (all broadcast to
// operator.pairing holders).
var Events = []string{protocol.EventDevicePairRequested, protocol.EventDevicePairResolved,
	protocol.EventNodePairRequested, protocol.EventNodePairResolved}

// outbox collects the events a transaction produced; they are sent only
// once it has committed.
type outbox []engine.Event

func (o *outbox) add(name string, payload any) {
	*o = append(*o, engine.Event{Name: name, Payload: payload})
}

// publish broadcasts collected events.
func (s *Service) publish(events outbox) {
	ref := s.hub.Load()
	if ref == nil {
		return
	}
	for _, ev := range events {
		ref.Broadcast(ev)
	}
}

// disconnect closes the sockets of a device with 4001 "device removed";
// with a role, only that role's sockets. It returns how many it closed.
func (s *Service) disconnect(deviceID, role string) int {
	ref := s.hub.Load()
	if ref == nil {
		return 0
	}
	n := 0
	ref.Each(func(c *engine.Conn) bool {
		if sess := session.Of(c); sess != nil && sess.DeviceID == deviceID && (role == "" || sess.Role == role) {
			c.Close(wire.CloseAuthChanged, wire.ReasonDeviceRemoved)
			n++
		}
		return true
	})
	return n
}
