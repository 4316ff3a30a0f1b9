package handshake

import (
	"crypto/ed25519"
	"encoding/json"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/runtime/wire"
)

// params builds connect params for a client.
func params(clientID, mode, role string, scopes []string) *protocol.ConnectParams {
	return &protocol.ConnectParams{
		MinProtocol: 3, MaxProtocol: 3, Role: &role, Scopes: scopes,
		Client: protocol.ClientInfo{ID: protocol.ClientId(clientID), Version: "1.0.0", Platform: "linux", Mode: protocol.ClientMode(mode)},
	}
}

func withToken(p *protocol.ConnectParams, token string) *protocol.ConnectParams {
	if p.Auth == nil {
		p.Auth = &protocol.ConnectAuth{}
	}
	p.Auth.Token = &token
	return p
}

func withDeviceToken(p *protocol.ConnectParams, token string) *protocol.ConnectParams {
	if p.Auth == nil {
		p.Auth = &protocol.ConnectAuth{}
	}
	p.Auth.DeviceToken = &token
	return p
}

// testDevice is a client device identity.
type testDevice struct {
	priv ed25519.PrivateKey
	id   string
	pub  string
}

func newTestDevice(t *testing.T) *testDevice {
	t.Helper()
	id, err := deviceauth.NewIdentity(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &testDevice{priv: id.PrivateKey, id: id.DeviceID, pub: deviceauth.EncodePublicKey(id.PublicKey)}
}

// sign adds a device proof over p for nonce, signed at signedAt (the
// params must be complete: role, scopes and auth are signed).
func (d *testDevice) sign(p *protocol.ConnectParams, nonce string, signedAt time.Time) *protocol.ConnectParams {
	token := ""
	if a := p.Auth; a != nil {
		for _, t := range []*string{a.Token, a.DeviceToken, a.BootstrapToken} {
			if t != nil && *t != "" {
				token = *t
				break
			}
		}
	}
	payload := deviceauth.Payload{DeviceID: d.id, ClientID: string(p.Client.ID), ClientMode: string(p.Client.Mode),
		Role: *p.Role, Scopes: p.Scopes, SignedAtMs: signedAt.UnixMilli(), Token: token, Nonce: nonce,
		Platform: p.Client.Platform, DeviceFamily: deref(p.Client.DeviceFamily)}
	p.Device = &protocol.DeviceProof{ID: d.id, PublicKey: d.pub, Signature: deviceauth.Sign(d.priv, payload),
		SignedAt: payload.SignedAtMs, Nonce: nonce}
	return p
}

// details decodes an error's details.
func details(e *wire.Error) map[string]any {
	raw, _ := json.Marshal(e.Details)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return m
}
