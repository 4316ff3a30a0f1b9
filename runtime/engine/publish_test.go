package engine

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/gatewire/gatewire/runtime/rpc"
)

// emit sends payload along ev's routes to target through the hub, as a
// generated emitter does.
func emit(t *testing.T, h *harness, event string, target rpc.Target, key string, payload map[string]string) error {
	t.Helper()
	spec, ok := h.srv.cfg.Manifest.Event(event)
	if !ok {
		t.Fatalf("no event %s", event)
	}
	_, err := rpc.Emit(h.srv.Hub(), spec, target, key, payload, nil, func(m string) string { return payload[m] })
	return err
}

// expect reads the next frames of c and checks their events and seq
// (0 for none).
func expect(t *testing.T, who string, c *client, want ...struct {
	event string
	seq   int64
}) {
	t.Helper()
	for _, w := range want {
		f := c.read()
		var seq int64
		if f.Seq != nil {
			seq = *f.Seq
		}
		if f.Event != w.event || seq != w.seq {
			t.Fatalf("%s got %s seq %d, want %s seq %d", who, f.Event, seq, w.event, w.seq)
		}
	}
}

type ev = struct {
	event string
	seq   int64
}

// TestTargetedRoutesOverSockets sends events along each kind of route and
// checks who gets them, with seq where the route carries one at the
// connection's protocol: v3 gives seq to broadcasts only, a v4 connection
// gets it on the run route too, the node's direct sends never carry one,
// and the tool stream reaches only the run's requesters that declared
// the tool-events capability.
func TestTargetedRoutesOverSockets(t *testing.T) {
	h := newHarness(t, nil)
	read := []string{"operator.read"}
	op1, id1 := h.openWith(testConnect{Role: "operator", Scopes: read, Caps: []string{"tool-events"}})
	op2, id2 := h.openWith(testConnect{Role: "operator", Scopes: read})
	op4, id4 := h.openWith(testConnect{Role: "operator", Scopes: read, Caps: []string{"tool-events"}, Protocol: 4})
	node, nodeID := h.openWith(testConnect{Role: "node", DeviceID: "n1"})
	hub := h.srv.Hub()
	hub.SubscribeSession(nodeID, "s1")
	for _, id := range []string{id1, id2, id4} {
		hub.AddRunRecipient("r1", id)
	}

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(emit(t, h, "chat.like", rpc.TargetSession, "s1", map[string]string{"state": "delta"}))
	must(emit(t, h, "chat.like", rpc.TargetBroadcast, "", map[string]string{"state": "delta"}))
	must(emit(t, h, "agent.like", rpc.TargetRun, "r1", map[string]string{"stream": "tool"}))
	if err := emit(t, h, "agent.like", rpc.TargetBroadcast, "", map[string]string{"stream": "tool"}); !errors.Is(err, rpc.ErrNoRoute) {
		t.Fatalf("broadcasting the tool stream = %v, want ErrNoRoute", err)
	}
	must(emit(t, h, "agent.like", rpc.TargetBroadcast, "", map[string]string{"stream": "assistant"}))
	must(emit(t, h, "node.direct", rpc.TargetNode, "n1", map[string]string{}))
	h.srv.Broadcast(Event{Name: "open.event", Payload: map[string]int{}})

	expect(t, "node", node, ev{"chat.like", 0}, ev{"node.direct", 0}, ev{"open.event", 1})
	expect(t, "v3 operator with tool-events", op1, ev{"chat.like", 1}, ev{"agent.like", 0}, ev{"agent.like", 2}, ev{"open.event", 3})
	expect(t, "v3 operator without tool-events", op2, ev{"chat.like", 1}, ev{"agent.like", 2}, ev{"open.event", 3})
	expect(t, "v4 operator with tool-events", op4, ev{"chat.like", 1}, ev{"agent.like", 2}, ev{"agent.like", 3}, ev{"open.event", 4})
}

// TestSubscriptionsEndWithTheirConnection checks that a closed
// connection's session and run subscriptions are forgotten.
func TestSubscriptionsEndWithTheirConnection(t *testing.T) {
	h := newHarness(t, nil)
	c, id := h.openWith(testConnect{Role: "node", DeviceID: "n1"})
	h.srv.Hub().SubscribeSession(id, "s1")
	h.srv.Hub().AddRunRecipient("r1", id)
	c.CloseNow()
	eventually(t, "the closed connection's subscriptions forgotten", func() bool {
		s := &h.srv.Hub().subs
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.sessions) == 0 && len(s.runs) == 0 && len(s.byConn) == 0
	})
}

// TestRoleAnyMethodIsServedToEveryRole serves a method the manifest gives
// role "any" to a node and an operator without scopes (no method is
// exempted by name), and hands the handler its caller.
func TestRoleAnyMethodIsServedToEveryRole(t *testing.T) {
	h := newHarness(t, withMethod(rpc.MethodSpec{Name: "whoami", Role: rpc.RoleAny, Scope: "operator.admin"},
		func(_ context.Context, call *rpc.Call, _ json.RawMessage) (any, error) {
			return map[string]any{"role": call.Peer.Role, "device": call.Peer.Identity.DeviceID, "conn": call.ConnID,
				"protocol": call.Peer.Protocol, "admin": call.HasScope("operator.admin")}, nil
		}))
	node, nodeID := h.openWith(testConnect{Role: "node", DeviceID: "n1"})
	f := node.call("1", "whoami", `{}`)
	want := `{"admin":false,"conn":"` + nodeID + `","device":"n1","protocol":3,"role":"node"}`
	if !f.OK || string(f.Payload) != want {
		t.Fatalf("node: reply = %+v %s, want %s", f, f.Payload, want)
	}
	if f := node.call("2", "echo", `{}`); f.OK || f.Error.Message != "unauthorized role: node" {
		t.Fatalf("node calling an operator method: %+v", f)
	}
	op := h.open("operator")
	if f := op.call("3", "whoami", `{}`); !f.OK {
		t.Fatalf("operator without scopes: %+v", f.Error)
	}
}

// TestMethodOutsideItsProtocolVersionsIsUnknown serves a method the
// manifest gives only to protocol 4 to a v4 connection and answers a v3
// admin "unknown method", as for a method the manifest does not list.
func TestMethodOutsideItsProtocolVersionsIsUnknown(t *testing.T) {
	h := newHarness(t, withMethod(rpc.MethodSpec{Name: "v4.only", Role: rpc.RoleOperator, Scope: "operator.read", Since: 4},
		func(context.Context, *rpc.Call, json.RawMessage) (any, error) {
			return map[string]bool{"ok": true}, nil
		}))
	v3, _ := h.openWith(testConnect{Role: "operator", Scopes: []string{"operator.admin"}})
	if f := v3.call("1", "v4.only", `{}`); f.OK || f.Error.Message != "unknown method: v4.only" {
		t.Fatalf("v3: %+v", f)
	}
	reader, _ := h.openWith(testConnect{Role: "operator", Scopes: []string{"operator.read"}})
	if f := reader.call("2", "v4.only", `{}`); f.OK || f.Error.Message != "missing scope: operator.admin" {
		t.Fatalf("v3 reader: %+v", f)
	}
	v4, _ := h.openWith(testConnect{Role: "operator", Scopes: []string{"operator.read"}, Protocol: 4})
	if f := v4.call("3", "v4.only", `{}`); !f.OK {
		t.Fatalf("v4: %+v", f.Error)
	}
}

// TestNodeConnsIndexFollowsNodeConnections checks the hub's node index:
// every open connection of a node, operators never, and a closed one
// forgotten.
func TestNodeConnsIndexFollowsNodeConnections(t *testing.T) {
	h := newHarness(t, nil)
	hub := h.srv.Hub()
	a, idA := h.openWith(testConnect{Role: "node", DeviceID: "n1"})
	_, idB := h.openWith(testConnect{Role: "node", DeviceID: "n1"})
	h.openWith(testConnect{Role: "operator", DeviceID: "n1"})
	ids := func() []string {
		var out []string
		for _, c := range hub.NodeConns("n1") {
			out = append(out, c.ID())
		}
		slices.Sort(out)
		return out
	}
	want := []string{idA, idB}
	slices.Sort(want)
	if got := ids(); !slices.Equal(got, want) {
		t.Fatalf("node n1's connections = %v, want %v", got, want)
	}
	a.CloseNow()
	eventually(t, "the closed node connection forgotten", func() bool { return slices.Equal(ids(), []string{idB}) })
	if len(hub.NodeConns("n2")) != 0 {
		t.Fatal("an unknown node has connections")
	}
}
