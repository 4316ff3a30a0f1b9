package handshake

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/admission"
	"github.com/gatewire/gatewire/server/auth"
)

func TestProtocolAndRoleChecks(t *testing.T) {
	h := startHarness(t, nil)
	p := withToken(params("cli", "cli", "operator", nil), testToken)
	p.MinProtocol, p.MaxProtocol = 5, 6
	e, ce := h.dial(nil).refused(p)
	d := details(e)
	if e.Code != "INVALID_REQUEST" || e.Message != "protocol mismatch" || d["code"] != "PROTOCOL_MISMATCH" ||
		d["clientMinProtocol"] != float64(5) || d["clientMaxProtocol"] != float64(6) || d["expectedProtocol"] != float64(4) ||
		d["minimumProbeProtocol"] != float64(3) || ce.Code != 1002 || ce.Reason != "protocol mismatch" {
		t.Fatalf("protocol mismatch: %+v, close %d %q", e, ce.Code, ce.Reason)
	}
	p = withToken(params("cli", "cli", "admin", nil), "wrong")
	e, ce = h.dial(nil).refused(p)
	if e.Message != "invalid role" || ce.Code != 1008 || ce.Reason != "invalid role" {
		t.Fatalf("invalid role with a wrong token: %+v, close %d %q", e, ce.Code, ce.Reason)
	}
}

func TestClientsWithoutDevice(t *testing.T) {
	h := startHarness(t, nil)
	cli := h.dial(nil)
	hello := cli.mustConnect(withToken(params("cli", "cli", "operator", []string{"operator.admin"}), testToken))
	if len(hello.Auth.Scopes) != 0 || hello.Auth.DeviceToken != nil {
		t.Fatalf("a token-only cli kept declared scopes: %+v", hello.Auth)
	}
	if f := cli.call("device.pair.list", map[string]any{}); f.OK || f.Error.Message != "missing scope: operator.pairing" {
		t.Fatalf("declared scopes without a device were honoured: %s", f.Raw)
	}

	backend := h.dial(nil)
	hello = backend.mustConnect(withToken(params("gateway-client", "backend", "operator", []string{"operator.admin"}), testToken))
	if len(hello.Auth.Scopes) != 1 || hello.Auth.Scopes[0] != "operator.admin" {
		t.Fatalf("local backend lost its scopes: %+v", hello.Auth)
	}
	if f := backend.call("device.pair.list", map[string]any{}); !f.OK {
		t.Fatalf("local backend: %s", f.Raw)
	}

	proxied := h.dial(http.Header{"X-Forwarded-For": {"127.0.0.1"}})
	hello = proxied.mustConnect(withToken(params("gateway-client", "backend", "operator", []string{"operator.admin"}), testToken))
	if len(hello.Auth.Scopes) != 0 {
		t.Fatalf("a backend behind proxy headers kept its scopes: %+v", hello.Auth)
	}
	page := h.dial(http.Header{"Origin": {"http://localhost:5173"}})
	hello = page.mustConnect(withToken(params("gateway-client", "backend", "operator", []string{"operator.admin"}), testToken))
	if len(hello.Auth.Scopes) != 0 {
		t.Fatalf("a browser page on this host posing as the backend helper kept its scopes: %+v", hello.Auth)
	}

	cases := []struct {
		name   string
		p      string
		token  *string
		code   string
		msg    string
		detail string
	}{
		{"no credentials", "cli", nil, "NOT_PAIRED", "device identity required", "DEVICE_IDENTITY_REQUIRED"},
		{"empty token", "cli", ptr(""), "NOT_PAIRED", "device identity required", "DEVICE_IDENTITY_REQUIRED"},
		{"wrong token", "cli", ptr("nope"), "INVALID_REQUEST", "unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)", "AUTH_TOKEN_MISMATCH"},
		{"tui", "openclaw-tui", ptr(testToken), "INVALID_REQUEST", "control ui requires device identity (use HTTPS or localhost secure context)", "CONTROL_UI_DEVICE_IDENTITY_REQUIRED"},
		{"node", "node-host", ptr(testToken), "NOT_PAIRED", "device identity required", "DEVICE_IDENTITY_REQUIRED"},
	}
	for _, c := range cases {
		mode, role := "cli", "operator"
		switch c.p {
		case "openclaw-tui":
			mode = "ui"
		case "node-host":
			mode, role = "node", "node"
		}
		p := params(c.p, mode, role, nil)
		if c.token != nil {
			p = withToken(p, *c.token)
		}
		e, ce := h.dial(nil).refused(p)
		if e.Code != c.code || e.Message != c.msg || details(e)["code"] != c.detail || ce.Code != 1008 || ce.Reason != c.msg[:min(len(c.msg), 120)] {
			t.Errorf("%s: %+v, close %d %q", c.name, e, ce.Code, ce.Reason)
		}
	}
}

func ptr(s string) *string { return &s }

func TestControlUIFromThisHostNeedsADevice(t *testing.T) {
	h := startHarness(t, nil)
	page := http.Header{"Origin": {"http://localhost:18789"}}
	e, ce := h.dial(page).refused(withToken(params("openclaw-control-ui", "webchat", "operator", nil), testToken))
	want := "control ui requires device identity (use HTTPS or localhost secure context)"
	if e.Message != want || details(e)["code"] != "CONTROL_UI_DEVICE_IDENTITY_REQUIRED" || ce.Reason != want {
		t.Fatalf("control ui without a device: %+v %q", e, ce.Reason)
	}
	d := newTestDevice(t)
	c := h.dial(page)
	hello := c.mustConnect(d.sign(withToken(params("openclaw-control-ui", "webchat", "operator", []string{"operator.admin"}), testToken), c.nonce, time.Now()))
	if hello.Auth.DeviceToken == nil {
		t.Fatalf("the control ui on this host was not paired silently: %+v", hello.Auth)
	}
}

func TestAuthNoneStillNeedsADevice(t *testing.T) {
	h := startHarness(t, func(s *Settings) { s.Auth = auth.Secrets{Mode: auth.ModeNone} })
	e, _ := h.dial(nil).refused(params("gateway-client", "backend", "operator", []string{"operator.admin"}))
	if e.Code != "NOT_PAIRED" || e.Message != "device identity required" {
		t.Fatalf("mode none without a device: %+v", e)
	}
	d := newTestDevice(t)
	c := h.dial(nil)
	hello := c.mustConnect(d.sign(params("cli", "cli", "operator", []string{"operator.read"}), c.nonce, time.Now()))
	if hello.Auth.DeviceToken == nil {
		t.Fatalf("mode none, local device: %+v", hello.Auth)
	}
}

func TestPasswordMode(t *testing.T) {
	h := startHarness(t, func(s *Settings) { s.Auth = auth.Secrets{Mode: auth.ModePassword, Password: "pass-phrase"} })
	withPassword := func(p *protocol.ConnectParams, password string) *protocol.ConnectParams {
		p.Auth = &protocol.ConnectAuth{Password: &password}
		return p
	}
	hello := h.dial(nil).mustConnect(withPassword(params("gateway-client", "backend", "operator", []string{"operator.read"}), "pass-phrase"))
	if len(hello.Auth.Scopes) != 1 {
		t.Fatalf("password-authenticated backend: %+v", hello.Auth)
	}
	cases := []struct {
		name   string
		p      *protocol.ConnectParams
		msg    string
		detail string
	}{
		{"wrong password", withPassword(params("cli", "cli", "operator", nil), "guess"),
			"unauthorized: gateway password mismatch (set gateway.remote.password to match gateway.auth.password)", "AUTH_PASSWORD_MISMATCH"},
		{"the password sent as a token", withToken(params("cli", "cli", "operator", nil), "pass-phrase"),
			"unauthorized: gateway password missing (set gateway.remote.password to match gateway.auth.password)", "AUTH_PASSWORD_MISSING"},
	}
	for _, c := range cases {
		e, ce := h.dial(nil).refused(c.p)
		if e.Code != "INVALID_REQUEST" || e.Message != c.msg || details(e)["code"] != c.detail || ce.Code != 1008 {
			t.Errorf("%s: %+v, close %d %q", c.name, e, ce.Code, ce.Reason)
		}
	}
}

func TestFailedAuthRateLimit(t *testing.T) {
	h := startHarness(t, func(s *Settings) { s.Admission.TrustedProxies = []string{"127.0.0.1"} })
	remote := viaProxy("198.51.100.20")
	for i := 0; i < 10; i++ {
		e, _ := h.dial(remote).refused(withToken(params("cli", "cli", "operator", nil), "guess"))
		if details(e)["code"] != "AUTH_TOKEN_MISMATCH" {
			t.Fatalf("attempt %d: %+v", i, e)
		}
	}
	e, ce := h.dial(remote).refused(withToken(params("cli", "cli", "operator", nil), testToken))
	if details(e)["code"] != "AUTH_RATE_LIMITED" || e.Message != "unauthorized: too many failed authentication attempts (retry later)" ||
		e.Retryable == nil || !*e.Retryable || e.RetryAfterMs == nil || *e.RetryAfterMs <= 0 || *e.RetryAfterMs > (5*time.Minute).Milliseconds() ||
		ce.Code != 1008 {
		t.Fatalf("11th attempt with the right token: %+v %+v", e, ce)
	}
	h.dial(viaProxy("198.51.100.21")).mustConnect(withToken(params("cli", "cli", "operator", nil), testToken))

	for i := 0; i < 12; i++ {
		e, _ := h.dial(nil).refused(withToken(params("cli", "cli", "operator", nil), "guess"))
		if details(e)["code"] != "AUTH_TOKEN_MISMATCH" {
			t.Fatalf("direct loopback attempt %d was limited: %+v", i, e)
		}
	}

	page := http.Header{"Origin": {"http://localhost:5173"}}
	for i := 0; i < 10; i++ {
		h.dial(page).refused(withToken(params("webchat-ui", "webchat", "operator", nil), "guess"))
	}
	e, _ = h.dial(page).refused(withToken(params("webchat-ui", "webchat", "operator", nil), testToken))
	if details(e)["code"] != "AUTH_RATE_LIMITED" {
		t.Fatalf("a browser page on loopback was not rate limited: %+v", e)
	}
	otherPage := http.Header{"Origin": {"http://127.0.0.1:8080"}}
	e, _ = h.dial(otherPage).refused(withToken(params("webchat-ui", "webchat", "operator", nil), testToken))
	if details(e)["code"] != "AUTH_RATE_LIMITED" {
		t.Fatalf("a page on another loopback origin got a fresh budget: %+v", e)
	}
}

func TestDeviceTokenGuessesAreRateLimited(t *testing.T) {
	h := startHarness(t, func(s *Settings) { s.Admission.TrustedProxies = []string{"127.0.0.1"} })
	d := newTestDevice(t)
	token := *h.pairDevice(d, "operator", "operator.read").Auth.DeviceToken
	remote := viaProxy("198.51.100.30")
	try := func(deviceToken string) *wire.Error {
		c := h.dial(remote)
		e, _ := c.refused(d.sign(withDeviceToken(params("cli", "cli", "operator", nil), deviceToken), c.nonce, time.Now()))
		return e
	}
	for i := 0; i < 10; i++ {
		if e := try("guess"); details(e)["code"] != "AUTH_DEVICE_TOKEN_MISMATCH" {
			t.Fatalf("guess %d: %+v", i, e)
		}
	}
	if e := try(token); details(e)["code"] != "AUTH_RATE_LIMITED" || e.RetryAfterMs == nil {
		t.Fatalf("the right device token after ten guesses: %+v", e)
	}
	c := h.dial(viaProxy("198.51.100.31"))
	c.mustConnect(d.sign(withDeviceToken(params("cli", "cli", "operator", nil), token), c.nonce, time.Now()))
}

func TestOriginChecks(t *testing.T) {
	h := startHarness(t, func(s *Settings) { s.Admission.AllowedOrigins = []string{"https://ui.example"} })
	_, err := h.tryDial(http.Header{"Origin": {"https://evil.example"}})
	if err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("disallowed origin: %v, want HTTP 403", err)
	}
	c := h.dial(http.Header{"Origin": {"https://ui.example"}})
	if err := h.hs.Update(Settings{Auth: auth.Secrets{Mode: auth.ModeToken, Token: testToken}}); err != nil {
		t.Fatal(err)
	}
	e, ce := c.refused(withToken(params("webchat-ui", "webchat", "operator", nil), testToken))
	if e.Message != admission.OriginNotAllowed || details(e)["code"] != "CONTROL_UI_ORIGIN_NOT_ALLOWED" ||
		ce.Code != 1008 || ce.Reason != admission.OriginNotAllowed {
		t.Fatalf("origin withdrawn before connect: %+v %d %q", e, ce.Code, ce.Reason)
	}
	e, _ = h.dial(nil).refused(withToken(params("openclaw-control-ui", "webchat", "operator", nil), testToken))
	if details(e)["code"] != "CONTROL_UI_ORIGIN_NOT_ALLOWED" || details(e)["reason"] != "origin missing or invalid" {
		t.Fatalf("control ui without an origin: %+v", e)
	}
}

func TestSecretChangeClosesSharedSecretConnections(t *testing.T) {
	h := startHarness(t, nil)
	op := h.operator("operator.pairing")
	d := newTestDevice(t)
	paired := h.pairDevice(d, "operator", "operator.pairing")
	dc := h.dial(nil)
	dc.mustConnect(d.sign(withDeviceToken(params("cli", "cli", "operator", []string{"operator.pairing"}), *paired.Auth.DeviceToken), dc.nonce, time.Now()))
	if err := h.hs.Update(Settings{Auth: auth.Secrets{Mode: auth.ModeToken, Token: "rotated"}, Pairing: h.hs.Pairing().Settings()}); err != nil {
		t.Fatal(err)
	}
	if ce := op.closed(); ce.Code != 4001 || ce.Reason != "gateway auth changed" {
		t.Fatalf("shared-secret connection: close %d %q", ce.Code, ce.Reason)
	}
	if f := dc.call("device.pair.list", map[string]any{}); !f.OK {
		t.Fatalf("a device-token connection was affected by the secret change: %s", f.Raw)
	}
	e, _ := h.dial(nil).refused(withToken(params("gateway-client", "backend", "operator", nil), testToken))
	if details(e)["code"] != "AUTH_TOKEN_MISMATCH" {
		t.Fatalf("old token after the change: %+v", e)
	}
	h.dial(nil).mustConnect(withToken(params("gateway-client", "backend", "operator", nil), "rotated"))
}

func TestStoreFailureIsRefusedAsUnavailable(t *testing.T) {
	h := startHarness(t, nil)
	d := newTestDevice(t)
	if err := h.closeStore(); err != nil {
		t.Fatal(err)
	}
	c := h.dial(nil)
	e, ce := c.refused(d.sign(withToken(params("cli", "cli", "operator", nil), testToken), c.nonce, time.Now()))
	if e.Code != "UNAVAILABLE" || e.Message != "gateway state unavailable; retry shortly" || e.Retryable == nil || !*e.Retryable ||
		ce.Code != 1011 || strings.Contains(ce.Reason, "store") {
		t.Fatalf("store failure: %+v, close %d %q", e, ce.Code, ce.Reason)
	}
}
