package nodes_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// env is a real gateway on loopback with helpers to connect operators
// and nodes to it.
type env struct {
	t *testing.T
	g *gatewaytest.Gateway
}

// start runs a gateway for the test (o.StateDir reuses one).
func start(t *testing.T, o gatewaytest.Options) *env {
	t.Helper()
	return &env{t: t, g: gatewaytest.Start(t, o)}
}

// operator connects a local backend operator with scopes.
func (e *env) operator(scopes ...string) *gatewaytest.Client {
	e.t.Helper()
	return e.g.Operator(e.t, scopes...)
}

// nodeSpec is what a test node says about itself at connect.
type nodeSpec struct {
	name     string
	platform string
	commands []string
	caps     []string
}

// node connects dev as a node host with a device proof; it is paired
// silently on loopback.
func (e *env) node(dev *deviceauth.Identity, spec nodeSpec) *gatewaytest.Client {
	e.t.Helper()
	c := gatewaytest.Dial(e.t, e.g.URL)
	p := gatewaytest.ConnectParams(e.g.Token, string(protocol.RoleNode))
	name := spec.name
	p.Client = protocol.ClientInfo{ID: protocol.ClientId("node-host"), Version: "1.2.3", Platform: spec.platform,
		Mode: protocol.ClientModeNode, DisplayName: &name}
	if p.Client.Platform == "" {
		p.Client.Platform = "linux"
	}
	p.Commands, p.Caps = spec.commands, spec.caps
	c.Sign(p, dev)
	c.MustConnect(p)
	e.t.Cleanup(c.CloseNow)
	return c
}

// list returns node.list's nodes by id.
func list(t *testing.T, op *gatewaytest.Client) map[string]protocol.KnownNode {
	t.Helper()
	var res protocol.NodeListResult
	op.Result("node.list", map[string]any{}, &res)
	out := map[string]protocol.KnownNode{}
	for _, n := range res.Nodes {
		out[n.NodeID] = n
	}
	return out
}

// invokeParams returns node.invoke params; extra entries are merged in.
func invokeParams(nodeID, command, key string, extra map[string]any) map[string]any {
	p := map[string]any{"nodeId": nodeID, "command": command, "idempotencyKey": key}
	for k, v := range extra {
		p[k] = v
	}
	return p
}

// request reads the node.invoke.request the node got and checks it is
// a direct event (no seq).
func request(t *testing.T, node *gatewaytest.Client) (protocol.NodeInvokeRequestEvent, string) {
	t.Helper()
	f := node.NextEvent(protocol.EventNodeInvokeRequest)
	if f.Seq != nil {
		t.Fatalf("node.invoke.request carries seq: %s", f.Raw)
	}
	var ev protocol.NodeInvokeRequestEvent
	if err := f.Decode(&ev); err != nil {
		t.Fatalf("node.invoke.request: %v", err)
	}
	return ev, string(f.Raw)
}

// wantError fails unless f is a failed response with code and message.
func wantError(t *testing.T, f gatewaytest.Frame, code, message string) {
	t.Helper()
	if f.OK || f.Error == nil || f.Error.Code != code || f.Error.Message != message {
		t.Fatalf("want %s %q, got %s", code, message, f.Raw)
	}
}

// wantDetails fails unless f's error details are exactly want (JSON).
func wantDetails(t *testing.T, f gatewaytest.Frame, want string) {
	t.Helper()
	got, _ := json.Marshal(f.Error.Details)
	if !jsonEqual(string(got), want) {
		t.Fatalf("details = %s, want %s", got, want)
	}
}

// jsonEqual compares two JSON texts by value.
func jsonEqual(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}

// contains reports whether raw has every part.
func contains(raw string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(raw, p) {
			return false
		}
	}
	return true
}

// waitDisconnected polls node.list until the node is listed as not
// connected (its close is handled after the socket ends).
func waitDisconnected(t *testing.T, op *gatewaytest.Client, nodeID string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if n, ok := list(t, op)[nodeID]; ok && !n.Connected {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("node %s still connected", nodeID)
}

// equal reports whether got is exactly want.
func equal(got []string, want ...string) bool { return slices.Equal(got, want) }

// deref returns *s, or "" for nil.
func deref[T ~string](s *T) string {
	if s == nil {
		return ""
	}
	return string(*s)
}

// rawJSON is JSON text sent as is.
func rawJSON(s string) json.RawMessage { return json.RawMessage(s) }
