package testclient

import (
	"testing"
	"time"

	"github.com/gatewire/gatewire/runtime/deviceauth"
)

// DeviceProof is the connect params' device member.
type DeviceProof struct {
	ID        string `json:"id"`
	PublicKey string `json:"publicKey"`
	Signature string `json:"signature"`
	SignedAt  int64  `json:"signedAt"`
	Nonce     string `json:"nonce"`
}

// NewDevice returns a fresh device identity.
func NewDevice(t testing.TB) *deviceauth.Identity {
	t.Helper()
	id, err := deviceauth.NewIdentity(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Proof signs p (the v3 payload: client, role, scopes, token, platform…)
// with id's key for this socket's challenge, now; p's DeviceID, Nonce and
// SignedAtMs are set here.
func (c *Client) Proof(id *deviceauth.Identity, p deviceauth.Payload) *DeviceProof {
	p.DeviceID, p.Nonce, p.SignedAtMs = id.DeviceID, c.Nonce, time.Now().UnixMilli()
	return &DeviceProof{
		ID: id.DeviceID, PublicKey: deviceauth.EncodePublicKey(id.PublicKey),
		Signature: deviceauth.Sign(id.PrivateKey, p), SignedAt: p.SignedAtMs, Nonce: c.Nonce,
	}
}
