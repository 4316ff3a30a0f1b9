package pairing

import (
	"reflect"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/store"
)

func TestNodeApproveScopesByCommands(t *testing.T) {
	cases := []struct {
		commands []string
		want     []string
	}{
		{nil, []string{ScopePairing}},
		{[]string{"camera.list"}, []string{ScopePairing, scopeWrite}},
		{[]string{"camera.list", "system.which"}, []string{ScopePairing, scopeAdmin}},
	}
	for _, c := range cases {
		if got := nodeApproveScopes(c.commands); !reflect.DeepEqual(got, c.want) {
			t.Errorf("nodeApproveScopes(%v) = %v", c.commands, got)
		}
	}
}

func TestCommandAllowlist(t *testing.T) {
	linux := commandAllowlist("linux", "", nil, nil)
	for _, c := range []string{"system.run", "system.run.prepare", "system.which", "browser.proxy", "system.notify"} {
		if !linux[c] {
			t.Errorf("linux allowlist lacks %s", c)
		}
	}
	if linux["camera.snap"] || linux["canvas.present"] {
		t.Error("linux allowlist has commands it should not")
	}
	ios := commandAllowlist("", "iPhone", []string{"x.custom"}, []string{"camera.list"})
	if !ios["photos.latest"] || !ios["x.custom"] || ios["camera.list"] || ios["system.run"] {
		t.Errorf("ios allowlist = %v", ios)
	}
	if mac := commandAllowlist("Darwin 24", "", nil, nil); !mac["screen.snapshot"] {
		t.Error("darwin did not map to macos")
	}
}

func TestNodeHostPairingFlow(t *testing.T) {
	f := newFixture(t)
	declared := []string{"system.run", "system.run.prepare", "system.which", "browser.proxy", "camera.snap", "system.run"}
	in := NodeConnect{NodeID: "node-1", NodeInfo: store.NodeInfo{Commands: declared, DisplayName: "build box", Platform: "linux",
		Caps: []string{"system"}}}
	effective, err := f.svc.ReconcileNode(f.ctx, in)
	want := []string{"system.run", "system.run.prepare", "system.which", "browser.proxy"}
	if err != nil || !reflect.DeepEqual(effective, want) {
		t.Fatalf("unpaired node: %v %v", effective, err)
	}
	evs := f.hub.take()
	if len(evs) != 1 || evs[0].Name != protocol.EventNodePairRequested {
		t.Fatalf("events = %+v", evs)
	}
	if _, err := f.svc.ReconcileNode(f.ctx, in); err != nil || len(f.hub.take()) != 0 {
		t.Fatal("a reconnect announced the request again")
	}
	list, _ := f.svc.ListNodes(f.ctx)
	if len(list.Pending) != 1 || !reflect.DeepEqual(list.Pending[0].RequiredApproveScopes, []string{ScopePairing, scopeAdmin}) {
		t.Fatalf("pending = %+v", list.Pending)
	}
	reqID := list.Pending[0].RequestID
	if _, err := f.svc.ApproveNode(f.ctx, Caller{Scopes: []string{ScopePairing, scopeWrite}}, reqID); err == nil ||
		err.Error() != "INVALID_REQUEST: missing scope: operator.admin" {
		t.Fatalf("approval without admin = %v", err)
	}
	node, err := f.svc.ApproveNode(f.ctx, admin, reqID)
	if err != nil || node.Token == nil || len(*node.Token) != 43 || !reflect.DeepEqual(node.Commands, want) {
		t.Fatalf("approve = %+v %v", node, err)
	}
	evs = f.hub.take()
	if len(evs) != 1 || evs[0].Payload.(protocol.NodePairResolvedEvent).Decision != "approved" {
		t.Fatalf("events = %+v", evs)
	}

	if v, _ := f.svc.VerifyNode(f.ctx, "node-1", *node.Token); v == nil || v.NodeID != "node-1" {
		t.Fatal("the node token did not verify")
	}
	if v, _ := f.svc.VerifyNode(f.ctx, "node-1", (*node.Token)[1:]); v != nil {
		t.Fatal("a wrong node token verified")
	}

	effective, _ = f.svc.ReconcileNode(f.ctx, NodeConnect{NodeID: "node-1", NodeInfo: store.NodeInfo{Platform: "linux",
		Commands: []string{"system.run", "system.notify"}}})
	if !reflect.DeepEqual(effective, want) {
		t.Fatalf("a node declaring a new command got %v, want the approved set", effective)
	}
	if evs := f.hub.take(); len(evs) != 1 || evs[0].Name != protocol.EventNodePairRequested {
		t.Fatalf("new command: events %+v", evs)
	}
	effective, _ = f.svc.ReconcileNode(f.ctx, NodeConnect{NodeID: "node-1", NodeInfo: store.NodeInfo{Platform: "linux",
		Commands: []string{"system.run"}}})
	if !reflect.DeepEqual(effective, []string{"system.run"}) {
		t.Fatalf("a subset of approved commands = %v", effective)
	}

	if name, err := f.svc.RenameNode(f.ctx, "node-1", "  renamed "); err != nil || name != "renamed" {
		t.Fatalf("rename = %q %v", name, err)
	}
	if _, err := f.svc.RenameNode(f.ctx, "node-1", "  "); err == nil || err.Error() != "INVALID_REQUEST: displayName required" {
		t.Fatalf("blank rename = %v", err)
	}
	if _, err := f.svc.RenameNode(f.ctx, "nope", "x"); err == nil || err.Error() != "INVALID_REQUEST: unknown nodeId" {
		t.Fatalf("rename unknown = %v", err)
	}
	if err := f.svc.RemoveNode(f.ctx, "node-1"); err != nil {
		t.Fatal(err)
	}
	evs = f.hub.take()
	if len(evs) != 1 || evs[0].Payload.(protocol.NodePairResolvedEvent).Decision != "removed" || evs[0].Payload.(protocol.NodePairResolvedEvent).RequestID != "" {
		t.Fatalf("remove events = %+v", evs)
	}
	if err := f.svc.RemoveNode(f.ctx, "node-1"); err == nil {
		t.Fatal("removed a node twice")
	}
}

func TestNodePairRequestMethod(t *testing.T) {
	f := newFixture(t)
	p, created, err := f.svc.RequestNode(f.ctx, NodeRequest{NodeID: " n2 "})
	if err != nil || !created || p.NodeID != "n2" {
		t.Fatalf("request = %+v %v %v", p, created, err)
	}
	p2, created, _ := f.svc.RequestNode(f.ctx, NodeRequest{NodeID: "n2"})
	if created || p2.RequestID != p.RequestID {
		t.Fatal("a repeated request was not refreshed")
	}
	id, err := f.svc.RejectNode(f.ctx, p.RequestID)
	if err != nil || id != "n2" {
		t.Fatalf("reject = %q %v", id, err)
	}
	if _, err := f.svc.ApproveNode(f.ctx, admin, p.RequestID); err == nil || err.Error() != "INVALID_REQUEST: unknown requestId" {
		t.Fatalf("approve after reject = %v", err)
	}

	late, _, _ := f.svc.RequestNode(f.ctx, NodeRequest{NodeID: "n3"})
	f.clock.advance(PendingTTL + time.Millisecond)
	if list, _ := f.svc.ListNodes(f.ctx); len(list.Pending) != 0 {
		t.Fatalf("an expired node request is listed: %+v", list.Pending)
	}
	if _, err := f.svc.ApproveNode(f.ctx, admin, late.RequestID); err == nil || err.Error() != "INVALID_REQUEST: unknown requestId" {
		t.Fatalf("approving an expired node request = %v", err)
	}
}

// TestNodeSurfaceWaitsBesideItsDevice checks the shape protocol v4 builds
// on: a node host's device is paired while its declared command surface
// waits as a node request on the same subject (the device id); settling
// one kind of request never touches the other.
func TestNodeSurfaceWaitsBesideItsDevice(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	f.pair(d, string(protocol.RoleNode))
	if _, err := f.svc.ReconcileNode(f.ctx, NodeConnect{NodeID: d.id, NodeInfo: store.NodeInfo{Platform: "linux",
		Commands: []string{"system.which"}}}); err != nil {
		t.Fatal(err)
	}
	f.hub.take()
	nodes, _ := f.svc.ListNodes(f.ctx)
	if len(nodes.Pending) != 1 || nodes.Pending[0].NodeID != d.id ||
		!reflect.DeepEqual(nodes.Pending[0].Commands, []string{"system.which"}) {
		t.Fatalf("node surface pending = %+v", nodes.Pending)
	}
	if _, req := f.connect(d, "operator", []string{"operator.read"}, remote); req == nil {
		t.Fatal("a remote role upgrade was approved silently")
	}
	devices, _ := f.svc.ListDevices(f.ctx, admin)
	if len(devices.Pending) != 1 || devices.Pending[0].DeviceID != d.id || len(devices.Paired) != 1 {
		t.Fatalf("devices = %+v", devices)
	}
	if _, err := f.svc.RejectDevice(f.ctx, admin, nodes.Pending[0].RequestID); err == nil {
		t.Fatal("a node request id settled a device request")
	}
	if _, err := f.svc.RejectNode(f.ctx, devices.Pending[0].RequestID); err == nil {
		t.Fatal("a device request id settled a node request")
	}
	if _, err := f.svc.ApproveNode(f.ctx, admin, nodes.Pending[0].RequestID); err != nil {
		t.Fatal(err)
	}
	devices, _ = f.svc.ListDevices(f.ctx, admin)
	if len(devices.Pending) != 1 {
		t.Fatalf("approving the node surface settled the device request: %+v", devices.Pending)
	}
}

// TestKeptNodeRequestOutlivesItsTimeToLive: a node that keeps asking (the
// v4 node host repeats node.runnerInventory.update while its surface
// waits) keeps its request pending past PendingTTL; one that stops asking
// lets it expire.
func TestKeptNodeRequestOutlivesItsTimeToLive(t *testing.T) {
	f := newFixture(t)
	p, _, _ := f.svc.RequestNode(f.ctx, NodeRequest{NodeID: "n1"})
	for range 3 {
		f.clock.advance(PendingTTL - time.Second)
		if id, err := f.svc.KeepNodeRequest(f.ctx, "n1"); err != nil || id != p.RequestID {
			t.Fatalf("keep = %q %v", id, err)
		}
	}
	if a, _ := f.svc.ApprovalOf(f.ctx, "n1"); a.PendingRequestID != p.RequestID || a.Approved {
		t.Fatalf("approval after keeping = %+v", a)
	}
	f.clock.advance(PendingTTL + time.Millisecond)
	if id, _ := f.svc.KeepNodeRequest(f.ctx, "n1"); id != "" {
		t.Fatalf("an expired request was kept: %q", id)
	}
	if a, _ := f.svc.ApprovalOf(f.ctx, "n1"); a.PendingRequestID != "" {
		t.Fatalf("an expired request is pending: %+v", a)
	}
}
