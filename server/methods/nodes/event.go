package nodes

import (
	"context"
	"encoding/json"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// NodeEvent takes an event a node reports. node.presence.alive records
// when the node was last seen and answers what it did; exec.started,
// exec.finished and exec.denied become exec notes for the node's session;
// agent.request, chat.subscribe and chat.unsubscribe go to the agent
// runtime (Deps.AgentEvent); every other event (the voice and push ones
// included, until the parts of the gateway they drive exist) is
// acknowledged {ok:true}, as v3 acknowledges an event it handles without
// a result.
//
// From protocol 4 on every answer names the event and whether it was
// handled (NodeEventResultV4): an event gatewire does not act on is
// handled:false with reason "unsupported_event", and node.host.stats
// (sent by the v4 node host after connecting) is acknowledged when its
// payload is an object.
func (s *Service) NodeEvent(ctx context.Context, call *rpc.Call, p *protocol.NodeEventParams) (*protocol.NodeEventResult, error) {
	payload := eventPayload(p)
	nodeID := callerNodeID(call, "node")
	handled := true
	switch p.Event {
	case eventPresenceAlive:
		return s.presenceAlive(ctx, call.Peer.Identity.DeviceID, nodeID, payload), nil
	case eventExecStarted, eventExecFinished, eventExecDenied:
		s.execNote(nodeID, p.Event, payload)
	case eventAgentRequest, eventChatSubscribe, eventChatUnsubscribe:
		if s.deps.AgentEvent != nil && p.PayloadJSON != nil {
			s.deps.AgentEvent(call, nodeID, p.Event, []byte(*p.PayloadJSON))
		}
	case eventHostStats:
		if call.Peer.Protocol >= eventResultNamed {
			return hostStatsResult(p.Event, payload), nil
		}
	default:
		handled = false
	}
	if call.Peer.Protocol < eventResultNamed {
		return &protocol.NodeEventResult{Ok: true}, nil
	}
	out := &protocol.NodeEventResult{Ok: true, Event: &p.Event, Handled: &handled}
	if !handled {
		out.Reason = opt("unsupported_event")
	}
	return out, nil
}

// eventResultNamed is the protocol from which node.event always answers
// {ok, event, handled}.
const eventResultNamed = 4

// eventHostStats is the v4 node host's periodic report of its load,
// memory and disk.
const eventHostStats = "node.host.stats"

// hostStatsResult answers node.host.stats: handled ("updated") when the
// payload is an object, else "invalid_payload".
func hostStatsResult(event string, payload map[string]any) *protocol.NodeEventResult {
	handled, reason := true, "updated"
	if payload == nil {
		handled, reason = false, "invalid_payload"
	}
	return &protocol.NodeEventResult{Ok: true, Event: &event, Handled: &handled, Reason: &reason}
}

// The node events with an effect on the gateway (schema: NodeEventName).
const (
	eventPresenceAlive = string(protocol.NodeEventNameNodePresenceAlive)
	eventExecStarted   = string(protocol.NodeEventNameExecStarted)
	eventExecFinished  = string(protocol.NodeEventNameExecFinished)
	eventExecDenied    = string(protocol.NodeEventNameExecDenied)

	eventAgentRequest    = string(protocol.NodeEventNameAgentRequest)
	eventChatSubscribe   = string(protocol.NodeEventNameChatSubscribe)
	eventChatUnsubscribe = string(protocol.NodeEventNameChatUnsubscribe)
)

// eventPayload is the event's payload as v3 reads it: payloadJSON text
// when given, else payload; nil unless it is a JSON object or array (an
// array is an object to JavaScript, one without the fields read, so it
// is returned as an empty object).
func eventPayload(p *protocol.NodeEventParams) map[string]any {
	raw := []byte(p.Payload)
	if p.PayloadJSON != nil {
		raw = []byte(*p.PayloadJSON)
	}
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return nil
	}
	switch v := v.(type) {
	case map[string]any:
		return v
	case []any:
		return map[string]any{}
	}
	return nil
}

// callerNodeID is the calling node's id as v3 takes it: its device id,
// else its client id, else fallback.
func callerNodeID(call *rpc.Call, fallback string) string {
	id := call.Peer.Identity
	switch {
	case id.DeviceID != "":
		return id.DeviceID
	case id.ClientID != "":
		return id.ClientID
	}
	return fallback
}

// str returns obj[key] when it is a string with something besides
// spaces, trimmed; "" otherwise.
func str(obj map[string]any, key string) string {
	v, _ := obj[key].(string)
	return trimSpace(v)
}
