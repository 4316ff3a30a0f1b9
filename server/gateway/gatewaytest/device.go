package gatewaytest

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/testclient"
	"github.com/gatewire/gatewire/runtime/deviceauth"
)

// NewDevice returns a fresh device identity.
func NewDevice(t testing.TB) *deviceauth.Identity { return testclient.NewDevice(t) }

// Sign adds a device proof for this socket's challenge to p: the v3
// payload signed with id's key now.
func (c *Client) Sign(p *protocol.ConnectParams, id *deviceauth.Identity) {
	role := string(protocol.RoleOperator)
	if p.Role != nil {
		role = *p.Role
	}
	proof := c.Proof(id, deviceauth.Payload{
		ClientID: string(p.Client.ID), ClientMode: string(p.Client.Mode), Role: role, Scopes: p.Scopes,
		Token: signedToken(p.Auth), Platform: p.Client.Platform, DeviceFamily: deref(p.Client.DeviceFamily),
	})
	p.Device = &protocol.DeviceProof{ID: proof.ID, PublicKey: proof.PublicKey, Signature: proof.Signature,
		SignedAt: proof.SignedAt, Nonce: proof.Nonce}
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
