package handshake

import (
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

func TestForgedAndReplayedProofs(t *testing.T) {
	h := startHarness(t, nil)
	d, other, replayed := newTestDevice(t), newTestDevice(t), newTestDevice(t)
	base := func() *protocol.ConnectParams {
		return withToken(params("cli", "cli", "operator", []string{"operator.read"}), testToken)
	}
	cases := []struct {
		name   string
		build  func(c *client) *protocol.ConnectParams
		msg    string
		detail string
		reason string
	}{
		{"signed by another key", func(c *client) *protocol.ConnectParams {
			p := d.sign(base(), c.nonce, time.Now())
			p.Device.Signature = other.sign(base(), c.nonce, time.Now()).Device.Signature
			return p
		}, "device signature invalid", "DEVICE_AUTH_SIGNATURE_INVALID", "device-signature"},
		{"nonce of another socket", func(c *client) *protocol.ConnectParams {
			elsewhere := h.dial(nil)
			return d.sign(base(), elsewhere.nonce, time.Now())
		}, "device nonce mismatch", "DEVICE_AUTH_NONCE_MISMATCH", "device-nonce-mismatch"},
		{"proof replayed after it was accepted", func(c *client) *protocol.ConnectParams {
			first := h.dial(nil)
			p := replayed.sign(base(), first.nonce, time.Now())
			first.mustConnect(p)
			return p
		}, "device nonce mismatch", "DEVICE_AUTH_NONCE_MISMATCH", "device-nonce-mismatch"},
		{"aged", func(c *client) *protocol.ConnectParams {
			return d.sign(base(), c.nonce, time.Now().Add(-3*time.Minute))
		}, "device signature expired", "DEVICE_AUTH_SIGNATURE_EXPIRED", "device-signature-stale"},
		{"from the future", func(c *client) *protocol.ConnectParams {
			return d.sign(base(), c.nonce, time.Now().Add(3*time.Minute))
		}, "device signature expired", "DEVICE_AUTH_SIGNATURE_EXPIRED", "device-signature-stale"},
		{"id of another device", func(c *client) *protocol.ConnectParams {
			p := d.sign(base(), c.nonce, time.Now())
			p.Device.ID = other.id
			return p
		}, "device identity mismatch", "DEVICE_AUTH_DEVICE_ID_MISMATCH", "device-id-mismatch"},
		{"key that is not a key", func(c *client) *protocol.ConnectParams {
			p := d.sign(base(), c.nonce, time.Now())
			p.Device.PublicKey = "not-a-key"
			return p
		}, "device identity mismatch", "DEVICE_AUTH_DEVICE_ID_MISMATCH", "device-id-mismatch"},
		{"scopes escalated after signing", func(c *client) *protocol.ConnectParams {
			p := d.sign(base(), c.nonce, time.Now())
			p.Scopes = []string{"operator.admin"}
			return p
		}, "device signature invalid", "DEVICE_AUTH_SIGNATURE_INVALID", "device-signature"},
		{"bad proof is reported before a bad token", func(c *client) *protocol.ConnectParams {
			p := d.sign(withToken(params("cli", "cli", "operator", nil), "wrong"), c.nonce, time.Now().Add(-time.Hour))
			return p
		}, "device signature expired", "DEVICE_AUTH_SIGNATURE_EXPIRED", "device-signature-stale"},
	}
	for _, tc := range cases {
		c := h.dial(nil)
		e, ce := c.refused(tc.build(c))
		dt := details(e)
		if e.Code != "INVALID_REQUEST" || e.Message != tc.msg || dt["code"] != tc.detail || dt["reason"] != tc.reason ||
			ce.Code != 1008 || ce.Reason != tc.msg {
			t.Errorf("%s: %+v, close %d %q", tc.name, e, ce.Code, ce.Reason)
		}
	}
	list := h.operator("operator.pairing").call("device.pair.list", map[string]any{})
	if strings.Contains(string(list.Payload), d.id) {
		t.Fatal("a device with a failed proof left pairing state behind")
	}
}

func TestDeviceTokenAuthentication(t *testing.T) {
	h := startHarness(t, nil)
	d := newTestDevice(t)
	first := h.pairDevice(d, "operator", "operator.read", "operator.pairing")
	if first.Auth.DeviceToken == nil || len(*first.Auth.DeviceToken) != 43 || first.Auth.IssuedAtMs == nil ||
		strings.Join(first.Auth.Scopes, ",") != "operator.pairing,operator.read" {
		t.Fatalf("hello auth after silent pairing: %+v", first.Auth)
	}
	token := *first.Auth.DeviceToken

	c := h.dial(nil)
	p := withDeviceToken(withToken(params("cli", "cli", "operator", []string{"operator.pairing"}), token), token)
	hello := c.mustConnect(d.sign(p, c.nonce, time.Now()))
	if hello.Auth.DeviceToken == nil || *hello.Auth.DeviceToken != token {
		t.Fatalf("the device token was not reused: %+v", hello.Auth)
	}
	if f := c.call("device.pair.list", map[string]any{}); !f.OK {
		t.Fatalf("device-token connection: %s", f.Raw)
	}

	c = h.dial(nil)
	e, ce := c.refused(d.sign(withDeviceToken(params("cli", "cli", "operator", nil), token+"x"), c.nonce, time.Now()))
	if e.Message != "unauthorized: device token mismatch (rotate/reissue device token)" || details(e)["code"] != "AUTH_DEVICE_TOKEN_MISMATCH" ||
		ce.Reason != e.Message {
		t.Fatalf("wrong device token: %+v %q", e, ce.Reason)
	}
	c = h.dial(nil)
	e, _ = c.refused(d.sign(withToken(params("cli", "cli", "operator", nil), "neither"), c.nonce, time.Now()))
	dt := details(e)
	if dt["code"] != "AUTH_TOKEN_MISMATCH" || dt["canRetryWithDeviceToken"] != true || dt["recommendedNextStep"] != "retry_with_device_token" {
		t.Fatalf("a wrong shared token with a device: %+v", e)
	}
	c = h.dial(nil)
	e, _ = c.refused(d.sign(withDeviceToken(params("cli", "cli", "operator", []string{"operator.admin"}), token), c.nonce, time.Now()))
	if details(e)["code"] != "AUTH_DEVICE_TOKEN_MISMATCH" {
		t.Fatalf("a device token asking beyond its scopes: %+v", e)
	}
	c = h.dial(nil)
	p = params("cli", "cli", "operator", nil)
	p.Auth = &protocol.ConnectAuth{BootstrapToken: ptr("setup-code")}
	e, _ = c.refused(d.sign(p, c.nonce, time.Now()))
	if e.Message != "unauthorized: bootstrap token invalid or expired (scan a fresh setup code)" || details(e)["code"] != "AUTH_BOOTSTRAP_TOKEN_INVALID" {
		t.Fatalf("bootstrap token: %+v", e)
	}
}
