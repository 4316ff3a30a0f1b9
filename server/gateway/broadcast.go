package gateway

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/heartbeat"
	"github.com/gatewire/gatewire/server/methods/system"
)

// emitters are the typed emitters of the events the gateway's own
// producers send; they are built with the hub, before the engine.
type emitters struct {
	presence  protocol.PresenceEmitter
	health    protocol.HealthEmitter
	heartbeat protocol.HeartbeatEmitter
	voicewake protocol.VoicewakeChangedEmitter
}

func newEmitters(pub rpc.Publisher) emitters {
	return emitters{
		presence:  protocol.NewPresenceEmitter(pub),
		health:    protocol.NewHealthEmitter(pub),
		heartbeat: protocol.NewHeartbeatEmitter(pub),
		voicewake: protocol.NewVoicewakeChangedEmitter(pub),
	}
}

// warnIf logs a failed emit.
func (g *Gateway) warnIf(event string, err error) {
	if err != nil {
		g.log.Warn("sending an event failed", "event", event, "err", err)
	}
}

// broadcastPresence sends the full presence list, with the state
// versions, to every connection.
func (g *Gateway) broadcastPresence() {
	_, err := g.emit.presence.Broadcast(&protocol.PresenceEvent{Presence: system.PresenceList(g.presence.List())}, g.stateVersion())
	g.warnIf(protocol.EventPresence, err)
}

// broadcastHealth sends a refreshed health summary with the state
// versions.
func (g *Gateway) broadcastHealth(summary protocol.HealthSummary, healthVersion int64) {
	sv := g.stateVersion()
	sv.Health = healthVersion
	_, err := g.emit.health.Broadcast(&summary, sv)
	g.warnIf(protocol.EventHealth, err)
}

// broadcastHeartbeat sends a heartbeat's outcome.
func (g *Gateway) broadcastHeartbeat(ev heartbeat.Event) {
	p := system.HeartbeatEvent(ev)
	_, err := g.emit.heartbeat.Broadcast(&p)
	g.warnIf(protocol.EventHeartbeat, err)
}

// sendVoicewake sends the wake-word triggers to one node connection, as a
// direct event (no seq).
func (g *Gateway) sendVoicewake(connID string) {
	_, err := g.emit.voicewake.ToConnection(connID, &protocol.VoicewakeChangedEvent{Triggers: g.triggers()})
	g.warnIf(protocol.EventVoicewakeChanged, err)
}

// broadcastVoicewake sends the triggers to every connection that may
// receive voicewake.changed (after voicewake.triggers changed).
func (g *Gateway) broadcastVoicewake() {
	_, err := g.emit.voicewake.Broadcast(&protocol.VoicewakeChangedEvent{Triggers: g.triggers()})
	g.warnIf(protocol.EventVoicewakeChanged, err)
}

// triggers returns the configured wake words, never nil.
func (g *Gateway) triggers() []string {
	if t := g.cfg.Effective().Voicewake.Triggers; t != nil {
		return t
	}
	return []string{}
}
