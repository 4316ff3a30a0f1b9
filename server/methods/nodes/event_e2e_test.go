package nodes_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// clock is a test clock that only moves when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Now()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// wantPayload fails unless f succeeded with exactly want (JSON).
func wantPayload(t *testing.T, f gatewaytest.Frame, want string) {
	t.Helper()
	if !f.OK || !jsonEqual(string(f.Payload), want) {
		t.Fatalf("want %s, got %s", want, f.Raw)
	}
}

func TestPresenceAliveIsThrottledAndShownAsLastSeen(t *testing.T) {
	clk := newClock()
	e := start(t, gatewaytest.Options{Now: clk.Now})
	op := e.operator("operator.read")
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	alive := func(params map[string]any) gatewaytest.Frame {
		return node.Call("node.event", params)
	}
	result := func(handled bool, reason string) string {
		h := "false"
		if handled {
			h = "true"
		}
		return `{"ok":true,"event":"node.presence.alive","handled":` + h + `,"reason":"` + reason + `"}`
	}

	wantPayload(t, alive(map[string]any{"event": "node.presence.alive", "payload": "manual"}), result(false, "invalid_payload"))
	wantPayload(t, alive(map[string]any{"event": "node.presence.alive"}), result(false, "invalid_payload"))
	clk.advance(time.Second)
	wantPayload(t, alive(map[string]any{"event": "node.presence.alive", "payload": map[string]any{"trigger": "manual"}}),
		result(true, "persisted"))
	n := list(t, op)[dev.DeviceID]
	if !n.Connected || deref(n.LastSeenReason) != "manual" || n.LastSeenAtMs == nil || *n.LastSeenAtMs != clk.Now().UnixMilli() {
		t.Fatalf("after alive: %+v", n)
	}
	// Within the minute: throttled, though the payload is valid (checked first).
	wantPayload(t, alive(map[string]any{"event": "node.presence.alive", "payloadJSON": `{"trigger":"silent_push"}`}),
		result(true, "throttled"))
	wantPayload(t, alive(map[string]any{"event": "node.presence.alive", "payloadJSON": `[1]`}), result(true, "throttled"))
	wantPayload(t, alive(map[string]any{"event": "node.presence.alive", "payloadJSON": `{`}), result(false, "invalid_payload"))
	clk.advance(time.Minute)
	wantPayload(t, alive(map[string]any{"event": "node.presence.alive", "payloadJSON": `{"trigger":"Warp-Drive"}`}),
		result(true, "persisted"))
	if n := list(t, op)[dev.DeviceID]; deref(n.LastSeenReason) != "background" {
		t.Fatalf("an unknown trigger is recorded as background: %+v", n)
	}

	// After the node leaves, the list still shows when it was last seen.
	node.Close()
	waitDisconnected(t, op, dev.DeviceID)
	if n := list(t, op)[dev.DeviceID]; deref(n.LastSeenReason) != "background" || *n.LastSeenAtMs != clk.Now().UnixMilli() {
		t.Fatalf("disconnected node: %+v", n)
	}
}

func TestOtherNodeEventsAreAcknowledged(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	node := e.node(gatewaytest.NewDevice(t), linuxHost)
	for _, ev := range []string{"acme.unknown", "chat.subscribe", "chat.unsubscribe", "agent.request", "voice.transcript",
		"notifications.changed", "push.apns.register", "exec.started"} {
		wantPayload(t, node.Call("node.event", map[string]any{"event": ev, "payload": map[string]any{"sessionKey": "main"}}),
			`{"ok":true}`)
	}
	wantError(t, node.Call("node.event", map[string]any{"event": "acme.unknown", "bogus": 1}), codeInvalid,
		"invalid node.event params: at root: unexpected property 'bogus'")
	wantError(t, node.Call("node.event", map[string]any{}), codeInvalid,
		"invalid node.event params: must have required property 'event'")
}

func TestExecEventsBecomeNotesForTheSession(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	dev := gatewaytest.NewDevice(t)
	node := e.node(dev, linuxHost)
	send := func(event string, payload any) {
		t.Helper()
		wantPayload(t, node.Call("node.event", map[string]any{"event": event, "payload": payload}), `{"ok":true}`)
	}
	send("exec.started", map[string]any{"runId": "r1", "command": "make test"})
	send("exec.finished", map[string]any{"runId": "r1", "exitCode": 2, "output": "FAIL\n\n  pkg   1.2s"})
	send("exec.finished", map[string]any{"runId": "r1", "exitCode": 2, "output": "again"}) // once per run
	send("exec.finished", map[string]any{"runId": "r2", "exitCode": 0})                    // nothing to say
	send("exec.finished", map[string]any{"runId": "r3", "timedOut": true, "output": strings.Repeat("x", 300)})
	send("exec.denied", map[string]any{"runId": "r4", "reason": "approval-required", "command": "rm -rf /",
		"sessionKey": "agent:main"})
	send("exec.started", map[string]any{"command": "ls", "suppressNotifyOnExit": true})
	send("exec.started", nil)
	send("exec.denied", []any{1}) // an array is an object without fields to v3

	notes := e.g.Nodes().TakeExecNotes("node-" + dev.DeviceID)
	want := []string{
		"Exec started (node=" + dev.DeviceID + " id=r1): make test",
		"Exec finished (node=" + dev.DeviceID + " id=r1, code 2)\nFAIL pkg 1.2s",
		"Exec finished (node=" + dev.DeviceID + " id=r3, timeout)\n" + strings.Repeat("x", 179) + "…",
		"Exec denied (node=" + dev.DeviceID + ")",
	}
	if len(notes) != len(want) {
		t.Fatalf("notes = %+v", notes)
	}
	for i, n := range notes {
		if n.Text != want[i] {
			t.Fatalf("note %d = %q, want %q", i, n.Text, want[i])
		}
	}
	if notes[0].ContextKey != "exec:r1" {
		t.Fatalf("context key = %q", notes[0].ContextKey)
	}
	denied := e.g.Nodes().TakeExecNotes("agent:main")
	if len(denied) != 1 || denied[0].Text != "Exec denied (node="+dev.DeviceID+" id=r4, approval-required): rm -rf /" {
		t.Fatalf("denied = %+v", denied)
	}
	if again := e.g.Nodes().TakeExecNotes("node-" + dev.DeviceID); len(again) != 0 {
		t.Fatalf("notes are taken once: %+v", again)
	}
}
