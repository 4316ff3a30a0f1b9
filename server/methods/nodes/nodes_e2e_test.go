package nodes_test

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

const (
	codeInvalid     = "INVALID_REQUEST"
	codeUnavailable = "UNAVAILABLE"
)

// linuxHost is a node declaring two allowlisted commands and one that is
// not in the linux allowlist.
var linuxHost = nodeSpec{name: "build-box", commands: []string{"system.which", "acme.custom", "system.notify"},
	caps: []string{"system", "browser"}}

func TestListAndDescribeLiveAndAfterDisconnect(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.read")
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)

	n, ok := list(t, op)[dev.DeviceID]
	if !ok || !n.Connected || !n.Paired || n.ConnectedAtMs == nil || deref(n.LastSeenReason) != "connect" {
		t.Fatalf("live node = %+v", n)
	}
	if !equal(n.Commands, "system.notify", "system.which") || !equal(n.Caps, "browser", "system") {
		t.Fatalf("live node surface: commands %v caps %v", n.Commands, n.Caps)
	}
	if deref(n.DisplayName) != "build-box" || deref(n.Version) != "1.2.3" || deref(n.ClientID) != "node-host" ||
		deref(n.ClientMode) != "node" || deref(n.Platform) != "linux" {
		t.Fatalf("live node identity = %+v", n)
	}
	var d protocol.NodeDescribeResult
	op.Result("node.describe", map[string]any{"nodeId": dev.DeviceID}, &d)
	if d.NodeID != dev.DeviceID || !d.Connected || !equal(d.Commands, "system.notify", "system.which") {
		t.Fatalf("describe live = %+v", d)
	}

	node.Close()
	waitDisconnected(t, op, dev.DeviceID)
	d = protocol.NodeDescribeResult{}
	op.Result("node.describe", map[string]any{"nodeId": dev.DeviceID}, &d)
	if d.Connected || !d.Paired || d.ConnectedAtMs != nil {
		t.Fatalf("describe after disconnect = %+v", d)
	}
	wantError(t, op.Call("node.describe", map[string]any{"nodeId": "no-such-node"}), codeInvalid, "unknown nodeId")
	wantError(t, op.Call("node.describe", map[string]any{}), codeInvalid,
		"invalid node.describe params: must have required property 'nodeId'")
}

func TestListNeedsReadScope(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.pairing")
	wantError(t, op.Call("node.list", map[string]any{}), codeInvalid, "missing scope: operator.read")
}

func TestInvokeRoundTrip(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.write")
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)

	id := op.Request("node.invoke", invokeParams(dev.DeviceID, "system.which", "k1",
		map[string]any{"params": map[string]any{"bins": []string{"git"}}, "timeoutMs": 5000}))
	ev, raw := request(t, node)
	if ev.NodeID != dev.DeviceID || ev.Command != "system.which" || deref(ev.IdempotencyKey) != "k1" ||
		ev.TimeoutMs == nil || *ev.TimeoutMs != 5000 || !jsonEqual(deref(ev.ParamsJSON), `{"bins":["git"]}`) {
		t.Fatalf("node.invoke.request = %s", raw)
	}
	ack := node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": true,
		"payloadJSON": `{"bins":{"git":"/usr/bin/git"}}`})
	if !ack.OK || !jsonEqual(string(ack.Payload), `{"ok":true}`) {
		t.Fatalf("result ack = %s", ack.Raw)
	}
	res := op.Response(id)
	want := `{"ok":true,"nodeId":"` + dev.DeviceID + `","command":"system.which",` +
		`"payload":{"bins":{"git":"/usr/bin/git"}},"payloadJSON":"{\"bins\":{\"git\":\"/usr/bin/git\"}}"}`
	if !res.OK || !jsonEqual(string(res.Payload), want) {
		t.Fatalf("invoke reply = %s", res.Raw)
	}

	// Without params and timeoutMs: paramsJSON null, no timeoutMs; a
	// payload object comes back with payloadJSON null.
	id = op.Request("node.invoke", invokeParams(dev.DeviceID, "system.notify", "k2", nil))
	ev, raw = request(t, node)
	if !contains(raw, `"paramsJSON":null`) || contains(raw, "timeoutMs") {
		t.Fatalf("node.invoke.request without params = %s", raw)
	}
	node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": true,
		"payload": map[string]any{"shown": true}, "payloadJSON": nil})
	res = op.Response(id)
	want = `{"ok":true,"nodeId":"` + dev.DeviceID + `","command":"system.notify","payload":{"shown":true},"payloadJSON":null}`
	if !res.OK || !jsonEqual(string(res.Payload), want) {
		t.Fatalf("invoke reply = %s", res.Raw)
	}
}

func TestInvokeRefusals(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.write")
	dev := gatewaytest.NewDevice(t)
	e.node(dev, linuxHost)
	bare := gatewaytest.NewDevice(t)
	e.node(bare, nodeSpec{name: "bare", commands: []string{"acme.custom"}})

	f := op.Call("node.invoke", map[string]any{"nodeId": dev.DeviceID, "command": "system.which"})
	wantError(t, f, codeInvalid, "invalid node.invoke params: must have required property 'idempotencyKey'")
	// Refused by name before the node is looked up.
	f = op.Call("node.invoke", invokeParams("no-such-node", "system.execApprovals.set", "r1", nil))
	wantError(t, f, codeInvalid, "node.invoke does not allow system.execApprovals.*; use exec.approvals.node.*")
	wantDetails(t, f, `{"command":"system.execApprovals.set"}`)
	f = op.Call("node.invoke", invokeParams("no-such-node", "system.which", "r2", nil))
	wantError(t, f, codeUnavailable, "node not connected")
	wantDetails(t, f, `{"code":"NOT_CONNECTED"}`)
	f = op.Call("node.invoke", invokeParams(dev.DeviceID, "acme.custom", "r3", nil))
	wantError(t, f, codeInvalid, `node command not allowed: "acme.custom" is not in the allowlist for platform "linux"`)
	wantDetails(t, f, `{"reason":"command not allowlisted","command":"acme.custom"}`)
	f = op.Call("node.invoke", invokeParams(dev.DeviceID, "system.run", "r4", nil))
	wantError(t, f, codeInvalid, `node command not allowed: the node (platform: linux) does not support "system.run"`)
	wantDetails(t, f, `{"reason":"command not declared by node","command":"system.run"}`)
	f = op.Call("node.invoke", invokeParams(bare.DeviceID, "system.which", "r5", nil))
	wantError(t, f, codeInvalid, "node command not allowed: the node did not declare any supported commands")
	wantDetails(t, f, `{"reason":"node did not declare commands","command":"system.which"}`)

	reader := e.operator("operator.read")
	wantError(t, reader.Call("node.invoke", invokeParams(dev.DeviceID, "system.which", "r6", nil)),
		codeInvalid, "missing scope: operator.write")
}

func TestConfiguredCommandPolicy(t *testing.T) {
	e := start(t, gatewaytest.Options{Config: `{gateway: {nodes: {commands: {allow: ["acme.custom"], deny: ["system.notify"]}}}}`})
	op := e.operator("operator.write")
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	if n := list(t, op)[dev.DeviceID]; !equal(n.Commands, "acme.custom", "system.which") {
		t.Fatalf("commands with allow/deny = %v", n.Commands)
	}
	f := op.Call("node.invoke", invokeParams(dev.DeviceID, "system.notify", "c1", nil))
	wantError(t, f, codeInvalid, `node command not allowed: "system.notify" is not in the allowlist for platform "linux"`)
	id := op.Request("node.invoke", invokeParams(dev.DeviceID, "acme.custom", "c2", nil))
	ev, _ := request(t, node)
	node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": true})
	if res := op.Response(id); !res.OK {
		t.Fatalf("allowed custom command: %s", res.Raw)
	}
}

func TestInvokeNodeErrors(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.write")
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	for i, c := range []struct{ nodeErr, message string }{
		{`{"code":"ENOENT","message":"no such binary"}`, "ENOENT: no such binary"},
		{`{"message":"no such binary"}`, "no such binary"},
		{`{}`, "node invoke failed"},
	} {
		id := op.Request("node.invoke", invokeParams(dev.DeviceID, "system.which", "e"+string(rune('0'+i)), nil))
		ev, _ := request(t, node)
		node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": false,
			"error": rawJSON(c.nodeErr)})
		f := op.Response(id)
		wantError(t, f, codeUnavailable, c.message)
		wantDetails(t, f, `{"nodeError":`+c.nodeErr+`}`)
	}
}

func TestInvokeTimeoutAndLateResult(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.write")
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	id := op.Request("node.invoke", invokeParams(dev.DeviceID, "system.which", "t1", map[string]any{"timeoutMs": 300}))
	ev, _ := request(t, node)
	f := op.Response(id)
	wantError(t, f, codeUnavailable, "TIMEOUT: node invoke timed out")
	wantDetails(t, f, `{"nodeError":{"code":"TIMEOUT","message":"node invoke timed out"}}`)
	late := node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": true})
	if !late.OK || !jsonEqual(string(late.Payload), `{"ok":true,"ignored":true}`) {
		t.Fatalf("late result = %s", late.Raw)
	}
	unknown := node.Call("node.invoke.result", map[string]any{"id": "nobody-waits", "nodeId": dev.DeviceID, "ok": true})
	if !unknown.OK || !jsonEqual(string(unknown.Payload), `{"ok":true,"ignored":true}`) {
		t.Fatalf("unknown result = %s", unknown.Raw)
	}
}

func TestInvokeFailsAtOnceWhenNodeDisconnects(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.write")
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	id := op.Request("node.invoke", invokeParams(dev.DeviceID, "system.which", "d1", map[string]any{"timeoutMs": 600000}))
	request(t, node)
	node.CloseNow()
	wantError(t, op.Response(id), codeUnavailable, "Error: node disconnected (system.which)")
}

func TestInvokeResultNodeIDMismatch(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.write")
	dev, other := gatewaytest.NewDevice(t), gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	e.node(other, linuxHost)
	id := op.Request("node.invoke", invokeParams(dev.DeviceID, "system.which", "m1", nil))
	ev, _ := request(t, node)
	wantError(t, node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": other.DeviceID, "ok": true}),
		codeInvalid, "nodeId mismatch")
	node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": true,
		"payload": map[string]any{"n": 1}})
	if res := op.Response(id); !res.OK || !contains(string(res.Payload), `"payload":{"n":1}`) {
		t.Fatalf("invoke after a mismatched result = %s", res.Raw)
	}
	wantError(t, node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID}),
		codeInvalid, "invalid node.invoke.result params: must have required property 'ok'")
}

func TestTwoNodes(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.write")
	devA, devB := gatewaytest.NewDevice(t), gatewaytest.NewDevice(t)
	a := e.node(devA, nodeSpec{name: "a", commands: []string{"system.which"}})
	b := e.node(devB, nodeSpec{name: "b", commands: []string{"system.which"}})
	if nodes := list(t, op); !nodes[devA.DeviceID].Connected || !nodes[devB.DeviceID].Connected {
		t.Fatalf("two nodes listed: %+v", nodes)
	}
	idA := op.Request("node.invoke", invokeParams(devA.DeviceID, "system.which", "two-a", nil))
	idB := op.Request("node.invoke", invokeParams(devB.DeviceID, "system.which", "two-b", nil))
	evA, _ := request(t, a)
	evB, _ := request(t, b)
	if evA.NodeID != devA.DeviceID || evB.NodeID != devB.DeviceID || evA.ID == evB.ID {
		t.Fatalf("requests: %+v %+v", evA, evB)
	}
	// Answered in the other order, each reaches its own caller; a node
	// cannot answer the other's invoke.
	if f := a.Call("node.invoke.result", map[string]any{"id": evB.ID, "nodeId": devA.DeviceID, "ok": true}); !contains(string(f.Payload), `"ignored":true`) {
		t.Fatalf("node a answering b's invoke = %s", f.Raw)
	}
	b.Call("node.invoke.result", map[string]any{"id": evB.ID, "nodeId": devB.DeviceID, "ok": true, "payload": map[string]any{"from": "b"}})
	a.Call("node.invoke.result", map[string]any{"id": evA.ID, "nodeId": devA.DeviceID, "ok": true, "payload": map[string]any{"from": "a"}})
	if res := op.Response(idB); !contains(string(res.Payload), `"from":"b"`, devB.DeviceID) {
		t.Fatalf("b's reply = %s", res.Raw)
	}
	if res := op.Response(idA); !contains(string(res.Payload), `"from":"a"`, devA.DeviceID) {
		t.Fatalf("a's reply = %s", res.Raw)
	}
}

func TestRestartKeepsKnownNodes(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	node.Close()
	waitDisconnected(t, e.operator("operator.read"), dev.DeviceID)
	e.g.Stop()

	again := start(t, gatewaytest.Options{StateDir: e.g.StateDir})
	n, ok := list(t, again.operator("operator.read"))[dev.DeviceID]
	if !ok || n.Connected || !n.Paired || deref(n.DisplayName) != "build-box" {
		t.Fatalf("after restart: %+v (listed %v)", n, ok)
	}
	again.node(dev, linuxHost)
	if n := list(t, again.operator("operator.read"))[dev.DeviceID]; !n.Connected || !equal(n.Commands, "system.notify", "system.which") {
		t.Fatalf("reconnected after restart: %+v", n)
	}
}

func TestRoleGates(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	wantError(t, node.Call("node.list", map[string]any{}), codeInvalid, "unauthorized role: node")
	admin := e.operator("operator.admin")
	wantError(t, admin.Call("node.invoke.result", map[string]any{"id": "x", "nodeId": dev.DeviceID, "ok": true}),
		codeInvalid, "unauthorized role: operator")
}

func TestInvokeIdempotencyKeyRelaysOnce(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.write")
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	first := op.Request("node.invoke", invokeParams(dev.DeviceID, "system.which", "same", nil))
	ev, _ := request(t, node)
	node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": true,
		"payload": map[string]any{"run": 1}})
	res := op.Response(first)
	again := op.Call("node.invoke", invokeParams(dev.DeviceID, "system.which", "same", nil))
	if !again.OK || string(again.Payload) != string(res.Payload) {
		t.Fatalf("repeat with the same key = %s, first %s", again.Raw, res.Raw)
	}
	// The next request the node sees is a new key's, not a second relay.
	op.Request("node.invoke", invokeParams(dev.DeviceID, "system.which", "other", nil))
	if next, raw := request(t, node); deref(next.IdempotencyKey) != "other" {
		t.Fatalf("node got a second relay: %s", raw)
	}
}
