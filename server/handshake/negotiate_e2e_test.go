package handshake

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// ranged returns p offering minV..maxV.
func ranged(p *protocol.ConnectParams, minV, maxV int64) *protocol.ConnectParams {
	p.MinProtocol, p.MaxProtocol = minV, maxV
	return p
}

func TestNegotiationPerConnection(t *testing.T) {
	h := startHarness(t, nil)
	for _, c := range []struct {
		name       string
		id, mode   string
		minV, maxV int64
		want       int // 0: refused
	}{
		{"v3 cli", "cli", "cli", 3, 3, 3},
		{"v4 cli", "cli", "cli", 4, 4, 4},
		{"range 3..4", "cli", "cli", 3, 4, 4},
		{"range 4..5", "gateway-client", "backend", 4, 5, 4},
		{"range 2..3", "cli", "cli", 2, 3, 3},
		{"v5 only", "cli", "cli", 5, 5, 0},
		{"v2 only", "cli", "cli", 2, 2, 0},
		{"v3 probe", "cli", "probe", 3, 3, 3},
		{"v4 probe 3..4", "cli", "probe", 3, 4, 4},
		{"probe below 3", "cli", "probe", 1, 2, 0},
	} {
		p := ranged(withToken(params(c.id, c.mode, "operator", nil), testToken), c.minV, c.maxV)
		f, hello := h.dial(nil).connect(p)
		switch {
		case c.want == 0 && hello != nil:
			t.Errorf("%s: accepted at %d", c.name, hello.Protocol)
		case c.want == 0 && (f.Error.Message != "protocol mismatch" || details(f.Error)["expectedProtocol"] != float64(4)):
			t.Errorf("%s: refusal %s", c.name, f.Raw)
		case c.want != 0 && (hello == nil || hello.Protocol != c.want):
			t.Errorf("%s: %s, want protocol %d", c.name, f.Raw, c.want)
		}
	}
}

func TestNodeHostNegotiatesEitherVersion(t *testing.T) {
	h := startHarness(t, nil)
	for _, v := range []int64{3, 4} {
		c := h.dial(nil)
		p := ranged(withToken(params("node-host", "node", "node", []string{}), testToken), v, v)
		hello := c.mustConnect(newTestDevice(t).sign(p, c.nonce, time.Now()))
		if hello.Protocol != int(v) || hello.Auth.Role != "node" {
			t.Errorf("node host %d..%d: %+v", v, v, hello)
		}
	}
}

func TestV4WorkerIsClosedWithoutAReply(t *testing.T) {
	h := startHarness(t, nil)
	for _, p := range []*protocol.ConnectParams{
		params("openclaw-worker", "worker", "operator", nil),
		params("cli", "worker", "operator", nil),
		params("openclaw-worker", "cli", "operator", nil),
	} {
		c := h.dial(nil)
		c.Send(`{"type":"req","id":"w1","method":"connect","params":` + string(encodeParams(t, ranged(withToken(p, testToken), 4, 4))) + `}`)
		if ce := c.closed(); ce.Code != 1008 || ce.Reason != "invalid-handshake" {
			t.Errorf("worker %s/%s: close %+v", p.Client.ID, p.Client.Mode, ce)
		}
		if fs := c.Frames(); slices.ContainsFunc(fs, func(f frame) bool { return f.ID == "w1" }) {
			t.Errorf("worker got a reply: %v", fs)
		}
	}
}

func TestV4KeepsTheLocalCLIsScopesWithoutADevice(t *testing.T) {
	h := startHarness(t, nil)
	want := []string{"operator.read", "operator.write"}
	for _, c := range []struct {
		name       string
		id, mode   string
		minV, maxV int64
		keep       bool
	}{
		{"v4 cli", "cli", "cli", 4, 4, true},
		{"v3 cli", "cli", "cli", 3, 3, false},
		{"v4 probe", "cli", "probe", 3, 4, false},
		{"v4 linux app in cli mode", "openclaw-linux", "cli", 4, 4, false},
		{"v4 backend", "gateway-client", "backend", 4, 4, true},
	} {
		p := ranged(withToken(params(c.id, c.mode, "operator", want), testToken), c.minV, c.maxV)
		hello := h.dial(nil).mustConnect(p)
		if got := hello.Auth.Scopes; slices.Equal(got, want) != c.keep || (!c.keep && len(got) != 0) {
			t.Errorf("%s: scopes %v, keep %v", c.name, got, c.keep)
		}
	}
}

func TestV4AuthFailureTexts(t *testing.T) {
	h := startHarness(t, nil)
	const v4Local = "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)"
	withPassword := func(p *protocol.ConnectParams, pw string) *protocol.ConnectParams {
		p.Auth = &protocol.ConnectAuth{Password: &pw}
		return p
	}
	for _, c := range []struct {
		name     string
		p        *protocol.ConnectParams
		device   bool
		msg      string
		canRetry bool
		next     string
	}{
		{"v4 cli", ranged(withToken(params("cli", "cli", "operator", nil), "wrong"), 4, 4), false, v4Local, false, "update_auth_credentials"},
		{"v4 cli with a device", ranged(withToken(params("cli", "cli", "operator", nil), "wrong"), 4, 4), true, v4Local, true, "retry_with_device_token"},
		{"v4 cli password as token", ranged(withPassword(params("cli", "cli", "operator", nil), "wrong"), 4, 4), false, v4Local, false, "update_auth_credentials"},
		{"v4 backend", ranged(withToken(params("gateway-client", "backend", "operator", nil), "wrong"), 4, 4), false,
			"unauthorized: gateway token mismatch (provide gateway auth token)", false, "update_auth_credentials"},
		{"v3 cli", withToken(params("cli", "cli", "operator", nil), "wrong"), false,
			"unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)", false, "update_auth_credentials"},
	} {
		cl := h.dial(nil)
		p := c.p
		if c.device {
			p = newTestDevice(t).sign(p, cl.nonce, time.Now())
		}
		e, ce := cl.refused(p)
		d := details(e)
		if e.Code != "INVALID_REQUEST" || e.Message != c.msg || d["code"] != "AUTH_TOKEN_MISMATCH" || d["authReason"] != "token_mismatch" ||
			d["canRetryWithDeviceToken"] != c.canRetry || d["recommendedNextStep"] != c.next || ce.Code != 1008 || ce.Reason != c.msg {
			t.Errorf("%s: %+v, close %+v", c.name, e, ce)
		}
	}
	hello := h.dial(nil).mustConnect(ranged(withPassword(params("cli", "cli", "operator", nil), testToken), 4, 4))
	if m := hello.Auth.Method; m == nil || *m != protocol.AuthMethodToken {
		t.Errorf("v4 token sent as password: auth %+v", hello.Auth)
	}
	if f, hello := h.dial(nil).connect(withPassword(params("cli", "cli", "operator", nil), testToken)); hello != nil {
		t.Errorf("v3 token sent as password was accepted: %s", f.Raw)
	}
}

// encodeParams returns p as JSON.
func encodeParams(t *testing.T, p *protocol.ConnectParams) []byte {
	t.Helper()
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestV4NamesADeviceTokensScopeMismatch(t *testing.T) {
	h := startHarness(t, nil)
	d := newTestDevice(t)
	first := h.pairDevice(d, "operator", "operator.read")
	token := *first.Auth.DeviceToken
	beyond := func(v int64) (map[string]any, string) {
		c := h.dial(nil)
		p := ranged(withDeviceToken(params("cli", "cli", "operator", []string{"operator.admin"}), token), v, v)
		e, _ := c.refused(d.sign(p, c.nonce, time.Now()))
		return details(e), e.Message
	}
	if dt, msg := beyond(4); dt["code"] != "AUTH_SCOPE_MISMATCH" || dt["authReason"] != "scope_mismatch" ||
		dt["recommendedNextStep"] != "review_auth_configuration" ||
		msg != "unauthorized: device token scope mismatch (re-pair or approve scope upgrade)" {
		t.Errorf("v4: %v %q", dt, msg)
	}
	if dt, msg := beyond(3); dt["code"] != "AUTH_DEVICE_TOKEN_MISMATCH" || msg != "unauthorized: device token mismatch (rotate/reissue device token)" {
		t.Errorf("v3: %v %q", dt, msg)
	}
	c := h.dial(nil)
	p := ranged(params("cli", "cli", "operator", nil), 4, 4)
	p.Auth = &protocol.ConnectAuth{BootstrapToken: ptr("setup-code")}
	if e, _ := c.refused(d.sign(p, c.nonce, time.Now())); !strings.HasPrefix(e.Message, "unauthorized: setup code invalid, expired, revoked") {
		t.Errorf("v4 bootstrap token: %+v", e)
	}
}
