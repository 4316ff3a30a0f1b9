package gateway_test

import (
	"context"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/gateway"
	"github.com/gatewire/gatewire/server/session"
)

// testAuth authenticates connects by the gateway's shared secret only and
// grants the requested role and scopes. It stands in for the real
// handshake in these assembly tests.
type testAuth struct {
	g *gateway.Gateway // set once the gateway exists
}

func (a *testAuth) Authenticate(_ context.Context, c *engine.Conn, p *protocol.ConnectParams) (*session.Session, *protocol.HelloAuth, error) {
	token := ""
	if p.Auth != nil && p.Auth.Token != nil {
		token = *p.Auth.Token
	}
	res := a.g.SharedSecret().Verify(token, "")
	if !res.OK {
		msg := "unauthorized: gateway token mismatch"
		return nil, nil, &engine.Refusal{Reply: wire.InvalidRequest("%s", msg), Code: wire.ClosePolicyViolation, Reason: msg}
	}
	role := "operator"
	if p.Role != nil {
		role = *p.Role
	}
	scopes := append([]string{}, p.Scopes...)
	cl := p.Client
	s := &session.Session{
		ConnID: c.ID(), Role: role, Scopes: scopes, AuthMethod: res.Method, SecretGeneration: res.Generation,
		ClientIP: c.ClientIP(), ConnectedAt: time.Now(),
		Client: session.Client{ID: string(cl.ID), Version: cl.Version, Platform: cl.Platform, Mode: string(cl.Mode),
			DisplayName: deref(cl.DisplayName), InstanceID: deref(cl.InstanceID)},
	}
	return s, &protocol.HelloAuth{Role: role, Scopes: scopes}, nil
}
