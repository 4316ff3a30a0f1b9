package nodes_test

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// at sets a connect's protocol range to exactly v.
func at(p *protocol.ConnectParams, v int64) *protocol.ConnectParams {
	p.MinProtocol, p.MaxProtocol = v, v
	return p
}

// operatorAt connects a local backend operator at protocol v.
func (e *env) operatorAt(v int64, scopes ...string) *gatewaytest.Client {
	e.t.Helper()
	c := gatewaytest.Dial(e.t, e.g.URL)
	c.MustConnect(at(gatewaytest.ConnectParams(e.g.Token, string(protocol.RoleOperator), scopes...), v))
	e.t.Cleanup(c.CloseNow)
	return c
}

// nodeAt connects dev as a node host at protocol v, declaring spec.
func (e *env) nodeAt(v int64, dev *deviceauth.Identity, spec nodeSpec) *gatewaytest.Client {
	e.t.Helper()
	c := gatewaytest.Dial(e.t, e.g.URL)
	p := at(gatewaytest.ConnectParams(e.g.Token, string(protocol.RoleNode)), v)
	name := spec.name
	p.Client = protocol.ClientInfo{ID: protocol.ClientId("node-host"), Version: "2026.9.6", Platform: "linux",
		Mode: protocol.ClientModeNode, DisplayName: &name}
	p.Commands, p.Caps = spec.commands, spec.caps
	c.Sign(p, dev)
	c.MustConnect(p)
	e.t.Cleanup(c.CloseNow)
	return c
}

// pendingRequest returns the one pending node.pair.list row.
func pendingRequest(t *testing.T, op *gatewaytest.Client) protocol.PendingNodeRequest {
	t.Helper()
	var res protocol.NodePairListResult
	op.Result("node.pair.list", map[string]any{}, &res)
	if len(res.Pending) != 1 {
		t.Fatalf("pending = %+v", res.Pending)
	}
	return res.Pending[0]
}

var v4Host = nodeSpec{name: "v4-host", commands: []string{"system.which", "system.run", "acme.custom"}, caps: []string{"system"}}

// TestV4NodeSurfaceWaitsForApproval follows the real v4 node host on a
// v4 gateway: paired silently, its declared commands pending until
// node.pair.approve, its reports refused or kept meanwhile, and invoked
// once approved, without reconnecting.
func TestV4NodeSurfaceWaitsForApproval(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operatorAt(4, "operator.read", "operator.write", "operator.pairing", "operator.admin")
	dev := gatewaytest.NewDevice(t)
	node := e.nodeAt(4, dev, v4Host)

	req := pendingRequest(t, op)
	n := list(t, op)[dev.DeviceID]
	if !n.Connected || !n.Paired || deref(n.ApprovalState) != "pending-approval" || len(n.Commands) != 0 || len(n.Caps) != 0 ||
		!equal(n.PendingDeclaredCommands, "system.run", "system.which") || deref(n.PendingRequestID) != req.RequestID {
		t.Fatalf("pending node = %+v", n)
	}
	wantError(t, op.Call("node.invoke", invokeParams(dev.DeviceID, "system.which", "p1", nil)), codeInvalid,
		"node command not allowed: the node's command surface is awaiting operator approval (openclaw nodes approve "+
			req.RequestID+")")
	inventory := map[string]any{"protocolFeatures": []string{"node-worker-supervisor-v6"}, "workerHost": map[string]any{"enabled": false}}
	wantError(t, node.Call("node.runnerInventory.update", inventory), "UNAVAILABLE",
		"node capability surface is awaiting operator approval; run `openclaw nodes approve "+req.RequestID+
			"` (see `openclaw nodes pending`), then this node retries automatically")
	if f := node.Call("node.skills.update", map[string]any{"skills": []any{}}); !f.OK ||
		!jsonEqual(string(f.Payload), `{"nodeId":"`+dev.DeviceID+`","skills":[]}`) {
		t.Fatalf("skills.update = %s", f.Raw)
	}
	tool := map[string]any{"pluginId": "acme", "name": "lookup", "description": "Looks things up."}
	if f := node.Call("node.pluginTools.update", map[string]any{"tools": []any{tool}}); !f.OK {
		t.Fatalf("pluginTools.update = %s", f.Raw)
	}

	op.Result("node.pair.approve", map[string]any{"requestId": req.RequestID}, &protocol.NodePairApproveResult{})
	direct := node.NextEvent(protocol.EventNodePairResolved)
	if direct.Seq != nil || !contains(string(direct.Raw), `"decision":"approved"`, req.RequestID) {
		t.Fatalf("node.pair.resolved to the node = %s", direct.Raw)
	}
	n = list(t, op)[dev.DeviceID]
	if deref(n.ApprovalState) != "approved" || !equal(n.Commands, "system.run", "system.which") || !equal(n.Caps, "system") ||
		n.PendingRequestID != nil || len(n.NodePluginTools) != 1 || n.NodePluginTools[0].Name != "lookup" {
		t.Fatalf("approved node = %+v", n)
	}
	id := op.Request("node.invoke", invokeParams(dev.DeviceID, "system.which", "p2", nil))
	ev, _ := request(t, node)
	node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": true})
	if res := op.Response(id); !res.OK {
		t.Fatalf("invoke after approval = %s", res.Raw)
	}
	if f := node.Call("node.runnerInventory.update", inventory); !f.OK || !jsonEqual(string(f.Payload), `{"nodeId":"`+dev.DeviceID+`"}`) {
		t.Fatalf("runnerInventory.update after approval = %s", f.Raw)
	}

	if f := op.Call("device.pair.list", map[string]any{}); !contains(string(f.Raw), `"deviceId":"`+dev.DeviceID, `"connected":true`) {
		t.Fatalf("device.pair.list = %s", f.Raw)
	}
	rotated := op.Call("device.token.rotate", map[string]any{"deviceId": dev.DeviceID, "role": "node"})
	if !rotated.OK || !contains(string(rotated.Payload), `"tokenDelivery":"withheld-cross-device"`) ||
		contains(string(rotated.Payload), `"token":`) {
		t.Fatalf("device.token.rotate for another device = %s", rotated.Raw)
	}
}

// TestV4NodeEventNamesTheEvent checks node.event's v4 result beside v3's.
func TestV4NodeEventNamesTheEvent(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	v4 := e.nodeAt(4, gatewaytest.NewDevice(t), v4Host)
	v3 := e.node(gatewaytest.NewDevice(t), linuxHost)
	for _, c := range []struct {
		node    *gatewaytest.Client
		event   string
		payload string
		want    string
	}{
		{v4, "acme.unknown", `{}`, `{"ok":true,"event":"acme.unknown","handled":false,"reason":"unsupported_event"}`},
		{v4, "node.host.stats", `{"cpuCount":2}`, `{"ok":true,"event":"node.host.stats","handled":true,"reason":"updated"}`},
		{v4, "node.host.stats", `1`, `{"ok":true,"event":"node.host.stats","handled":false,"reason":"invalid_payload"}`},
		{v4, "exec.finished", `{}`, `{"ok":true,"event":"exec.finished","handled":true}`},
		{v3, "acme.unknown", `{}`, `{"ok":true}`},
		{v3, "node.host.stats", `{"cpuCount":2}`, `{"ok":true}`},
	} {
		f := c.node.Call("node.event", map[string]any{"event": c.event, "payloadJSON": c.payload})
		if !f.OK || !jsonEqual(string(f.Payload), c.want) {
			t.Errorf("%s %s = %s, want %s", c.event, c.payload, f.Raw, c.want)
		}
	}
}

// TestOneApprovalRecordTwoShapes has a v3 node (invoked at once, as v3
// does) seen by a v3 and a v4 operator: the v4 one sees its surface
// waiting for approval, the v3 one sees what it always saw; once
// approved, node.pair.list shows the same record with the node token to
// v3 only.
func TestOneApprovalRecordTwoShapes(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op3 := e.operatorAt(3, "operator.read", "operator.write", "operator.pairing", "operator.admin")
	op4 := e.operatorAt(4, "operator.read", "operator.write", "operator.pairing", "operator.admin")
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)

	raw3 := op3.Call("node.list", map[string]any{})
	if contains(string(raw3.Raw), "approvalState") || !equal(list(t, op3)[dev.DeviceID].Commands, "system.notify", "system.which") {
		t.Fatalf("v3 node.list = %s", raw3.Raw)
	}
	n := list(t, op4)[dev.DeviceID]
	if deref(n.ApprovalState) != "pending-approval" || !equal(n.Commands, "system.notify", "system.which") {
		t.Fatalf("v4 view of the v3 node = %+v", n)
	}
	id := op4.Request("node.invoke", invokeParams(dev.DeviceID, "system.which", "o1", nil))
	ev, _ := request(t, node)
	node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": true})
	if res := op4.Response(id); !res.OK {
		t.Fatalf("a v3 node is invoked at once, whoever asks: %s", res.Raw)
	}

	req := pendingRequest(t, op3)
	if req4 := pendingRequest(t, op4); req4.RequestID != req.RequestID {
		t.Fatalf("two records: %s and %s", req.RequestID, req4.RequestID)
	}
	op4.Result("node.pair.approve", map[string]any{"requestId": req.RequestID}, &protocol.NodePairApproveResult{})
	if f := op3.Call("node.pair.list", map[string]any{}); !contains(string(f.Raw), `"token":"`) {
		t.Fatalf("v3 node.pair.list lost the node token: %s", f.Raw)
	}
	if f := op4.Call("node.pair.list", map[string]any{}); contains(string(f.Raw), `"token":"`) {
		t.Fatalf("v4 node.pair.list shows a node token: %s", f.Raw)
	}
	if n := list(t, op4)[dev.DeviceID]; deref(n.ApprovalState) != "approved" {
		t.Fatalf("after approval = %+v", n)
	}
}

// TestV4InvokeScopeDependsOnTheCommand: on v4, the browser proxy, directory
// listing and terminal upload need operator.admin (FORBIDDEN with
// MISSING_SCOPE details); on v3 the method's scope decides alone.
func TestV4InvokeScopeDependsOnTheCommand(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op4 := e.operatorAt(4, "operator.write")
	op3 := e.operatorAt(3, "operator.write")
	params := invokeParams("no-such-node", "fs.listDir", "s1", nil)
	f := op4.Call("node.invoke", params)
	wantError(t, f, "FORBIDDEN", "missing scope: operator.admin")
	wantDetails(t, f, `{"code":"MISSING_SCOPE","missingScope":"operator.admin","requiredScopes":["operator.admin"]}`)
	wantError(t, op4.Call("node.invoke", invokeParams("no-such-node", "worker.launch.v1", "s2", nil)), codeInvalid,
		"node.invoke does not allow private node controls")
	wantError(t, op3.Call("node.invoke", invokeParams("no-such-node", "fs.listDir", "s3", nil)), "UNAVAILABLE",
		"node not connected")
}

// TestV4RemovedNodePairingMethods: node.pair.request and node.pair.verify
// do not exist on v4 connections.
func TestV4RemovedNodePairingMethods(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operatorAt(4, "operator.admin")
	wantError(t, op.Call("node.pair.request", map[string]any{"nodeId": "n1"}), codeInvalid, "unknown method: node.pair.request")
	wantError(t, op.Call("node.pair.verify", map[string]any{"nodeId": "n1", "token": "t"}), codeInvalid,
		"unknown method: node.pair.verify")
}
