package pairing

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/store"
)

func TestLocalNewDeviceIsPairedSilently(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	adm, req := f.connect(d, "operator", []string{"operator.admin"}, local)
	if req != nil || !adm.Paired || adm.Token == nil {
		t.Fatalf("local connect: %+v %+v", adm, req)
	}
	want := []string{"operator.admin", "operator.read", "operator.write"}
	if !reflect.DeepEqual(adm.Token.Scopes, want) || len(adm.Token.Token) != 43 {
		t.Fatalf("token %+v, want scopes %v and 43 chars", adm.Token, want)
	}
	if names := f.hub.names(); !reflect.DeepEqual(names, []string{protocol.EventDevicePairResolved}) {
		t.Fatalf("events = %v, want only device.pair.resolved", names)
	}
	again, _ := f.connect(d, "operator", []string{"operator.read"}, local)
	if again.Token.Token != adm.Token.Token {
		t.Fatal("a reconnect within the approved scopes did not reuse the token")
	}
	if len(f.hub.take()) != 0 {
		t.Fatal("a paired device's reconnect emitted events")
	}
}

func TestRemoteNewDeviceWaitsForApproval(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	adm, req := f.connect(d, "operator", []string{"operator.read"}, remote)
	if adm != nil || req == nil || req.Reason != protocol.PairingReasonNotPaired || req.RequestID == "" {
		t.Fatalf("remote connect: %+v %+v", adm, req)
	}
	e := req.Reply()
	raw, _ := json.Marshal(e)
	var got map[string]any
	_ = json.Unmarshal(raw, &got)
	details := got["details"].(map[string]any)
	if e.Code != "NOT_PAIRED" || e.Message != "pairing required: device is not approved yet" ||
		details["code"] != "PAIRING_REQUIRED" || details["reason"] != "not-paired" || details["requestId"] != req.RequestID ||
		details["deviceId"] != d.id || details["requestedRole"] != "operator" ||
		details["remediationHint"] != "Approve this device from the pending pairing requests." {
		t.Fatalf("reply = %s", raw)
	}
	if _, ok := details["approvedScopes"]; ok {
		t.Fatal("an unpaired device's refusal lists approved scopes")
	}
	if want := "pairing required: device is not approved yet (requestId: " + req.RequestID + ")"; req.CloseReason() != want {
		t.Fatalf("close reason %q", req.CloseReason())
	}
	evs := f.hub.take()
	if len(evs) != 1 || evs[0].Name != protocol.EventDevicePairRequested {
		t.Fatalf("events = %+v", evs)
	}
	p := evs[0].Payload.(protocol.PendingDeviceRequest)
	if p.RequestID != req.RequestID || *p.RemoteIP != "203.0.113.5" || *p.Silent || *p.IsRepair || p.PublicKey != d.pub {
		t.Fatalf("requested payload = %+v", p)
	}
	list, _ := f.svc.ListDevices(f.ctx, admin)
	if len(list.Pending) != 1 || len(list.Paired) != 0 {
		t.Fatalf("list = %+v", list)
	}
}

func TestSilentPairingRulesByLocality(t *testing.T) {
	control := ClassOf("openclaw-control-ui", "webchat")
	native := ClassOf("openclaw-macos", "ui")
	cases := []struct {
		name     string
		in       SilentInput
		reason   protocol.PairingReason
		settings func(*Settings)
		want     bool
	}{
		{"local new device", SilentInput{Locality: LocalityDirect}, protocol.PairingReasonNotPaired, nil, true},
		{"local role upgrade", SilentInput{Locality: LocalityDirect}, protocol.PairingReasonRoleUpgrade, nil, true},
		{"local scope upgrade", SilentInput{Locality: LocalityDirect}, protocol.PairingReasonScopeUpgrade, nil, false},
		{"remote new device", SilentInput{Locality: LocalityRemote}, protocol.PairingReasonNotPaired, nil, false},
		{"container browser control ui", SilentInput{Locality: LocalityBrowserContainer, HasOrigin: true, Class: control}, protocol.PairingReasonNotPaired, nil, true},
		{"local browser page", SilentInput{Locality: LocalityDirect, HasOrigin: true}, protocol.PairingReasonNotPaired, nil, false},
		{"local control ui page", SilentInput{Locality: LocalityDirect, HasOrigin: true, Class: control}, protocol.PairingReasonNotPaired, nil, true},
		{"metadata change, cli", SilentInput{Locality: LocalityDirect}, protocol.PairingReasonMetadataUpgrade, nil, false},
		{"metadata change, native app", SilentInput{Locality: LocalityDirect, Class: native}, protocol.PairingReasonMetadataUpgrade, nil, true},
		{"metadata change, native app remote", SilentInput{Locality: LocalityRemote, Class: native}, protocol.PairingReasonMetadataUpgrade, nil, false},
		{"switch off", SilentInput{Locality: LocalityDirect}, protocol.PairingReasonNotPaired, func(s *Settings) { s.AutoApproveLocal = false }, false},
		{"node switch off", SilentInput{Locality: LocalityDirect, Role: "node"}, protocol.PairingReasonNotPaired, func(s *Settings) { s.NodeAutoApproveLocal = false }, false},
		{"node switch only affects nodes", SilentInput{Locality: LocalityDirect}, protocol.PairingReasonNotPaired, func(s *Settings) { s.NodeAutoApproveLocal = false }, true},
	}
	for _, c := range cases {
		f := newFixture(t)
		if c.settings != nil {
			set := DefaultSettings()
			c.settings(&set)
			f.svc.Update(set)
		}
		if got := f.svc.allowSilent(c.in, c.reason); got != c.want {
			t.Errorf("%s: silent = %v", c.name, got)
		}
	}
}

func TestSilentApprovalNeverTakesMoreThanTheConnectAsks(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	// A node asking for an operator scope cannot be approved, silently or
	// not: its request stays pending, marked silent.
	if _, req := f.connect(d, "node", []string{"operator.admin"}, local); req == nil || req.Reason != protocol.PairingReasonNotPaired {
		t.Fatalf("node asking for operator.admin: %+v", req)
	}
	// The same device now asks locally for operator.read; the superseding
	// request carries the merged operator.admin, which this connect never
	// asked for, so it must wait for an operator.
	adm, req := f.connect(d, "operator", []string{"operator.read"}, local)
	if adm != nil || req == nil || req.Reason != protocol.PairingReasonNotPaired {
		t.Fatalf("local connect over a wider pending request: %+v %+v", adm, req)
	}
	if f.device(d.id) != nil {
		t.Fatal("the device was paired with scopes its connect did not ask for")
	}
	list, _ := f.svc.ListDevices(f.ctx, admin)
	if len(list.Pending) != 1 || !slices.Contains(list.Pending[0].Scopes, scopeAdmin) {
		t.Fatalf("pending = %+v", list.Pending)
	}
}

func TestSwitchOffKeepsLocalDevicesPending(t *testing.T) {
	f := newFixture(t)
	set := DefaultSettings()
	set.AutoApproveLocal = false
	f.svc.Update(set)
	_, req := f.connect(newDevice(t), "operator", nil, local)
	if req == nil || req.Reason != protocol.PairingReasonNotPaired {
		t.Fatalf("local connect with auto-approval off: %+v", req)
	}
}

func TestScopeEscalationByAPairedDevice(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	f.pair(d, "operator", "operator.write")
	if adm, req := f.connect(d, "operator", []string{"operator.read"}, local); req != nil || adm.Token == nil {
		t.Fatalf("write-paired device asking for read: %+v", req)
	}
	_, req := f.connect(d, "operator", []string{"operator.admin"}, local)
	if req == nil || req.Reason != protocol.PairingReasonScopeUpgrade {
		t.Fatalf("escalation to admin on loopback was not refused: %+v", req)
	}
	raw, _ := json.Marshal(req.Reply())
	if !strings.Contains(string(raw), `"approvedScopes":["operator.write"]`) || !strings.Contains(string(raw), `"approvedRoles":["operator"]`) ||
		!strings.Contains(string(raw), `"message":"pairing required: device is asking for more scopes than currently approved"`) {
		t.Fatalf("scope-upgrade reply = %s", raw)
	}
	if names := f.hub.names(); !reflect.DeepEqual(names, []string{protocol.EventDevicePairRequested}) {
		t.Fatalf("events = %v", names)
	}
	list, _ := f.svc.ListDevices(f.ctx, admin)
	if len(list.Pending) != 1 || !*list.Pending[0].IsRepair || *list.Pending[0].Silent {
		t.Fatalf("pending = %+v", list.Pending)
	}
	if _, err := f.svc.ApproveDevice(f.ctx, Caller{Scopes: []string{ScopePairing, scopeWrite}}, req.RequestID); err == nil ||
		err.Error() != "INVALID_REQUEST: missing scope: operator.admin" {
		t.Fatalf("approval by a non-admin = %v", err)
	}
	if _, err := f.svc.ApproveDevice(f.ctx, admin, req.RequestID); err != nil {
		t.Fatal(err)
	}
	if adm, req := f.connect(d, "operator", []string{"operator.admin"}, local); req != nil || !slices.Contains(adm.Token.Scopes, scopeAdmin) {
		t.Fatalf("after approval: %+v %+v", adm, req)
	}
}

func TestRoleUpgradeAndPinnedMetadata(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	f.pair(d, "operator", "operator.read")
	adm, req := f.connect(d, "node", nil, local)
	if req != nil || adm.Token == nil || adm.Token.Role != "node" {
		t.Fatalf("local role upgrade: %+v %+v", adm, req)
	}
	var dev *store.Device
	_ = f.store.View(f.ctx, func(tx *store.Tx) (err error) { dev, err = tx.Device(d.id); return })
	if !reflect.DeepEqual(approvedRoles(dev), []string{"operator", "node"}) || dev.Tokens["operator"].Token == "" {
		t.Fatalf("after role upgrade: roles %v tokens %v", approvedRoles(dev), dev.Tokens)
	}

	in := ConnectInput{Device: d.verified(), Role: "operator", ClientID: "cli", ClientMode: "cli", Platform: "LINUX ",
		Silent: SilentInput{Locality: LocalityDirect, Role: "operator"}}
	adm, req, _ = f.svc.Connect(f.ctx, in)
	if req != nil || adm.Platform != "linux" {
		t.Fatalf("same platform in other case: %+v %+v", adm, req)
	}
	in.Platform = "darwin"
	_, req, _ = f.svc.Connect(f.ctx, in)
	if req == nil || req.Reason != protocol.PairingReasonMetadataUpgrade {
		t.Fatalf("platform change by a cli: %+v", req)
	}

	app := newDevice(t)
	in = ConnectInput{Device: app.verified(), Role: "operator", ClientID: "openclaw-macos", ClientMode: "ui",
		Platform: "macos 15.1", Silent: SilentInput{Locality: LocalityDirect, Role: "operator", Class: ClassOf("openclaw-macos", "ui")}}
	if _, req, _ = f.svc.Connect(f.ctx, in); req != nil {
		t.Fatalf("pairing the app: %+v", req)
	}
	in.Platform = "macos 16.0"
	adm, req, _ = f.svc.Connect(f.ctx, in)
	if req != nil || adm.Platform != "macos 16.0" {
		t.Fatalf("platform change by the native app on loopback: %+v %+v", adm, req)
	}
}

func TestPendingRefreshSupersedeAndExpiry(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	_, first := f.connect(d, "operator", []string{"operator.read"}, remote)
	f.hub.take()
	f.clock.advance(4 * time.Minute)
	_, second := f.connect(d, "operator", []string{"operator.read"}, remote)
	if second.RequestID != first.RequestID || len(f.hub.take()) != 0 {
		t.Fatalf("a repeated connect did not refresh the request quietly: %s vs %s", first.RequestID, second.RequestID)
	}
	f.clock.advance(4 * time.Minute) // 8 min after creation, 4 after the refresh
	list, _ := f.svc.ListDevices(f.ctx, admin)
	if len(list.Pending) != 1 || list.Pending[0].Ts != f.clock.now().Add(-4*time.Minute).UnixMilli() {
		t.Fatalf("refresh did not extend the time to live: %+v", list.Pending)
	}

	_, third := f.connect(d, "operator", []string{"operator.write"}, remote)
	if third.RequestID == first.RequestID || len(f.hub.take()) != 1 {
		t.Fatal("a different request did not supersede the pending one")
	}
	list, _ = f.svc.ListDevices(f.ctx, admin)
	if len(list.Pending) != 1 || !reflect.DeepEqual(list.Pending[0].Scopes, []string{"operator.read", "operator.write"}) {
		t.Fatalf("superseding request = %+v", list.Pending)
	}
	if _, err := f.svc.ApproveDevice(f.ctx, admin, first.RequestID); err == nil || err.Error() != "INVALID_REQUEST: unknown requestId" {
		t.Fatalf("approving a superseded request = %v", err)
	}

	f.clock.advance(5*time.Minute + time.Millisecond)
	list, _ = f.svc.ListDevices(f.ctx, admin)
	if len(list.Pending) != 0 {
		t.Fatalf("an expired request is still listed: %+v", list.Pending)
	}
	if _, err := f.svc.ApproveDevice(f.ctx, admin, third.RequestID); err == nil {
		t.Fatal("an expired request was approved")
	}
}

func TestApprovalNeverGrantsMoreThanTheApprover(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	_, req := f.connect(d, "operator", []string{"operator.admin"}, remote)
	pairingOnly := Caller{Scopes: []string{ScopePairing}}
	if _, err := f.svc.ApproveDevice(f.ctx, pairingOnly, req.RequestID); err == nil ||
		err.Error() != "INVALID_REQUEST: missing scope: operator.admin" {
		t.Fatalf("approval beyond the approver's scopes = %v", err)
	}
	writer := Caller{Scopes: []string{ScopePairing, scopeWrite}}
	_, req2 := f.connect(newDevice(t), "operator", []string{"operator.read"}, remote)
	v, err := f.svc.ApproveDevice(f.ctx, writer, req2.RequestID)
	if err != nil || !reflect.DeepEqual(v.Tokens[0].Scopes, []string{"operator.read"}) {
		t.Fatalf("approval within scope: %+v %v", v, err)
	}
	evs := f.hub.take()
	last := evs[len(evs)-1]
	if last.Name != protocol.EventDevicePairResolved || last.Payload.(protocol.DevicePairResolvedEvent).Decision != "approved" {
		t.Fatalf("events = %+v", evs)
	}

	mixed := newDevice(t)
	_, req3 := f.connect(mixed, "node", []string{"operator.admin"}, remote)
	if _, err := f.svc.ApproveDevice(f.ctx, admin, req3.RequestID); err == nil ||
		err.Error() != "INVALID_REQUEST: invalid scope for requested roles: operator.admin" {
		t.Fatalf("operator scope on a node request = %v", err)
	}
}

func TestRejectAndRemove(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	_, req := f.connect(d, "operator", nil, remote)
	f.hub.take()
	id, err := f.svc.RejectDevice(f.ctx, admin, req.RequestID)
	if err != nil || id != d.id {
		t.Fatalf("reject = %q %v", id, err)
	}
	evs := f.hub.take()
	if len(evs) != 1 || evs[0].Payload.(protocol.DevicePairResolvedEvent).Decision != "rejected" {
		t.Fatalf("events = %+v", evs)
	}
	if _, err := f.svc.RejectDevice(f.ctx, admin, req.RequestID); err == nil || err.Error() != "INVALID_REQUEST: unknown requestId" {
		t.Fatalf("second reject = %v", err)
	}
	f.pair(d, "operator", "operator.read")
	if err := f.svc.RemoveDevice(f.ctx, admin, d.id); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RemoveDevice(f.ctx, admin, d.id); err == nil || err.Error() != "INVALID_REQUEST: unknown deviceId" {
		t.Fatalf("second remove = %v", err)
	}
	if _, req := f.connect(d, "operator", nil, remote); req == nil || req.Reason != protocol.PairingReasonNotPaired {
		t.Fatalf("a removed device connected: %+v", req)
	}
}

func TestSkipPairingForLocalBackend(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	in := ConnectInput{Device: d.verified(), Role: "operator", Scopes: []string{"operator.admin"}, ClientID: "gateway-client",
		ClientMode: "backend", SkipPairing: true, Silent: SilentInput{Locality: LocalityDirect}}
	adm, req, err := f.svc.Connect(f.ctx, in)
	if err != nil || req != nil || adm.Paired || adm.Token != nil {
		t.Fatalf("backend helper: %+v %+v %v", adm, req, err)
	}
	list, _ := f.svc.ListDevices(f.ctx, admin)
	if len(list.Pending)+len(list.Paired) != 0 {
		t.Fatal("the backend helper left pairing state behind")
	}
}
