package nodes_test

import (
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestRestartKeepsLastSeenButNotQueues: what a node reported about itself
// is stored, the queues are memory.
func TestRestartKeepsLastSeenButNotQueues(t *testing.T) {
	clk := newClock()
	e := start(t, gatewaytest.Options{Now: clk.Now})
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	wantPayload(t, node.Call("node.event", map[string]any{"event": "node.presence.alive",
		"payload": map[string]any{"trigger": "significant_location"}}),
		`{"ok":true,"event":"node.presence.alive","handled":true,"reason":"persisted"}`)
	seenAt := clk.Now().UnixMilli()
	op := e.operator("operator.write")
	op.Result("node.pending.enqueue", map[string]any{"nodeId": dev.DeviceID, "type": "location.request"}, nil)
	node.Close()
	waitDisconnected(t, op, dev.DeviceID)
	e.g.Stop()

	again := start(t, gatewaytest.Options{StateDir: e.g.StateDir, Now: clk.Now})
	n, ok := list(t, again.operator("operator.read"))[dev.DeviceID]
	if !ok || n.Connected || !n.Paired || deref(n.LastSeenReason) != "significant_location" || *n.LastSeenAtMs != seenAt {
		t.Fatalf("after restart: %+v (listed %v)", n, ok)
	}
	back := again.node(dev, linuxHost)
	wantPayload(t, back.Call("node.pending.drain", map[string]any{}),
		`{"nodeId":"`+dev.DeviceID+`","revision":0,"items":[`+baseline(clk.Now().UnixMilli())+`],"hasMore":false}`)
}
