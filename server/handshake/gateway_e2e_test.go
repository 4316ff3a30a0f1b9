package handshake_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/server/auth"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/handshake"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/session"
	"github.com/gatewire/gatewire/server/store"
)

const gatewayToken = "e2e-gateway-token"

// startGateway runs the real gateway assembly with this package's
// handshake as its connect authentication; every frame the test clients
// receive is checked against the protocol schema.
func startGateway(t *testing.T) *gatewaytest.Gateway {
	t.Helper()
	st, err := store.Open(context.Background(), store.PathIn(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	hub, sessions := engine.NewHub(&protocol.Manifest, nil), &session.Registry{}
	hs, err := handshake.New(handshake.Config{Store: st, Hub: hub, Sessions: sessions, Settings: handshake.Settings{
		Auth: auth.Secrets{Mode: auth.ModeToken, Token: gatewayToken}, Pairing: pairing.DefaultSettings()}})
	if err != nil {
		t.Fatal(err)
	}
	token := gatewayToken
	return gatewaytest.Start(t, gatewaytest.Options{Authenticator: hs, Hub: hub, Sessions: sessions, Overrides: config.Overrides{Token: &token}})
}

func cliParams(role string, scopes ...string) *protocol.ConnectParams {
	p := gatewaytest.ConnectParams(gatewayToken, role, scopes...)
	p.Client.ID, p.Client.Mode = "cli", "cli"
	return p
}

func TestThroughTheGatewayLocalPairingAndTokenReuse(t *testing.T) {
	gw := startGateway(t)
	dev := gatewaytest.NewDevice(t)

	c := gatewaytest.Dial(t, gw.URL)
	p := cliParams("operator", "operator.read")
	c.Sign(p, dev)
	hello := c.MustConnect(p)
	if hello.Auth.DeviceToken == nil || strings.Join(hello.Auth.Scopes, ",") != "operator.read" || hello.Auth.IssuedAtMs == nil {
		t.Fatalf("hello-ok auth after silent pairing: %+v", hello.Auth)
	}
	token := *hello.Auth.DeviceToken

	again := gatewaytest.Dial(t, gw.URL)
	p = cliParams("operator", "operator.read")
	p.Auth = &protocol.ConnectAuth{Token: &token, DeviceToken: &token}
	again.Sign(p, dev)
	if h := again.MustConnect(p); h.Auth.DeviceToken == nil || *h.Auth.DeviceToken != token {
		t.Fatalf("the device token was not reused: %+v", h.Auth)
	}

	up := gatewaytest.Dial(t, gw.URL)
	p = cliParams("operator", "operator.admin")
	up.Sign(p, dev)
	res, h := up.Connect(p)
	if h != nil || res.Error == nil || res.Error.Code != "NOT_PAIRED" {
		t.Fatalf("scope upgrade through the gateway: %s", res.Raw)
	}
	if code, reason := up.Closed(); code != 1008 || !strings.HasPrefix(reason, "pairing required: device is asking for more scopes") {
		t.Fatalf("close %d %q", code, reason)
	}

	plain := gatewaytest.Dial(t, gw.URL)
	if h := plain.MustConnect(cliParams("operator", "operator.admin")); len(h.Auth.Scopes) != 0 {
		t.Fatalf("a token-only cli kept declared scopes through the gateway: %+v", h.Auth)
	}
}
