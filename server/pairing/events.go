package pairing

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// emitters are the typed emitters of the events pairing produces (all
// broadcast to operator.pairing holders).
type emitters struct {
	deviceRequested protocol.DevicePairRequestedEmitter
	deviceResolved  protocol.DevicePairResolvedEmitter
	nodeRequested   protocol.NodePairRequestedEmitter
	nodeResolved    protocol.NodePairResolvedEmitter
}

func newEmitters(pub rpc.Publisher) *emitters {
	return &emitters{
		deviceRequested: protocol.NewDevicePairRequestedEmitter(pub),
		deviceResolved:  protocol.NewDevicePairResolvedEmitter(pub),
		nodeRequested:   protocol.NewNodePairRequestedEmitter(pub),
		nodeResolved:    protocol.NewNodePairResolvedEmitter(pub),
	}
}

// event is one event a transaction produced.
type event struct {
	Name    string
	Payload any
}

// outbox collects the events a transaction produced; they are sent only
// once it has committed.
type outbox []event

func (o *outbox) add(name string, payload any) {
	*o = append(*o, event{Name: name, Payload: payload})
}

// publish sends collected events through their typed emitters.
func (s *Service) publish(events outbox) {
	s.countRequests(events)
	if s.emit == nil {
		return
	}
	for _, ev := range events {
		var err error
		switch p := ev.Payload.(type) {
		case protocol.PendingDeviceRequest:
			_, err = s.emit.deviceRequested.Broadcast(&p)
		case protocol.DevicePairResolvedEvent:
			_, err = s.emit.deviceResolved.Broadcast(&p)
		case protocol.PendingNodeRequest:
			_, err = s.emit.nodeRequested.Broadcast(&p)
		case protocol.NodePairResolvedEvent:
			_, err = s.emit.nodeResolved.Broadcast(&p)
		default:
			s.log.Error("pairing produced an event without an emitter", "event", ev.Name)
		}
		if err != nil {
			s.log.Error("sending a pairing event failed", "event", ev.Name, "err", err)
		}
	}
}

// tellNode sends the node its approval (protocol 4 nodes get
// node.pair.resolved directly; the route does not exist at 3): its
// approved commands apply to its open connection from now on.
func (s *Service) tellNode(p *protocol.NodePairResolvedEvent) {
	if s.emit == nil {
		return
	}
	if _, err := s.emit.nodeResolved.ToNode(p.NodeID, p); err != nil {
		s.log.Error("telling a node of its approval failed", "node", p.NodeID, "err", err)
	}
}

// disconnect closes the sockets of a device with 4001 "device removed";
// with a role, only that role's sockets. It returns how many it closed.
func (s *Service) disconnect(deviceID, role string) int {
	if s.conns == nil {
		return 0
	}
	n := 0
	s.conns.Each(func(c *engine.Conn) bool {
		if p := c.Peer(); p != nil && p.Identity.DeviceID == deviceID && (role == "" || string(p.Role) == role) {
			c.Close(wire.CloseAuthChanged, wire.ReasonDeviceRemoved)
			n++
		}
		return true
	})
	return n
}

// countRequests tells OnRequest about the new requests among events.
func (s *Service) countRequests(events outbox) {
	if s.onReq == nil {
		return
	}
	for _, ev := range events {
		switch ev.Name {
		case protocol.EventDevicePairRequested:
			s.onReq(RequestDevice)
		case protocol.EventNodePairRequested:
			s.onReq(RequestNode)
		}
	}
}
