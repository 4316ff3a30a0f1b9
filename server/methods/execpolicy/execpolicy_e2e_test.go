package execpolicy_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/statedir"
)

type obj = map[string]any

// operator connects a backend operator with scopes.
func operator(t *testing.T, g *gatewaytest.Gateway, scopes ...string) *gatewaytest.Client {
	t.Helper()
	c := gatewaytest.Dial(t, g.URL)
	c.MustConnect(gatewaytest.ConnectParams(g.Token, string(protocol.RoleOperator), scopes...))
	t.Cleanup(c.CloseNow)
	return c
}

// node connects a raw node (it declares no commands: the relay does not
// ask) and returns it with its id.
func node(t *testing.T, g *gatewaytest.Gateway) (*gatewaytest.Client, string) {
	t.Helper()
	dev := gatewaytest.NewDevice(t)
	c := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleNode))
	p.Client = protocol.ClientInfo{ID: "node-host", Version: "1.0.0", Platform: "linux", Mode: protocol.ClientModeNode}
	c.Sign(p, dev)
	c.MustConnect(p)
	t.Cleanup(c.CloseNow)
	return c, dev.DeviceID
}

// failed checks f is an error with code and message and returns its
// details as JSON.
func failed(t *testing.T, f gatewaytest.Frame, code, message string) string {
	t.Helper()
	if f.OK || f.Error == nil || f.Error.Code != code || f.Error.Message != message {
		t.Fatalf("want %s %q, got %s", code, message, f.Raw)
	}
	d, _ := json.Marshal(f.Error.Details)
	return string(d)
}

func TestGatewayPolicyGetAndSet(t *testing.T) {
	dir := statedir.Dir(t.TempDir())
	path := filepath.Join(dir.Root(), execapprovals.FileName)
	seed := `{"version":1,"socket":{"path":"/run/approvals.sock","token":"seed-secret-token"},"defaults":{"security":"full"}}`
	if err := os.WriteFile(path, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{StateDir: dir})
	admin := operator(t, g, "operator.admin")

	get := admin.Call("exec.approvals.get", obj{})
	if !get.OK || strings.Contains(string(get.Raw), "seed-secret-token") {
		t.Fatalf("get: %s", get.Raw)
	}
	var snap protocol.ExecApprovalsSnapshot
	if err := json.Unmarshal(get.Payload, &snap); err != nil {
		t.Fatal(err)
	}
	if snap.Path != path || !snap.Exists || snap.Hash != execapprovals.Hash([]byte(seed)) ||
		snap.File.Socket == nil || *snap.File.Socket.Path != "/run/approvals.sock" || *snap.File.Defaults.Security != "full" {
		t.Fatalf("snapshot = %s", get.Raw)
	}

	next := obj{"version": 1, "defaults": obj{"security": "allowlist", "ask": "on-miss"},
		"agents": obj{"main": obj{"allowlist": []obj{{"pattern": "/usr/bin/ls"}}}}}
	failed(t, admin.Call("exec.approvals.set", obj{"file": next}), "INVALID_REQUEST",
		"exec approvals base hash required; re-run exec.approvals.get and retry")
	failed(t, admin.Call("exec.approvals.set", obj{"file": next, "baseHash": execapprovals.Hash(nil)}), "INVALID_REQUEST",
		"exec approvals changed since last load; re-run exec.approvals.get and retry")
	var after protocol.ExecApprovalsSnapshot
	admin.Result("exec.approvals.set", obj{"file": next, "baseHash": snap.Hash}, &after)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if after.Hash != execapprovals.Hash(raw) || fi.Mode().Perm() != 0o600 || !strings.Contains(string(raw), "seed-secret-token") {
		t.Fatalf("after set: hash %s, file %s, mode %v", after.Hash, raw, fi.Mode())
	}
	main := after.File.Agents["main"]
	if *after.File.Defaults.Security != "allowlist" || len(main.Allowlist) != 1 || main.Allowlist[0].ID == nil {
		t.Fatalf("after set = %+v", after.File)
	}
}

func TestGetCreatesAMissingFile(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	admin := operator(t, g, "operator.admin")
	var snap protocol.ExecApprovalsSnapshot
	admin.Result("exec.approvals.get", obj{}, &snap)
	raw, err := os.ReadFile(snap.Path)
	if err != nil || !snap.Exists || snap.Hash != execapprovals.Hash(raw) {
		t.Fatalf("snapshot %+v, file %q (%v)", snap, raw, err)
	}
	if want := `{"version":1,"defaults":{},"agents":{}}`; !sameJSON(t, mustJSON(snap.File), want) {
		t.Fatalf("file = %s", mustJSON(snap.File))
	}
}

func TestPolicyMethodsNeedAdmin(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, "operator.write", "operator.approvals", "operator.pairing")
	for method, params := range map[string]obj{
		"exec.approvals.get": {}, "exec.approvals.set": {"file": obj{"version": 1}},
		"exec.approvals.node.get": {"nodeId": "n"}, "exec.approvals.node.set": {"nodeId": "n", "file": obj{"version": 1}},
	} {
		failed(t, c.Call(method, params), "INVALID_REQUEST", "missing scope: operator.admin")
	}
}

func TestBadParams(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	admin := operator(t, g, "operator.admin")
	for _, c := range []struct {
		method string
		params obj
		prefix string
	}{
		{"exec.approvals.set", obj{"file": obj{"version": 2}}, "invalid exec.approvals.set params: "},
		{"exec.approvals.set", obj{}, "invalid exec.approvals.set params: "},
		{"exec.approvals.set", obj{"file": obj{"version": 1, "defaults": obj{"secret": true}}}, "invalid exec.approvals.set params: "},
		{"exec.approvals.get", obj{"x": 1}, "invalid exec.approvals.get params: "},
		{"exec.approvals.node.get", obj{}, "invalid exec.approvals.node.get params: "},
		{"exec.approvals.node.set", obj{"nodeId": "n"}, "invalid exec.approvals.node.set params: "},
	} {
		f := admin.Call(c.method, c.params)
		if f.OK || !strings.HasPrefix(f.Error.Message, c.prefix) {
			t.Fatalf("%s %v: %s", c.method, c.params, f.Raw)
		}
	}
	failed(t, admin.Call("exec.approvals.node.get", obj{"nodeId": "  "}), "INVALID_REQUEST", "nodeId required")
}

func TestNodePolicyIsRelayed(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	admin := operator(t, g, "operator.admin")
	n, id := node(t, g)

	call := admin.Request("exec.approvals.node.get", obj{"nodeId": id})
	ev := nextRequest(t, n)
	if ev.Command != "system.execApprovals.get" || ev.ParamsJSON == nil || *ev.ParamsJSON != "{}" || ev.IdempotencyKey != nil {
		t.Fatalf("node got %+v", ev)
	}
	snap := `{"path":"/home/n/.gatewire/exec-approvals.json","exists":true,"hash":"abc","file":{"version":1}}`
	n.Result("node.invoke.result", obj{"id": ev.ID, "nodeId": id, "ok": true, "payloadJSON": snap}, nil)
	if f := admin.Response(call); !f.OK || !sameJSON(t, string(f.Payload), snap) {
		t.Fatalf("node.get: %s", f.Raw)
	}

	call = admin.Request("exec.approvals.node.set", obj{"nodeId": id, "file": obj{"version": 1, "defaults": obj{"security": "deny"}}, "baseHash": "abc"})
	ev = nextRequest(t, n)
	if ev.Command != "system.execApprovals.set" || !sameJSON(t, *ev.ParamsJSON, `{"file":{"version":1,"defaults":{"security":"deny"}},"baseHash":"abc"}`) {
		t.Fatalf("node got %+v", ev)
	}
	n.Result("node.invoke.result", obj{"id": ev.ID, "nodeId": id, "ok": false,
		"error": obj{"code": "INVALID_REQUEST", "message": "Error: INVALID_REQUEST: exec approvals changed; reload and retry"}}, nil)
	d := failed(t, admin.Response(call), "UNAVAILABLE", "INVALID_REQUEST: Error: INVALID_REQUEST: exec approvals changed; reload and retry")
	if !sameJSON(t, d, `{"nodeError":{"code":"INVALID_REQUEST","message":"Error: INVALID_REQUEST: exec approvals changed; reload and retry"}}`) {
		t.Fatalf("details = %s", d)
	}

	call = admin.Request("exec.approvals.node.set", obj{"nodeId": id, "file": obj{"version": 1}})
	ev = nextRequest(t, n)
	n.Result("node.invoke.result", obj{"id": ev.ID, "nodeId": id, "ok": true, "payload": obj{"ignored": true}}, nil)
	if f := admin.Response(call); !f.OK || string(f.Payload) != "null" {
		t.Fatalf("set without payloadJSON: %s", f.Raw)
	}
}

func TestNodePolicyOfAnAbsentNode(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	admin := operator(t, g, "operator.admin")
	d := failed(t, admin.Call("exec.approvals.node.get", obj{"nodeId": "nobody"}), "UNAVAILABLE", "NOT_CONNECTED: node not connected")
	if !sameJSON(t, d, `{"nodeError":{"code":"NOT_CONNECTED","message":"node not connected"}}`) {
		t.Fatalf("details = %s", d)
	}
}

// nextRequest reads the node's next node.invoke.request.
func nextRequest(t *testing.T, n *gatewaytest.Client) protocol.NodeInvokeRequestEvent {
	t.Helper()
	var ev protocol.NodeInvokeRequestEvent
	f := n.NextEvent(protocol.EventNodeInvokeRequest)
	if err := f.Decode(&ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

// sameJSON compares two JSON texts by value.
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return mustJSON(x) == mustJSON(y)
}

// mustJSON encodes v.
func mustJSON(v any) string {
	out, _ := json.Marshal(v)
	return string(out)
}

// TestV4SnapshotResolvesTheDefaults: a protocol 4 operator gets the
// gateway host's defaults resolved beside the file (unset fields take the
// built-in values); a protocol 3 operator's snapshot has no such field.
func TestV4SnapshotResolvesTheDefaults(t *testing.T) {
	dir := statedir.Dir(t.TempDir())
	seed := `{"version":1,"defaults":{"security":"allowlist","autoAllowSkills":true}}`
	if err := os.WriteFile(filepath.Join(dir.Root(), execapprovals.FileName), []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{StateDir: dir})
	v4 := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleOperator), "operator.admin")
	p.MinProtocol, p.MaxProtocol = 4, 4
	v4.MustConnect(p)
	t.Cleanup(v4.CloseNow)
	var snap protocol.ExecApprovalsSnapshot
	v4.Result("exec.approvals.get", obj{}, &snap)
	want := `{"security":"allowlist","ask":"off","askFallback":"full","autoAllowSkills":true}`
	if snap.ResolvedDefaults == nil || !sameJSON(t, mustJSON(snap.ResolvedDefaults), want) {
		t.Fatalf("resolvedDefaults = %s, want %s", mustJSON(snap.ResolvedDefaults), want)
	}
	if get := operator(t, g, "operator.admin").Call("exec.approvals.get", obj{}); strings.Contains(string(get.Raw), "resolvedDefaults") {
		t.Fatalf("a v3 snapshot carries resolvedDefaults: %s", get.Raw)
	}
}
