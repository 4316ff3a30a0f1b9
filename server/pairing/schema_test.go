package pairing

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/validate"
	"github.com/gatewire/gatewire/schema"
	"github.com/gatewire/gatewire/server/store"
)

// TestPayloadsMatchTheSchema runs through every kind of event and result
// pairing produces and validates each, shaped for each protocol version,
// against that version's view of the protocol schema: real clients drop
// frames with unexpected or missing fields.
func TestPayloadsMatchTheSchema(t *testing.T) {
	validators := map[int]*validate.Validator{}
	for _, version := range protocol.Manifest.Protocols.Accepted {
		v, err := validate.New(schema.FS, protocol.Manifest.At(version))
		if err != nil {
			t.Fatal(err)
		}
		validators[version] = v
	}
	check := func(kind, name string, payload any) {
		t.Helper()
		payload = addressed(payload)
		for version, v := range validators {
			raw, err := json.Marshal(rpc.Shape(payload, version))
			if err != nil {
				t.Fatal(err)
			}
			if kind == "event" {
				err = v.EventPayload(name, raw)
			} else {
				err = v.Result(name, raw)
			}
			if err != nil {
				t.Errorf("v%d %s %s: %v\n%s", version, kind, name, err, raw)
			}
		}
	}
	f := newFixture(t)
	d := newDevice(t)
	f.pair(d, "operator", "operator.read")
	_, req := f.connect(d, "operator", []string{"operator.admin"}, remote)
	_, other := f.connect(newDevice(t), "node", nil, remote)
	approved, err := f.svc.ApproveDevice(f.ctx, admin, req.RequestID)
	if err != nil {
		t.Fatal(err)
	}
	check("result", protocol.MethodDevicePairApprove, protocol.DevicePairApproveResult{RequestID: req.RequestID, Device: *approved})
	list, _ := f.svc.ListDevices(f.ctx, admin)
	check("result", protocol.MethodDevicePairList, list)
	rotated, _ := f.svc.RotateToken(f.ctx, Caller{DeviceID: d.id, Scopes: []string{scopeAdmin}}, d.id, "operator", nil)
	check("result", protocol.MethodDeviceTokenRotate, rotated)
	_, _ = f.svc.RejectDevice(f.ctx, admin, other.RequestID)

	_, _ = f.svc.ReconcileNode(f.ctx, NodeConnect{NodeID: "n", NodeInfo: store.NodeInfo{Platform: "linux",
		Commands: []string{"system.run"}, Caps: []string{"system"}, DisplayName: "box", Version: "1.0"}})
	nodes, _ := f.svc.ListNodes(f.ctx)
	check("result", protocol.MethodNodePairList, nodes)
	node, err := f.svc.ApproveNode(f.ctx, admin, nodes.Pending[0].RequestID)
	if err != nil {
		t.Fatal(err)
	}
	check("result", protocol.MethodNodePairApprove, protocol.NodePairApproveResult{RequestID: nodes.Pending[0].RequestID, Node: *node})
	nodes, _ = f.svc.ListNodes(f.ctx)
	check("result", protocol.MethodNodePairList, nodes)
	_ = f.svc.RemoveNode(f.ctx, "n")

	seen := map[string]bool{}
	for _, ev := range f.hub.take() {
		seen[ev.Name] = true
		check("event", ev.Name, ev.Payload)
	}
	for _, name := range []string{protocol.EventDevicePairRequested, protocol.EventDevicePairResolved,
		protocol.EventNodePairRequested, protocol.EventNodePairResolved} {
		if !seen[name] {
			t.Errorf("the scenario never produced %s", name)
		}
	}
}

// addressed returns a pointer to a copy of payload when payload is a
// struct value whose pointer shapes itself per version (rpc.Versioned),
// as handlers and emitters pass it; payload otherwise.
func addressed(payload any) any {
	if _, ok := payload.(rpc.Versioned); ok || payload == nil || reflect.TypeOf(payload).Kind() == reflect.Pointer {
		return payload
	}
	p := reflect.New(reflect.TypeOf(payload))
	p.Elem().Set(reflect.ValueOf(payload))
	if x, ok := p.Interface().(rpc.Versioned); ok {
		return x
	}
	return payload
}
