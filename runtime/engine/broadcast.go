package engine

import (
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Event is one broadcast.
type Event struct {
	// Name is the event's wire name; it must be in the manifest.
	Name string
	// Payload is encoded as JSON once for every recipient.
	Payload any
	// StateVersion is attached when set (presence and health events).
	StateVersion *wire.StateVersion
	// DropIfSlow overrides the manifest's drop-if-slow flag when set.
	DropIfSlow *bool
}

// Broadcast delivers ev to every open connection its scope guard allows,
// each with that connection's next sequence number. A slow consumer skips
// a drop-if-slow event (its sequence number still advances, so the client
// sees the gap) and is closed for any other. It returns the number of
// connections the event was queued for. An event the manifest does not
// know is dropped (fail closed).
func (s *Server) Broadcast(ev Event) int {
	spec, ok := s.events[ev.Name]
	if !ok {
		s.log.Error("dropping broadcast of an event the manifest does not list", "event", ev.Name)
		return 0
	}
	raw, err := wire.Marshal(ev.Payload)
	if err != nil {
		s.log.Error("encoding event payload failed", "event", ev.Name, "err", err)
		return 0
	}
	dropIfSlow := spec.DropIfSlow
	if ev.DropIfSlow != nil {
		dropIfSlow = *ev.DropIfSlow
	}
	prefix := wire.EventPrefix(ev.Name, raw)
	delivered := 0
	for _, c := range s.openConns() {
		if !guardAllows(spec, c.Peer()) {
			continue
		}
		if c.sendEvent(prefix, ev.StateVersion, dropIfSlow) {
			delivered++
		}
	}
	return delivered
}

// sharePrefixFrom is the event size from which a broadcast shares its
// encoded prefix between connections instead of copying it into each
// connection's frame: a 40 KB presence list sent to 10,000 connections
// would otherwise be 400 MB of copies held at once.
const sharePrefixFrom = 16 << 10

// eventFrame finishes a broadcast's frame for one connection.
func eventFrame(prefix []byte, seq int64, sv *wire.StateVersion) outFrame {
	if len(prefix) >= sharePrefixFrom {
		return outFrame{shared: prefix, own: wire.FinishEvent(make([]byte, 0, 64), seq, sv)}
	}
	frame := make([]byte, len(prefix), len(prefix)+64)
	copy(frame, prefix)
	return outFrame{own: wire.FinishEvent(frame, seq, sv)}
}

// guardAllows applies an event's scope guard to a recipient: nodes get
// only events meant for nodes; operators need the event's scope, if any.
func guardAllows(spec rpc.EventSpec, p *Peer) bool {
	switch p.Role {
	case RoleNode:
		return spec.ToNodes
	case RoleOperator:
		return spec.Scope == "" || p.HasScope(spec.Scope)
	}
	return false
}
