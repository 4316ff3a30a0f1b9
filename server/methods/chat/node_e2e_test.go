package chat_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// node connects a node host (a device, silently paired on loopback).
func (e *env) node() (*gatewaytest.Client, string) {
	e.t.Helper()
	dev := gatewaytest.NewDevice(e.t)
	c := gatewaytest.Dial(e.t, e.g.URL)
	p := gatewaytest.ConnectParams(e.g.Token, string(protocol.RoleNode))
	name := "phone"
	p.Client = protocol.ClientInfo{ID: protocol.ClientId("node-host"), Version: "1.2.3", Platform: "linux",
		Mode: protocol.ClientModeNode, DisplayName: &name}
	c.Sign(p, dev)
	c.MustConnect(p)
	e.t.Cleanup(c.CloseNow)
	return c, dev.DeviceID
}

// nodeEvent sends node.event with a payloadJSON and checks {ok:true}.
func nodeEvent(t *testing.T, c *gatewaytest.Client, event string, payload map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(payload)
	var res map[string]any
	c.Result("node.event", map[string]any{"event": event, "payloadJSON": string(raw)}, &res)
	if res["ok"] != true {
		t.Fatalf("node.event %s = %v", event, res)
	}
}

// TestNodesSubscribeToChatAndRequestRuns: chat.subscribe brings a
// session's chat events to the node, chat.unsubscribe stops them, and
// agent.request runs a turn in the node's session.
func TestNodesSubscribeToChatAndRequestRuns(t *testing.T) {
	e := start(t, fakellm.APIOpenAICompletions, fakellm.Text("for everyone"), fakellm.Text("node answer"), fakellm.Text("not for the node"))
	op := e.operator(write)
	n, nodeID := e.node()
	nodeEvent(t, n, "chat.subscribe", map[string]any{"sessionKey": "main"})
	op.Call("chat.send", map[string]any{"sessionKey": "agent:main:main", "message": "hi", "idempotencyKey": "n-1"})
	if evs := until(t, n, "n-1"); evs[len(evs)-1].text() != "for everyone" || evs[0].Event != "chat" {
		t.Fatalf("the node got %q", labels(evs))
	}

	nodeEvent(t, n, "agent.request", map[string]any{"message": "from the node"})
	f := op.Next("node run final", func(f *gatewaytest.Frame) bool {
		return f.IsEvent("chat") && strings.Contains(string(f.Payload), `"state":"final"`) && !strings.Contains(string(f.Payload), "n-1")
	})
	if ev := decodeRunEvent(t, f); ev.SessionKey != "agent:main:node-"+nodeID || ev.text() != "node answer" {
		t.Fatalf("node run final = %s", f.Raw)
	}
	if last := e.fake.Requests()[1].LastUserText(); !strings.HasSuffix(last, "] from the node") {
		t.Fatalf("the model saw %q", last)
	}

	nodeEvent(t, n, "chat.unsubscribe", map[string]any{"sessionKey": "agent:main:main"})
	op.Call("chat.send", map[string]any{"sessionKey": "agent:main:main", "message": "again", "idempotencyKey": "n-3"})
	until(t, op, "n-3")
	// Events reach a connection in order: anything sent to the node for
	// n-3 would come before the answer to its next request.
	id := n.Request("node.event", map[string]any{"event": "chat.subscribe", "payloadJSON": "not json"})
	for {
		f := n.Read()
		if isRunEvent(&f, "n-3") {
			t.Fatalf("the unsubscribed node got %s", f.Raw)
		}
		if f.IsResponse(id) {
			break
		}
	}
}
