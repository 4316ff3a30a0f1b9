package nodes_test

import (
	"slices"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// nodeOnly are v3's node-only methods.
var nodeOnly = []string{"node.invoke.result", "node.event", "node.pending.drain", "node.pending.pull",
	"node.pending.ack", "node.canvas.capability.refresh", "skills.bins"}

// operatorMethods are operator methods of the node and approvals domains.
var operatorMethods = []string{"node.list", "node.describe", "node.invoke", "node.pending.enqueue",
	"node.pair.list", "exec.approval.list", "exec.approval.request"}

func TestRoleGatesBothWays(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	admin := e.operator("operator.admin")
	node := e.node(gatewaytest.NewDevice(t), linuxHost)
	for _, m := range nodeOnly {
		wantError(t, admin.Call(m, map[string]any{}), codeInvalid, "unauthorized role: operator")
		admin.Call("health", map[string]any{}) // keep the run short of the flood guard
	}
	for _, m := range operatorMethods {
		wantError(t, node.Call(m, map[string]any{}), codeInvalid, "unauthorized role: node")
		node.Call("health", map[string]any{})
	}
}

func TestNodeOnlyMethodsAreServedAndAdvertised(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	c := gatewaytest.Dial(t, e.g.URL)
	hello := c.MustConnect(gatewaytest.ConnectParams(e.g.Token, string(protocol.RoleOperator), "operator.read"))
	c.CloseNow()
	for _, m := range append(slices.Clone(nodeOnly), "node.pending.enqueue") {
		if !slices.Contains(hello.Features.Methods, m) {
			t.Fatalf("hello-ok does not advertise %s", m)
		}
	}
	node := e.node(gatewaytest.NewDevice(t), linuxHost)
	wantPayload(t, node.Call("skills.bins", map[string]any{}), `{"bins":[]}`)
	wantError(t, node.Call("skills.bins", map[string]any{"x": 1}), codeInvalid,
		"invalid skills.bins params: at root: unexpected property 'x'")
	if f := node.Call("node.canvas.capability.refresh", map[string]any{}); !f.OK { // the canvas host is on by default
		t.Fatalf("node.canvas.capability.refresh: %s", f.Raw)
	}
}

func TestFloodGuardClosesANodeOnItsEleventhOperatorCall(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	node := e.node(gatewaytest.NewDevice(t), linuxHost)
	for range 10 {
		wantError(t, node.Call("node.list", map[string]any{}), codeInvalid, "unauthorized role: node")
	}
	if f := node.Call("node.event", map[string]any{"event": "acme.ping"}); !f.OK { // open, and the run ends
		t.Fatalf("after ten refusals: %s", f.Raw)
	}
	for range 11 { // the eleventh is still answered
		wantError(t, node.Call("exec.approval.list", map[string]any{}), codeInvalid, "unauthorized role: node")
	}
	if code, reason := node.Closed(); code != 1008 || reason != "repeated unauthorized calls" {
		t.Fatalf("close = %d %q", code, reason)
	}
}
