package gatewire

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// These tests run the client against the real gatewire gateway on
// loopback.

func TestRealGatewayBackendClient(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	events := make(chan Event, 64)
	c := dialTest(t, g.URL, Options{Auth: Auth{Token: g.Token}, Scopes: []string{ScopeRead},
		OnEvent: func(e Event) { events <- e }})
	h := c.Hello()
	if c.Protocol() != 4 || h.Protocol != 4 || h.Auth.Role != RoleOperator || !slices.Equal(h.Auth.Scopes, []string{ScopeRead}) {
		t.Fatalf("protocol %d, hello auth = %+v", c.Protocol(), h.Auth)
	}
	if !slices.Contains(h.Features.Methods, protocol.MethodHealth) || h.Policy.TickIntervalMs <= 0 {
		t.Fatalf("hello features/policy = %+v %+v", h.Features, h.Policy)
	}
	api := c.API()
	health, err := api.Health(context.Background(), nil)
	if err != nil || !health.Ok {
		t.Fatalf("health = %+v, %v", health, err)
	}
	presence, err := api.SystemPresence(context.Background(), nil)
	if err != nil || len(*presence) == 0 {
		t.Fatalf("system-presence = %v, %v", presence, err)
	}
	// A method beyond the granted scope comes back as the gateway's error:
	// FORBIDDEN with the missing scope in its details at protocol 4.
	_, err = api.ExecApprovalsGet(context.Background(), nil)
	var we *wire.Error
	d := Details(err)
	if !errors.As(err, &we) || we.Code != "FORBIDDEN" || we.Message != "missing scope: operator.admin" ||
		d.Code != DetailMissingScope || d.MissingScope != ScopeAdmin {
		t.Fatalf("exec.approvals.get with read only at 4 = %v (details %+v)", err, d)
	}
	// At protocol 3 the same refusal is v3's INVALID_REQUEST without details.
	v3 := dialTest(t, g.URL, Options{Auth: Auth{Token: g.Token}, Scopes: []string{ScopeRead}, MaxProtocol: 3})
	_, err = v3.API().ExecApprovalsGet(context.Background(), nil)
	if !errors.As(err, &we) || we.Code != wire.CodeInvalidRequest || we.Message != "missing scope: operator.admin" || we.Details != nil {
		t.Fatalf("exec.approvals.get with read only at 3 = %v", err)
	}
}

func TestRealGatewayPairsTheDeviceAndAcceptsItsToken(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	d, _ := openDevice(t)
	cli := ClientInfo{ID: ClientIDCLI, Mode: ClientModeCLI}

	// First contact on loopback: paired silently, a device token issued.
	first := dialTest(t, g.URL, Options{Client: cli, Auth: Auth{Token: g.Token}, Device: d, Scopes: []string{ScopeRead}})
	if first.Hello().Auth.DeviceToken == nil {
		t.Fatalf("no device token issued: %+v", first.Hello().Auth)
	}
	stored, ok, err := d.Tokens.Get(d.ID(), RoleOperator)
	if !ok || err != nil || stored.Token != *first.Hello().Auth.DeviceToken {
		t.Fatalf("stored token = %+v %v %v", stored, ok, err)
	}
	_ = first.Close()

	// Without the shared token the stored device token authenticates.
	second := dialTest(t, g.URL, Options{Client: cli, Device: d})
	if _, err := second.API().Status(context.Background(), nil); err != nil {
		t.Fatalf("status with the device token: %v", err)
	}
	_ = second.Close()

	// A stale shared token on loopback: one retry with the stored token.
	third := dialTest(t, g.URL, Options{Client: cli, Auth: Auth{Token: "stale-token"}, Device: d, Scopes: []string{ScopeRead}})
	if _, err := third.API().Health(context.Background(), nil); err != nil {
		t.Fatalf("health after the retry: %v", err)
	}
}

func TestRealGatewayRefusesAWrongToken(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	d, _ := openDevice(t)
	_, err := Dial(context.Background(), g.URL, Options{Auth: Auth{Token: "wrong"}, Device: d,
		Client: ClientInfo{ID: ClientIDCLI, Mode: ClientModeCLI}})
	var ce *ConnectError
	if !errors.As(err, &ce) || Details(err).Code != DetailAuthTokenMismatch || ce.Reply.Code != wire.CodeInvalidRequest {
		t.Fatalf("Dial = %v, want INVALID_REQUEST with AUTH_TOKEN_MISMATCH", err)
	}
}

// At protocol 3 a client without a device identity that is not the
// gateway's own local backend gets its requested scopes cleared: Dial
// says so instead of succeeding silently, unless the caller accepts fewer
// scopes. At protocol 4 a device-less cli client with the shared secret
// on loopback keeps them.
func TestRealGatewayClearedScopesAreReportedByDial(t *testing.T) {
	checkLeaks(t)
	g := gatewaytest.Start(t, gatewaytest.Options{})
	cli := ClientInfo{ID: ClientIDCLI, Mode: ClientModeCLI}
	if v4 := dialTest(t, g.URL, Options{Client: cli, Auth: Auth{Token: g.Token}, Scopes: []string{ScopeRead}}); v4.Protocol() != 4 ||
		!slices.Equal(v4.Scopes(), []string{ScopeRead}) {
		t.Fatalf("device-less cli at %d granted %v", v4.Protocol(), v4.Scopes())
	}
	o := Options{Client: cli, Auth: Auth{Token: g.Token}, Scopes: []string{ScopeRead}, MaxProtocol: 3}
	c, err := Dial(context.Background(), g.URL, o)
	var se *ScopesError
	if c != nil || !errors.As(err, &se) || !slices.Equal(se.Missing, []string{ScopeRead}) || len(se.Granted) != 0 {
		t.Fatalf("Dial = %v, %v", c, err)
	}
	t.Logf("Dial with cleared scopes: %v", err)

	o.AllowFewerScopes = true
	c = dialTest(t, g.URL, o)
	if c.Role() != RoleOperator || len(c.Scopes()) != 0 || c.HasScope(ScopeRead) {
		t.Fatalf("granted %s %v", c.Role(), c.Scopes())
	}
	// A backend client keeps them, and admin implies the rest.
	admin := dialTest(t, g.URL, Options{Auth: Auth{Token: g.Token}, Scopes: []string{ScopeAdmin}})
	if !admin.HasScope(ScopeRead) || !slices.Equal(admin.Scopes(), []string{ScopeAdmin}) {
		t.Fatalf("backend admin scopes %v", admin.Scopes())
	}
}
