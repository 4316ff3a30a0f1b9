package nodes_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// baseline is the status request drain adds when none is queued.
func baseline(atMs int64) string {
	return `{"id":"baseline-status","type":"status.request","priority":"default","createdAtMs":` +
		itoa(atMs) + `,"expiresAtMs":null}`
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestPendingWorkEnqueueAndDrain(t *testing.T) {
	clk := newClock()
	e := start(t, gatewaytest.Options{Now: clk.Now})
	op := e.operator("operator.write")
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	id, now := dev.DeviceID, clk.Now().UnixMilli()

	wantPayload(t, node.Call("node.pending.drain", map[string]any{}),
		`{"nodeId":"`+id+`","revision":0,"items":[`+baseline(now)+`],"hasMore":false}`)

	var loc protocol.NodePendingEnqueueResult
	op.Result("node.pending.enqueue", map[string]any{"nodeId": id, "type": "location.request", "expiresInMs": 5000}, &loc)
	if loc.NodeID != id || loc.Revision != 1 || loc.WakeTriggered || loc.Queued.Priority != "normal" ||
		loc.Queued.CreatedAtMs != now || *loc.Queued.ExpiresAtMs.Value != now+5000 {
		t.Fatalf("enqueue = %+v", loc)
	}
	// The same type again: the same item, the same revision.
	again := op.Call("node.pending.enqueue", map[string]any{"nodeId": id, "type": "location.request", "priority": "high"})
	var dup protocol.NodePendingEnqueueResult
	if err := json.Unmarshal(again.Payload, &dup); err != nil || dup.Revision != 1 || dup.Queued.ID != loc.Queued.ID {
		t.Fatalf("repeat = %s", again.Raw)
	}
	clk.advance(time.Millisecond)
	status := op.Call("node.pending.enqueue", map[string]any{"nodeId": id, "type": "status.request", "priority": "high"})
	if !status.OK || !contains(string(status.Payload), `"revision":2`, `"expiresAtMs":null`, `"priority":"high"`) {
		t.Fatalf("status enqueue = %s", status.Raw)
	}

	// Drain does not remove: high first, no baseline (a status request is queued).
	for range 2 {
		var d protocol.NodePendingDrainResult
		node.Result("node.pending.drain", map[string]any{}, &d)
		if d.Revision != 2 || len(d.Items) != 2 || d.Items[0].Type != "status.request" || d.Items[1].ID != loc.Queued.ID || d.HasMore {
			t.Fatalf("drain = %+v", d)
		}
	}
	var one protocol.NodePendingDrainResult
	node.Result("node.pending.drain", map[string]any{"maxItems": 1}, &one)
	if len(one.Items) != 1 || !one.HasMore {
		t.Fatalf("maxItems 1 = %+v", one)
	}
	wantError(t, node.Call("node.pending.drain", map[string]any{"maxItems": 11}), codeInvalid,
		"invalid node.pending.drain params: at /maxItems: must be <= 10")

	// The location request expires; drain reports the revision before pruning.
	clk.advance(6 * time.Second)
	var later protocol.NodePendingDrainResult
	node.Result("node.pending.drain", map[string]any{}, &later)
	if later.Revision != 2 || len(later.Items) != 1 || later.Items[0].Type != "status.request" {
		t.Fatalf("after expiry = %+v", later)
	}

	// An unknown node can be queued for; a bad type is refused.
	if f := op.Call("node.pending.enqueue", map[string]any{"nodeId": "elsewhere", "type": "status.request"}); !f.OK {
		t.Fatalf("enqueue for an unknown node: %s", f.Raw)
	}
	f := op.Call("node.pending.enqueue", map[string]any{"nodeId": id, "type": "camera.snap"})
	if f.OK || f.Error.Code != codeInvalid || !contains(f.Error.Message, "invalid node.pending.enqueue params: ") {
		t.Fatalf("bad type = %s", f.Raw)
	}
	wantError(t, e.operator("operator.read").Call("node.pending.enqueue", map[string]any{"nodeId": id, "type": "status.request"}),
		codeInvalid, "missing scope: operator.write")
}

// iPhone is an iOS node that declares the canvas commands.
var iPhone = nodeSpec{name: "phone", platform: "iOS", commands: []string{"canvas.present", "canvas.hide"}}

func TestForegroundQueueForABackgroundedIPhone(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	op := e.operator("operator.write")
	dev := gatewaytest.NewDevice(t)
	phone := e.node(dev, iPhone)

	wantPayload(t, phone.Call("node.pending.pull", map[string]any{}), `{"nodeId":"`+dev.DeviceID+`","actions":[]}`)
	present := func(key string) gatewaytest.Frame {
		id := op.Request("node.invoke", invokeParams(dev.DeviceID, "canvas.present", key,
			map[string]any{"params": map[string]any{"url": "https://example.test/"}}))
		ev, _ := request(t, phone)
		phone.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": false,
			"error": map[string]any{"code": "NODE_BACKGROUND_UNAVAILABLE", "message": "app is in the background"}})
		return op.Response(id)
	}
	res := present("k1")
	if res.OK || res.Error.Code != codeUnavailable || res.Error.Message != "node command queued until iOS returns to foreground" ||
		res.Error.Retryable == nil || !*res.Error.Retryable {
		t.Fatalf("queued reply = %s", res.Raw)
	}
	details, _ := res.Error.Details.(map[string]any)
	queuedID, _ := details["queuedActionId"].(string)
	wantDetails(t, res, `{"code":"QUEUED_UNTIL_FOREGROUND","queuedActionId":"`+queuedID+`","nodeId":"`+dev.DeviceID+
		`","command":"canvas.present","wake":{"path":"no-registration","available":false,"throttled":false},`+
		`"nodeError":{"code":"NODE_BACKGROUND_UNAVAILABLE","message":"app is in the background"}}`)

	var pulled protocol.NodePendingPullResult
	phone.Result("node.pending.pull", map[string]any{}, &pulled)
	if len(pulled.Actions) != 1 || pulled.Actions[0].ID != queuedID || pulled.Actions[0].Command != "canvas.present" ||
		deref(pulled.Actions[0].ParamsJSON) != `{"url":"https://example.test/"}` || pulled.Actions[0].EnqueuedAtMs == 0 {
		t.Fatalf("pull = %+v", pulled)
	}
	present("k2")
	wantPayload(t, phone.Call("node.pending.ack", map[string]any{"ids": []string{queuedID, queuedID, "unknown"}}),
		`{"nodeId":"`+dev.DeviceID+`","ackedIds":["`+queuedID+`","unknown"],"remainingCount":1}`)
	wantError(t, phone.Call("node.pending.ack", map[string]any{"ids": []string{}}), codeInvalid,
		"invalid node.pending.ack params: at /ids: must NOT have fewer than 1 items")
	wantError(t, phone.Call("node.pending.pull", map[string]any{"bogus": true}), codeInvalid,
		"invalid node.pending.pull params: at root: unexpected property 'bogus'")

	// Another failure is the node's own error, not queued.
	id := op.Request("node.invoke", invokeParams(dev.DeviceID, "canvas.hide", "k3", nil))
	ev, _ := request(t, phone)
	phone.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": false,
		"error": map[string]any{"code": "BROKEN", "message": "no canvas"}})
	wantError(t, op.Response(id), codeUnavailable, "BROKEN: no canvas")
}
