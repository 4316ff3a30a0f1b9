package engine

import (
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// Event is one broadcast the engine itself sends (tick, shutdown) or a
// test sends; producers use generated emitters over the Hub instead.
type Event struct {
	// Name is the event's wire name; it must be in the manifest with a
	// broadcast route.
	Name string
	// Payload is encoded as JSON once for every recipient.
	Payload any
	// StateVersion is attached when set (presence and health events).
	StateVersion *wire.StateVersion
	// DropIfSlow overrides the route's drop-if-slow flag when set.
	DropIfSlow *bool
}

// Broadcast delivers ev along its broadcast routes (one per range of
// protocol versions) to every open connection the route's guard allows,
// each with that connection's next sequence number. It returns the number
// of connections the event was queued for. An event the manifest does not
// know, or gives no broadcast route, is dropped (fail closed).
func (s *Server) Broadcast(ev Event) int {
	spec, ok := s.cfg.Manifest.Event(ev.Name)
	routes := broadcastRoutes(spec, ok)
	if len(routes) == 0 {
		s.log.Error("dropping broadcast of an event the manifest does not broadcast", "event", ev.Name)
		return 0
	}
	raw, shaped, err := rpc.EncodePayload(ev.Payload)
	if err != nil {
		s.log.Error("encoding event payload failed", "event", ev.Name, "err", err)
		return 0
	}
	n := 0
	for _, route := range routes {
		drop := route.DropIfSlow
		if ev.DropIfSlow != nil {
			drop = *ev.DropIfSlow
		}
		n += s.hub.Publish(rpc.Delivery{Event: ev.Name, Route: route, Payload: raw, Shaped: shaped, StateVersion: ev.StateVersion, DropIfSlow: drop})
	}
	return n
}

// broadcastRoutes returns an event's broadcast routes.
func broadcastRoutes(spec *rpc.EventSpec, known bool) []*rpc.RouteSpec {
	if !known {
		return nil
	}
	var out []*rpc.RouteSpec
	for i := range spec.Routes {
		if spec.Routes[i].Target == rpc.TargetBroadcast {
			out = append(out, &spec.Routes[i])
		}
	}
	return out
}

// Publish sends d to its route's recipients: every open connection for a
// broadcast, the session's subscribers, the run's requesters, one
// connection by id or one node's connections. Each recipient must be
// admitted by the route's guard at its negotiated protocol; it gets the
// connection's next seq when the route carries seq at that version, and
// none otherwise. A slow consumer skips a drop-if-slow event (a seq still
// advances, so the client sees the gap) and is closed for any other. It
// returns the number of connections the event was queued for.
func (h *Hub) Publish(d rpc.Delivery) int {
	r := d.Route
	if r == nil {
		return 0
	}
	prefixes := newEventPrefixes(d)
	delivered, lost := 0, 0
	defer func() { h.recordDelivered(d.Event, delivered, lost) }()
	for _, c := range h.recipients(r.Target, d.Key) {
		p := c.Peer()
		if p == nil || !r.AppliesTo(p.Protocol) || !r.Admits(h.m.Scopes, p) {
			continue
		}
		prefix, err := prefixes.at(p.Protocol)
		if err != nil {
			h.log.Error("encoding event payload failed", "event", d.Event, "protocol", p.Protocol, "err", err)
			return delivered
		}
		var res enqueueResult
		if r.Seq(p.Protocol) {
			res = c.sendEvent(prefix, d.StateVersion, d.DropIfSlow)
		} else {
			res = c.sendNow(eventFrame(prefix, -1, d.StateVersion), d.DropIfSlow)
		}
		switch res {
		case queued:
			delivered++
		case dropped, overrun:
			lost++
		}
	}
	return delivered
}

// recipients returns the connections a target names.
func (h *Hub) recipients(t rpc.Target, key string) []*Conn {
	switch t {
	case rpc.TargetBroadcast:
		return h.snapshot()
	case rpc.TargetSession:
		return h.subs.members(h.subs.sessions, key)
	case rpc.TargetRun:
		return h.subs.members(h.subs.runs, key)
	case rpc.TargetConnection:
		if c, ok := h.Conn(key); ok {
			return []*Conn{c}
		}
	case rpc.TargetNode:
		return h.NodeConns(key)
	}
	return nil
}

// sharePrefixFrom is the event size from which a broadcast shares its
// encoded prefix between connections instead of copying it into each
// connection's frame: a 40 KB presence list sent to 10,000 connections
// would otherwise be 400 MB of copies held at once.
const sharePrefixFrom = 16 << 10

// eventFrame finishes an event's frame for one connection; seq < 0
// omits seq.
func eventFrame(prefix []byte, seq int64, sv *wire.StateVersion) outFrame {
	if len(prefix) >= sharePrefixFrom {
		return outFrame{shared: prefix, own: wire.FinishEvent(make([]byte, 0, 64), seq, sv)}
	}
	frame := make([]byte, len(prefix), len(prefix)+64)
	copy(frame, prefix)
	return outFrame{own: wire.FinishEvent(frame, seq, sv)}
}
