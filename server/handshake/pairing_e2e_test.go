package handshake

import (
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

func TestRemoteDeviceWaitsForAnOperator(t *testing.T) {
	h := startHarness(t, func(s *Settings) { s.Admission.TrustedProxies = []string{"127.0.0.1"} })
	admin := h.operator("operator.admin")
	reader := h.operator("operator.read")
	d := newTestDevice(t)
	remote := viaProxy("198.51.100.7")

	c := h.dial(remote)
	e, ce := c.refused(d.sign(withToken(params("cli", "cli", "operator", []string{"operator.write"}), testToken), c.nonce, time.Now()))
	dt := details(e)
	requestID, _ := dt["requestId"].(string)
	if e.Code != "NOT_PAIRED" || e.Message != "pairing required: device is not approved yet" || dt["reason"] != "not-paired" || requestID == "" ||
		ce.Code != 1008 || ce.Reason != "pairing required: device is not approved yet (requestId: "+requestID+")" {
		t.Fatalf("remote device: %+v, close %d %q", e, ce.Code, ce.Reason)
	}
	ev := admin.event("device.pair.requested")
	var pending protocol.PendingDeviceRequest
	_ = json.Unmarshal(ev.Payload, &pending)
	if pending.RequestID != requestID || pending.RemoteIP == nil || *pending.RemoteIP != "198.51.100.7" || ev.Seq == nil {
		t.Fatalf("device.pair.requested = %s", ev.Raw)
	}

	approve := reader.call("device.pair.approve", map[string]string{"requestId": requestID})
	if approve.OK || approve.Error.Message != "missing scope: operator.pairing" {
		t.Fatalf("approval by a reader: %s", approve.Raw)
	}
	pairer := h.operator("operator.pairing")
	if f := pairer.call("device.pair.approve", map[string]string{"requestId": requestID}); f.OK || f.Error.Message != "missing scope: operator.read" {
		t.Fatalf("approval beyond the approver's scopes: %s", f.Raw)
	}
	if f := admin.call("device.pair.approve", map[string]string{"requestId": requestID}); !f.OK {
		t.Fatalf("approval: %s", f.Raw)
	}
	if ev := admin.event("device.pair.resolved"); !strings.Contains(string(ev.Payload), `"decision":"approved"`) {
		t.Fatalf("resolved = %s", ev.Raw)
	}

	c = h.dial(remote)
	hello := c.mustConnect(d.sign(withToken(params("cli", "cli", "operator", []string{"operator.write"}), testToken), c.nonce, time.Now()))
	if hello.Auth.DeviceToken == nil || strings.Join(hello.Auth.Scopes, ",") != "operator.read,operator.write" {
		t.Fatalf("approved device: %+v", hello.Auth)
	}
}

func TestWithoutAdmissionNoConnectionIsLocal(t *testing.T) {
	h := launchHarness(t, nil, slog.New(slog.DiscardHandler), false)
	c := h.dial(nil)
	e, _ := c.refused(newTestDevice(t).sign(withToken(params("cli", "cli", "operator", []string{"operator.read"}), testToken), c.nonce, time.Now()))
	if e.Code != "NOT_PAIRED" {
		t.Fatalf("a loopback device was paired silently although nobody checked its upgrade for proxy headers: %+v", e)
	}
	backend := h.dial(nil)
	if hello := backend.mustConnect(withToken(params("gateway-client", "backend", "operator", []string{"operator.admin"}), testToken)); len(hello.Auth.Scopes) != 0 {
		t.Fatalf("the backend helper kept its scopes without admission: %+v", hello.Auth)
	}
}

func TestScopeUpgradeOnLoopbackIsNeverSilent(t *testing.T) {
	h := startHarness(t, nil)
	d := newTestDevice(t)
	h.pairDevice(d, "operator", "operator.read")
	c := h.dial(nil)
	e, ce := c.refused(d.sign(withToken(params("cli", "cli", "operator", []string{"operator.admin"}), testToken), c.nonce, time.Now()))
	dt := details(e)
	id, _ := dt["requestId"].(string)
	full := "pairing required: device is asking for more scopes than currently approved (requestId: " + id + ")"
	if dt["reason"] != "scope-upgrade" || len(ce.Reason) > 120 || !strings.HasPrefix(full, ce.Reason) || len(full) <= 120 {
		t.Fatalf("scope upgrade: %+v, close %q", e, ce.Reason)
	}
	list := h.operator("operator.pairing").call("device.pair.list", map[string]any{})
	var res protocol.DevicePairListResult
	_ = json.Unmarshal(list.Payload, &res)
	if len(res.Pending) != 1 || res.Pending[0].RequestID != id || len(res.Paired) != 1 || res.Paired[0].Tokens[0].Role != "operator" {
		t.Fatalf("list = %s", list.Raw)
	}
	if strings.Contains(string(list.Payload), `"token"`) {
		t.Fatal("device.pair.list leaked a token")
	}
}

func TestRemoveRotateRevokeCloseTheDevicesSockets(t *testing.T) {
	h := startHarness(t, nil)
	admin := h.operator("operator.admin")
	d := newTestDevice(t)
	token := *h.pairDevice(d, "operator", "operator.admin").Auth.DeviceToken
	open := func() *client {
		c := h.dial(nil)
		c.mustConnect(d.sign(withDeviceToken(params("cli", "cli", "operator", []string{"operator.admin"}), token), c.nonce, time.Now()))
		return c
	}

	self := open()
	f := self.call("device.token.rotate", map[string]any{"deviceId": d.id, "role": "operator"})
	var rotated protocol.DeviceTokenRotateResult
	_ = json.Unmarshal(f.Payload, &rotated)
	if !f.OK || rotated.Token == nil || *rotated.Token == token {
		t.Fatalf("self rotation: %s", f.Raw)
	}
	if ce := self.closed(); ce.Code != 4001 || ce.Reason != "device removed" {
		t.Fatalf("after self rotation: close %d %q", ce.Code, ce.Reason)
	}
	token = *rotated.Token

	watcher := open()
	f = admin.call("device.token.rotate", map[string]any{"deviceId": d.id, "role": "operator", "scopes": []string{"operator.read"}})
	if !f.OK || strings.Contains(string(f.Payload), `"token"`) {
		t.Fatalf("rotation by another connection: %s", f.Raw)
	}
	if ce := watcher.closed(); ce.Code != 4001 {
		t.Fatalf("rotation did not close the device: %d", ce.Code)
	}
	narrow := newTestDevice(t)
	h.pairDevice(narrow, "operator", "operator.read")
	f = admin.call("device.token.rotate", map[string]any{"deviceId": narrow.id, "role": "operator", "scopes": []string{"operator.write"}})
	if f.OK || f.Error.Message != "device token rotation denied" {
		t.Fatalf("rotation beyond the baseline: %s", f.Raw)
	}

	c := h.dial(nil)
	e, _ := c.refused(d.sign(withDeviceToken(params("cli", "cli", "operator", []string{"operator.admin"}), token), c.nonce, time.Now()))
	if details(e)["code"] != "AUTH_DEVICE_TOKEN_MISMATCH" {
		t.Fatalf("the replaced token still works: %+v", e)
	}

	token = *h.pairDevice(d, "operator", "operator.read").Auth.DeviceToken
	readerConn := h.dial(nil)
	readerConn.mustConnect(d.sign(withDeviceToken(params("cli", "cli", "operator", []string{"operator.read"}), token), readerConn.nonce, time.Now()))
	if f := admin.call("device.token.revoke", map[string]any{"deviceId": d.id, "role": "operator"}); !f.OK {
		t.Fatalf("revoke: %s", f.Raw)
	}
	if ce := readerConn.closed(); ce.Code != 4001 || ce.Reason != "device removed" {
		t.Fatalf("revocation: close %d %q", ce.Code, ce.Reason)
	}

	h.pairDevice(d, "operator", "operator.read")
	last := h.dial(nil)
	last.mustConnect(d.sign(withToken(params("cli", "cli", "operator", []string{"operator.read"}), testToken), last.nonce, time.Now()))
	if f := admin.call("device.pair.remove", map[string]any{"deviceId": d.id}); !f.OK || string(f.Payload) != `{"deviceId":"`+d.id+`"}` {
		t.Fatalf("remove: %s", f.Raw)
	}
	if ce := last.closed(); ce.Code != 4001 || ce.Reason != "device removed" {
		t.Fatalf("removal: close %d %q", ce.Code, ce.Reason)
	}
	if f := admin.call("device.pair.list", map[string]any{}); strings.Contains(string(f.Payload), d.id) {
		t.Fatal("a removed device is still listed")
	}
}

func TestNodeHostConnects(t *testing.T) {
	h := startHarness(t, nil)
	admin := h.operator("operator.admin")
	d := newTestDevice(t)
	p := params("node-host", "node", "node", []string{})
	p.Caps = []string{"system", "browser", "file"}
	p.Commands = []string{"system.run", "system.run.prepare", "system.which", "browser.proxy", "camera.snap", "fs.read"}
	c := h.dial(nil)
	hello := c.mustConnect(d.sign(withToken(p, testToken), c.nonce, time.Now()))
	if hello.Auth.Role != "node" || hello.Auth.DeviceToken == nil {
		t.Fatalf("node hello: %+v", hello.Auth)
	}
	if f := c.call("device.pair.list", map[string]any{}); f.OK || f.Error.Message != "unauthorized role: node" {
		t.Fatalf("node calling an operator method: %s", f.Raw)
	}
	ev := admin.event("node.pair.requested")
	if !strings.Contains(string(ev.Payload), `"commands":["system.run","system.run.prepare","system.which","browser.proxy"]`) {
		t.Fatalf("node.pair.requested = %s", ev.Raw)
	}
	list := admin.call("node.pair.list", map[string]any{})
	if !strings.Contains(string(list.Payload), `"requiredApproveScopes":["operator.pairing","operator.admin"]`) {
		t.Fatalf("node.pair.list = %s", list.Raw)
	}
	var nodes protocol.NodePairListResult
	_ = json.Unmarshal(list.Payload, &nodes)
	approved := admin.call("node.pair.approve", map[string]any{"requestId": nodes.Pending[0].RequestID})
	var res protocol.NodePairApproveResult
	_ = json.Unmarshal(approved.Payload, &res)
	if !approved.OK || res.Node.NodeID != d.id {
		t.Fatalf("node approval: %s", approved.Raw)
	}
	verify := admin.call("node.pair.verify", map[string]any{"nodeId": d.id, "token": res.Node.Token})
	if !strings.HasPrefix(string(verify.Payload), `{"ok":true`) {
		t.Fatalf("verify: %s", verify.Raw)
	}
	if f := admin.call("node.rename", map[string]any{"nodeId": d.id, "displayName": "build box"}); string(f.Payload) != `{"nodeId":"`+d.id+`","displayName":"build box"}` {
		t.Fatalf("rename: %s", f.Raw)
	}
}
