package nodes_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestNodeIsInvokedOnlyThroughAnApprovedPairing is security invariant 11
// (upstream #65168): a node host whose pairing is still pending is never
// reachable through node.invoke; once an operator approves it, it is.
func TestNodeIsInvokedOnlyThroughAnApprovedPairing(t *testing.T) {
	e := start(t, gatewaytest.Options{Config: `{ gateway: { trustedProxies: ['127.0.0.1'] } }`})
	admin := e.operator("operator.admin")
	dev := gatewaytest.NewDevice(t)

	refused := e.remoteNode(dev)
	if refused.OK || refused.Error == nil || refused.Error.Code != "NOT_PAIRED" {
		t.Fatalf("remote node before approval: %s", refused.Raw)
	}
	call := admin.Call("node.invoke", invokeParams(dev.DeviceID, "system.which", "k1", nil))
	if call.OK || call.Error.Message != "node not connected" {
		t.Fatalf("invoke of a node whose pairing is pending: %s", call.Raw)
	}
	if n, listed := list(t, admin)[dev.DeviceID]; listed && (n.Connected || n.Paired) {
		t.Fatalf("pending node listed as %+v", n)
	}

	pending := admin.Call("device.pair.list", map[string]any{})
	requestID := between(string(pending.Payload), `"requestId":"`, `"`)
	if requestID == "" {
		t.Fatalf("device.pair.list = %s", pending.Raw)
	}
	if f := admin.Call("device.pair.approve", map[string]string{"requestId": requestID}); !f.OK {
		t.Fatalf("approve: %s", f.Raw)
	}
	if f := e.remoteNode(dev); !f.OK {
		t.Fatalf("remote node after approval: %s", f.Raw)
	}
	if n := list(t, admin)[dev.DeviceID]; !n.Connected || !n.Paired {
		t.Fatalf("approved node listed as %+v", n)
	}
}

// remoteNode connects dev as a linux node host that appears, through the
// trusted proxy on loopback, to come from another machine; it returns the
// connect reply and leaves an accepted connection open.
func (e *env) remoteNode(dev *deviceauth.Identity) gatewaytest.Frame {
	e.t.Helper()
	c, err := gatewaytest.DialHeader(e.t, e.g.URL, http.Header{"X-Forwarded-For": {"198.51.100.7"}})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(c.CloseNow)
	p := gatewaytest.ConnectParams(e.g.Token, string(protocol.RoleNode))
	name := "remote"
	p.Client = protocol.ClientInfo{ID: protocol.ClientId("node-host"), Version: "1.2.3", Platform: "linux",
		Mode: protocol.ClientModeNode, DisplayName: &name}
	p.Commands = []string{"system.which"}
	c.Sign(p, dev)
	res, _ := c.Connect(p)
	return res
}

// between returns the text of s after the first before and up to the next
// after, or "".
func between(s, before, after string) string {
	_, rest, ok := strings.Cut(s, before)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, after)
	return v
}
