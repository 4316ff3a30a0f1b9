package gateway

import (
	"encoding/json"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/agent/catalog"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/methods/system"
	"github.com/gatewire/gatewire/server/session"
	"github.com/gatewire/gatewire/server/transcript"
)

// snapshot is the state a client starts from; the config path, state
// directory and auth mode are only for connections holding
// operator.admin. From v4 on, the presence list and the update schedule
// are only for connections holding operator.read. Both name the session
// defaults (v4 with more members).
func (g *Gateway) snapshot(s *session.Session) protocol.Snapshot {
	scopes := protocol.Manifest.Scopes
	read := s.HasScope(scopes, string(protocol.OperatorScopeRead))
	snap := protocol.Snapshot{
		Suspension:   &protocol.Suspension{Phase: protocol.SuspensionPhaseAccepting},
		Presence:     []protocol.PresenceEntry{},
		Health:       json.RawMessage(`{}`),
		StateVersion: *g.stateVersion(),
		UptimeMs:     g.now().Sub(g.started).Milliseconds(),
	}
	if s.Protocol < 4 || read {
		snap.Presence = system.PresenceList(g.presence.List())
	}
	if raw, ok := g.health.CachedJSONAt(s.Protocol); ok {
		snap.Health = raw
	}
	if f := g.cfg.File(); f != nil {
		snap.AppliedConfigHash = protocol.NewNullable(f.Hash())
	}
	if s.HasScope(scopes, string(protocol.OperatorScopeAdmin)) {
		path, dir := g.cfg.Path(), g.setup.StateDir.Root()
		mode := protocol.AuthMode(config.AuthMode(g.cfg.Effective()))
		snap.ConfigPath, snap.StateDir, snap.AuthMode = &path, &dir, &mode
	}
	if read {
		snap.UpdateSchedule = &protocol.UpdateSchedule{Channel: updateChannel}
	}
	snap.SessionDefaults = g.sessionDefaults(s.Protocol)
	return snap
}

// updateChannel is the release channel gatewire reports; it never
// updates itself (updateSchedule.autoEnabled is false).
const updateChannel = "stable"

// sessionDefaults names the default agent and its main session (OpenClaw's
// Control UI resolves "main" to agent:<id>:main with it): at v3
// {defaultAgentId, mainKey, mainSessionKey, scope}, as v3 sends it; v4
// adds whether a model is configured, how the default agent was chosen
// and whether a client must pick one.
func (g *Gateway) sessionDefaults(proto int) *protocol.SessionDefaults {
	id := catalog.DefaultAgentID
	if g.catalog != nil {
		id = g.catalog.DefaultAgentID()
	}
	scope := "per-sender"
	d := &protocol.SessionDefaults{DefaultAgentID: id, MainKey: transcript.MainName, MainSessionKey: transcript.MainKey(id), Scope: &scope}
	if proto < 4 {
		return d
	}
	ownership, configured := defaultOwnership(g.cfg.Effective()), false
	if g.catalog != nil {
		_, err := g.catalog.ModelFor(id, "")
		configured = err == nil
	}
	d.ModelConfigured, d.Ownership, d.SelectionRequired = &configured, &ownership, new(bool)
	return d
}

// defaultOwnership says how the default agent was chosen: the only agent
// (sole), one marked default (explicit), or the first of several
// (legacy).
func defaultOwnership(cfg config.Config) protocol.SessionDefaultsOwnership {
	list := cfg.Agents.List
	if len(list) <= 1 {
		return protocol.SessionDefaultsOwnershipSole
	}
	for _, e := range list {
		if e.Default != nil && *e.Default {
			return protocol.SessionDefaultsOwnershipExplicit
		}
	}
	return protocol.SessionDefaultsOwnershipLegacy
}

// stateVersion returns the current presence and health state versions.
func (g *Gateway) stateVersion() *wire.StateVersion {
	return &wire.StateVersion{Presence: g.presence.Version(), Health: g.health.Version()}
}
