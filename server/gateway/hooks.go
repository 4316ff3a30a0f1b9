package gateway

import (
	"cmp"
	"slices"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/presence"
	"github.com/gatewire/gatewire/server/session"
)

// recordConnect adds a connecting client to presence (without a
// broadcast, as v3) under the device id, else the instance id, else the
// connection id; CLI clients are left out.
func (g *Gateway) recordConnect(c *engine.Conn, s *session.Session) {
	if declaresCLI(s) {
		return
	}
	key := cmp.Or(s.DeviceID, s.Client.InstanceID, c.ID())
	host := cmp.Or(s.Client.DisplayName, s.Client.ID)
	e := presence.Entry{
		Host: host, Version: s.Client.Version, Platform: s.Client.Platform,
		DeviceFamily: s.Client.DeviceFamily, ModelIdentifier: s.Client.ModelIdentifier,
		Mode: s.Client.Mode, DeviceID: s.DeviceID, Roles: []string{s.Role}, Scopes: s.Scopes,
		InstanceID: s.Client.InstanceID, ClientID: s.Client.ID, TimeZone: s.Client.TimeZone,
	}
	if ip := s.ClientIP; ip.IsValid() && !ip.IsLoopback() {
		e.IP = ip.String()
	}
	g.presence.Connect(key, e)
	g.presenceKeys.Store(c.ID(), key)
}

// declaresCLI reports whether a connection declared the CLI mode: in
// client.mode, as v3 reads it, or, for an operator, in connect.caps,
// where gatewire's CLI declares it while it connects in backend mode to
// keep its scopes as the local helper.
func declaresCLI(s *session.Session) bool {
	cli := string(protocol.ClientModeCli)
	return s.Client.Mode == cli || (s.Role == string(protocol.RoleOperator) && slices.Contains(s.Caps, cli))
}

// onOpen runs once a connection completed its handshake: it is logged, a
// node gets the wake words, and a background health refresh is asked for.
func (g *Gateway) onOpen(c *engine.Conn) {
	g.logOpened(c)
	if p := c.Peer(); p != nil && string(p.Role) == string(protocol.RoleNode) {
		g.sendVoicewake(c.ID())
	}
	g.healthOut.trigger()
}

// onClose logs a departed client, forgets its session, marks it in
// presence and broadcasts the list.
func (g *Gateway) onClose(c *engine.Conn) {
	g.logClosed(c)
	g.sessions.Drop(c.ID())
	g.dropCanvas(c.ID())
	if p := c.Peer(); g.nodes != nil && p != nil && p.Role == rpc.RoleNode {
		g.nodes.NodeGone(p.Identity.DeviceID)
	}
	key, ok := g.presenceKeys.LoadAndDelete(c.ID())
	if !ok {
		return
	}
	if _, found := g.presence.Disconnect(key.(string)); found && !g.stopping.Load() {
		g.presenceOut.trigger()
	}
}
