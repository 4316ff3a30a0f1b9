package gateway

import (
	"encoding/json"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/server/heartbeat"
	"github.com/gatewire/gatewire/server/methods/system"
)

// broadcastPresence sends the full presence list, with the state
// versions, to every connection.
func (g *Gateway) broadcastPresence() {
	if g.engine == nil {
		return
	}
	g.engine.Broadcast(engine.Event{
		Name:         protocol.EventPresence,
		Payload:      protocol.PresenceEvent{Presence: system.PresenceList(g.presence.List())},
		StateVersion: g.stateVersion(),
	})
}

// broadcastHealth sends a refreshed health summary, as the cache encoded
// it, with the state versions.
func (g *Gateway) broadcastHealth(summary json.RawMessage, healthVersion int64) {
	if g.engine == nil {
		return
	}
	sv := g.stateVersion()
	sv.Health = healthVersion
	g.engine.Broadcast(engine.Event{Name: protocol.EventHealth, Payload: summary, StateVersion: sv})
}

// broadcastHeartbeat sends a heartbeat's outcome.
func (g *Gateway) broadcastHeartbeat(ev heartbeat.Event) {
	if g.engine == nil {
		return
	}
	g.engine.Broadcast(engine.Event{Name: protocol.EventHeartbeat, Payload: system.HeartbeatEvent(ev)})
}

// sendVoicewake sends the wake-word triggers to one node connection, as a
// direct event (no seq).
func (g *Gateway) sendVoicewake(c *engine.Conn) {
	if err := c.SendEvent(protocol.EventVoicewakeChanged, protocol.VoicewakeChangedEvent{Triggers: g.triggers()}, false); err != nil {
		g.log.Warn("sending voicewake.changed failed", "err", err)
	}
}

// broadcastVoicewake sends the triggers to every connection that may
// receive voicewake.changed (after voicewake.triggers changed).
func (g *Gateway) broadcastVoicewake() {
	g.engine.Broadcast(engine.Event{Name: protocol.EventVoicewakeChanged, Payload: protocol.VoicewakeChangedEvent{Triggers: g.triggers()}})
}

// triggers returns the configured wake words, never nil.
func (g *Gateway) triggers() []string {
	if t := g.cfg.Effective().Voicewake.Triggers; t != nil {
		return t
	}
	return []string{}
}
