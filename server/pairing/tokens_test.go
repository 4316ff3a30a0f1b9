package pairing

import (
	"reflect"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/store"
)

func (f *fixture) device(id string) *store.Device {
	f.t.Helper()
	var d *store.Device
	if err := f.store.View(f.ctx, func(tx *store.Tx) (err error) { d, err = tx.Device(id); return }); err != nil {
		f.t.Fatal(err)
	}
	return d
}

func TestDeviceTokenVerification(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	tok := f.pair(d, "operator", "operator.write")
	cases := []struct {
		name, role, token string
		scopes            []string
		want              string
	}{
		{"good", "operator", tok.Token, []string{"operator.read"}, TokenOK},
		{"wrong token", "operator", tok.Token + "x", nil, TokenMismatch},
		{"empty token", "operator", "", nil, TokenMismatch},
		{"no token for role", "node", tok.Token, nil, TokenMissing},
		{"asks beyond the token", "operator", tok.Token, []string{"operator.admin"}, TokenScopeMismatch},
	}
	for _, c := range cases {
		got, err := f.svc.VerifyToken(f.ctx, d.id, c.role, c.token, c.scopes)
		if err != nil || got != c.want {
			t.Errorf("%s: VerifyToken = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if got, _ := f.svc.VerifyToken(f.ctx, newDevice(t).id, "operator", tok.Token, nil); got != TokenDeviceUnknown {
		t.Fatalf("unknown device: %q", got)
	}
	f.clock.advance(time.Minute)
	_, _ = f.svc.VerifyToken(f.ctx, d.id, "operator", tok.Token, nil)
	if used := f.device(d.id).Tokens["operator"].LastUsedAtMs; used != f.clock.now().UnixMilli() {
		t.Fatalf("lastUsedAtMs = %d, want %d", used, f.clock.now().UnixMilli())
	}
}

func TestRotationStaysInsideTheBaseline(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	old := f.pair(d, "operator", "operator.write")
	f.clock.advance(time.Minute)

	if _, err := f.svc.RotateToken(f.ctx, admin, d.id, "operator", []string{"operator.admin"}); err == nil ||
		err.Error() != "INVALID_REQUEST: device token rotation denied" {
		t.Fatalf("rotation adding admin = %v", err)
	}
	weak := Caller{Scopes: []string{ScopePairing, scopeRead}}
	if _, err := f.svc.RotateToken(f.ctx, weak, d.id, "operator", []string{"operator.read"}); err == nil {
		t.Fatal("a caller without the token's scopes narrowed it")
	}
	if _, err := f.svc.RotateToken(f.ctx, admin, d.id, "node", nil); err == nil {
		t.Fatal("rotation of a role the device was never approved for")
	}

	res, err := f.svc.RotateToken(f.ctx, admin, d.id, "operator", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Token != nil || !reflect.DeepEqual(res.Scopes, []string{"operator.read", "operator.write"}) ||
		res.RotatedAtMs != f.clock.now().UnixMilli() {
		t.Fatalf("rotation by another caller = %+v", res)
	}
	now := f.device(d.id).Tokens["operator"]
	if now.Token == old.Token || now.CreatedAtMs != old.CreatedAtMs || now.RotatedAtMs == 0 {
		t.Fatalf("rotated token %+v (old %+v)", now, old)
	}
	if got, _ := f.svc.VerifyToken(f.ctx, d.id, "operator", old.Token, nil); got != TokenMismatch {
		t.Fatalf("the old token still verifies: %q", got)
	}

	self := Caller{DeviceID: d.id, Scopes: []string{ScopePairing, scopeWrite}}
	res, err = f.svc.RotateToken(f.ctx, self, d.id, "operator", []string{"operator.read"})
	if err != nil || res.Token == nil || *res.Token != f.device(d.id).Tokens["operator"].Token {
		t.Fatalf("self rotation = %+v, %v", res, err)
	}
	other := newDevice(t)
	f.pair(other, "operator", "operator.read")
	if _, err := f.svc.RotateToken(f.ctx, self, other.id, "operator", nil); err == nil {
		t.Fatal("a device-token caller rotated another device's token")
	}
}

func TestRevocation(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	tok := f.pair(d, "operator", "operator.admin")
	if _, err := f.svc.RevokeToken(f.ctx, Caller{Scopes: []string{ScopePairing}}, d.id, "operator"); err == nil ||
		err.Error() != "INVALID_REQUEST: device token revocation denied" {
		t.Fatalf("revocation by a caller without the token's scopes = %v", err)
	}
	at, err := f.svc.RevokeToken(f.ctx, admin, d.id, "operator")
	if err != nil || at != f.clock.now().UnixMilli() {
		t.Fatalf("revoke = %d, %v", at, err)
	}
	if got, _ := f.svc.VerifyToken(f.ctx, d.id, "operator", tok.Token, nil); got != TokenRevoked {
		t.Fatalf("revoked token: %q", got)
	}
	if _, req := f.connect(d, "operator", []string{"operator.admin"}, remote); req == nil || req.Reason != protocol.PairingReasonRoleUpgrade {
		t.Fatalf("a revoked device connecting remotely: %+v", req)
	}
	if _, err := f.svc.RevokeToken(f.ctx, admin, d.id, "node"); err == nil {
		t.Fatal("revoked a token that does not exist")
	}
}

func TestDeviceTokenCallersManageOnlyTheirOwnDevice(t *testing.T) {
	f := newFixture(t)
	mine, theirs := newDevice(t), newDevice(t)
	f.pair(mine, "operator", "operator.pairing")
	f.pair(theirs, "operator", "operator.read")
	_, myReq := f.connect(mine, "operator", []string{"operator.admin"}, remote)
	_, theirReq := f.connect(theirs, "operator", []string{"operator.admin"}, remote)
	self := Caller{DeviceID: mine.id, Scopes: []string{ScopePairing}}

	list, err := f.svc.ListDevices(f.ctx, self)
	if err != nil || len(list.Paired) != 1 || list.Paired[0].DeviceID != mine.id || len(list.Pending) != 1 || list.Pending[0].RequestID != myReq.RequestID {
		t.Fatalf("restricted list = %+v, %v", list, err)
	}
	if _, err := f.svc.ApproveDevice(f.ctx, self, theirReq.RequestID); err == nil || err.Error() != "INVALID_REQUEST: device pairing approval denied" {
		t.Fatalf("approving another device's request = %v", err)
	}
	if _, err := f.svc.RejectDevice(f.ctx, self, theirReq.RequestID); err == nil || err.Error() != "INVALID_REQUEST: device pairing rejection denied" {
		t.Fatalf("rejecting another device's request = %v", err)
	}
	if err := f.svc.RemoveDevice(f.ctx, self, theirs.id); err == nil || err.Error() != "INVALID_REQUEST: device pairing removal denied" {
		t.Fatalf("removing another device = %v", err)
	}
	if _, err := f.svc.ApproveDevice(f.ctx, self, myReq.RequestID); err == nil || err.Error() != "INVALID_REQUEST: missing scope: operator.admin" {
		t.Fatalf("self-approving an escalation = %v", err)
	}
	full, _ := f.svc.ListDevices(f.ctx, Caller{DeviceID: mine.id, Scopes: []string{scopeAdmin}})
	if len(full.Paired) != 2 {
		t.Fatalf("an admin device-token caller sees %d devices", len(full.Paired))
	}
}

func TestTokenReuseAndReissue(t *testing.T) {
	f := newFixture(t)
	d := newDevice(t)
	first := f.pair(d, "operator", "operator.read")
	f.clock.advance(time.Minute)
	adm, _ := f.connect(d, "operator", nil, local)
	if adm.Token.Token != first.Token {
		t.Fatal("a connect without scopes did not reuse the token")
	}
	if _, err := f.svc.RevokeToken(f.ctx, admin, d.id, "operator"); err != nil {
		t.Fatal(err)
	}
	adm, req := f.connect(d, "operator", []string{"operator.read"}, local)
	if req != nil || adm.Token.Token == first.Token || adm.Token.RevokedAtMs != 0 || adm.Token.CreatedAtMs != first.CreatedAtMs {
		t.Fatalf("re-pairing after revocation: %+v %+v", adm, req)
	}
}
