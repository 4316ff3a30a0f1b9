package gateway

import (
	"context"
	"encoding/json"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/methods/system"
	"github.com/gatewire/gatewire/server/session"
	"github.com/gatewire/gatewire/server/version"
)

// Connect is the engine's Handshaker: it authenticates the connect
// request, records the client's presence and answers with hello-ok.
func (g *Gateway) Connect(ctx context.Context, c *engine.Conn, req *wire.Request) (any, *engine.Peer, error) {
	var p protocol.ConnectParams
	if err := rpc.DecodeParams(req.Params, &p); err != nil {
		msg := "invalid connect params: " + err.Error()
		return nil, nil, &engine.Refusal{Reply: wire.InvalidRequest("%s", msg), Code: wire.ClosePolicyViolation, Reason: msg}
	}
	sess, auth, err := g.authn.Authenticate(ctx, c, &p)
	if err != nil {
		return nil, nil, err
	}
	g.recordConnect(c, sess)
	g.sessions.Put(c.ID(), sess)
	return g.hello(c, sess, auth), sess.Peer(), nil
}

// hello builds the hello-ok payload (§4.5).
func (g *Gateway) hello(c *engine.Conn, s *session.Session, auth *protocol.HelloAuth) *protocol.HelloOk {
	pol := g.engine.Policy()
	return &protocol.HelloOk{
		Type:     "hello-ok",
		Protocol: int64(s.Protocol),
		Server:   protocol.ServerInfo{Version: version.Version, ConnID: c.ID()},
		Features: g.features[s.Protocol],
		Snapshot: g.snapshot(s),
		Auth:     *auth,
		Policy: protocol.HelloPolicy{
			MaxPayload:       pol.MaxPayload,
			MaxBufferedBytes: pol.MaxBufferedBytes,
			TickIntervalMs:   pol.TickIntervalMs,
		},
	}
}

// snapshot is the state a client starts from; the config path, state
// directory and auth mode are only for connections holding
// operator.admin.
func (g *Gateway) snapshot(s *session.Session) protocol.Snapshot {
	snap := protocol.Snapshot{
		Presence:     system.PresenceList(g.presence.List()),
		Health:       json.RawMessage(`{}`),
		StateVersion: *g.stateVersion(),
		UptimeMs:     g.now().Sub(g.started).Milliseconds(),
	}
	if raw, ok := g.health.CachedJSON(); ok {
		snap.Health = raw
	}
	if s.HasScope(protocol.Manifest.Scopes, string(protocol.OperatorScopeAdmin)) {
		path, dir := g.cfg.Path(), g.setup.StateDir.Root()
		mode := protocol.AuthMode(config.AuthMode(g.cfg.Effective()))
		snap.ConfigPath, snap.StateDir, snap.AuthMode = &path, &dir, &mode
	}
	return snap
}

// stateVersion returns the current presence and health state versions.
func (g *Gateway) stateVersion() *wire.StateVersion {
	return &wire.StateVersion{Presence: g.presence.Version(), Health: g.health.Version()}
}
