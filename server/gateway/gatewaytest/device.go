package gatewaytest

import (
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
)

// NewDevice returns a fresh device identity.
func NewDevice(t testing.TB) *deviceauth.Identity {
	t.Helper()
	id, err := deviceauth.NewIdentity(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Sign adds a device proof for this socket's challenge to p: the v3
// payload signed with id's key now.
func (c *Client) Sign(p *protocol.ConnectParams, id *deviceauth.Identity) {
	role := string(protocol.RoleOperator)
	if p.Role != nil {
		role = *p.Role
	}
	payload := deviceauth.Payload{
		DeviceID: id.DeviceID, ClientID: string(p.Client.ID), ClientMode: string(p.Client.Mode), Role: role,
		Scopes: p.Scopes, SignedAtMs: time.Now().UnixMilli(), Token: signedToken(p.Auth), Nonce: c.Challenge.Nonce,
		Platform: p.Client.Platform, DeviceFamily: deref(p.Client.DeviceFamily),
	}
	p.Device = &protocol.DeviceProof{
		ID: id.DeviceID, PublicKey: deviceauth.EncodePublicKey(id.PublicKey),
		Signature: deviceauth.Sign(id.PrivateKey, payload), SignedAt: payload.SignedAtMs, Nonce: c.Challenge.Nonce,
	}
}

// signedToken is the token a device proof signs: the first non-empty of
// auth.token, auth.deviceToken and auth.bootstrapToken.
func signedToken(a *protocol.ConnectAuth) string {
	if a == nil {
		return ""
	}
	return deviceauth.SignedToken(deref(a.Token), deref(a.DeviceToken), deref(a.BootstrapToken))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
