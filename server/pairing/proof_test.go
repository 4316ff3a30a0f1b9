package pairing

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
)

// signedProof returns a proof by d over ctx, signed at signedAt.
func signedProof(d *device, ctx ProofContext, signedAt time.Time) Proof {
	p := deviceauth.Payload{DeviceID: d.id, ClientID: ctx.ClientID, ClientMode: ctx.ClientMode, Role: ctx.Role,
		Scopes: ctx.Scopes, SignedAtMs: signedAt.UnixMilli(), Token: ctx.Token, Nonce: ctx.ChallengeNonce,
		Platform: ctx.Platform, DeviceFamily: ctx.DeviceFamily}
	return Proof{ID: d.id, PublicKey: d.pub, Signature: deviceauth.Sign(d.priv, p), SignedAt: p.SignedAtMs, Nonce: ctx.ChallengeNonce}
}

func TestVerifyProof(t *testing.T) {
	now := time.UnixMilli(1_763_712_000_000)
	d := newDevice(t)
	other := newDevice(t)
	ctx := ProofContext{ClientID: "cli", ClientMode: "cli", Role: "operator", Scopes: []string{"operator.read"},
		Token: "tok", Platform: "Linux", ChallengeNonce: "nonce-1", Now: now}
	good := signedProof(d, ctx, now)

	if v, f := VerifyProof(good, ctx); f != nil || v.ID != d.id || v.PublicKey != d.pub || v.PayloadVersion != "v3" {
		t.Fatalf("valid proof: %+v %+v", v, f)
	}

	v2 := good
	v2.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(d.priv, []byte(deviceauth.Payload{
		DeviceID: d.id, ClientID: "cli", ClientMode: "cli", Role: "operator", Scopes: ctx.Scopes,
		SignedAtMs: now.UnixMilli(), Token: "tok", Nonce: "nonce-1"}.V2())))
	if v, f := VerifyProof(v2, ctx); f != nil || v.PayloadVersion != "v2" {
		t.Fatalf("v2 proof: %+v %+v", v, f)
	}

	cases := []struct {
		name   string
		edit   func(*Proof, *ProofContext)
		msg    string
		code   protocol.ConnectErrorDetailCode
		reason protocol.DeviceAuthFailureReason
	}{
		{"id of another key", func(p *Proof, _ *ProofContext) { p.ID = other.id },
			"device identity mismatch", "DEVICE_AUTH_DEVICE_ID_MISMATCH", "device-id-mismatch"},
		{"key that is not a key", func(p *Proof, _ *ProofContext) { p.PublicKey = "AAAA" },
			"device identity mismatch", "DEVICE_AUTH_DEVICE_ID_MISMATCH", "device-id-mismatch"},
		{"aged signature", func(p *Proof, _ *ProofContext) { *p = signedProof(d, ctx, now.Add(-121*time.Second)) },
			"device signature expired", "DEVICE_AUTH_SIGNATURE_EXPIRED", "device-signature-stale"},
		{"future signature", func(p *Proof, _ *ProofContext) { *p = signedProof(d, ctx, now.Add(121*time.Second)) },
			"device signature expired", "DEVICE_AUTH_SIGNATURE_EXPIRED", "device-signature-stale"},
		{"blank nonce", func(p *Proof, _ *ProofContext) { p.Nonce = "  " },
			"device nonce required", "DEVICE_AUTH_NONCE_REQUIRED", "device-nonce-missing"},
		{"replayed on another socket", func(_ *Proof, c *ProofContext) { c.ChallengeNonce = "nonce-2" },
			"device nonce mismatch", "DEVICE_AUTH_NONCE_MISMATCH", "device-nonce-mismatch"},
		{"forged signature", func(p *Proof, _ *ProofContext) { p.Signature = signedProof(other, ctx, now).Signature },
			"device signature invalid", "DEVICE_AUTH_SIGNATURE_INVALID", "device-signature"},
		{"escalated scopes after signing", func(_ *Proof, c *ProofContext) { c.Scopes = []string{"operator.admin"} },
			"device signature invalid", "DEVICE_AUTH_SIGNATURE_INVALID", "device-signature"},
		{"other role after signing", func(_ *Proof, c *ProofContext) { c.Role = "node" },
			"device signature invalid", "DEVICE_AUTH_SIGNATURE_INVALID", "device-signature"},
		{"garbage signature", func(p *Proof, _ *ProofContext) { p.Signature = "!!" },
			"device signature invalid", "DEVICE_AUTH_SIGNATURE_INVALID", "device-signature"},
	}
	for _, c := range cases {
		proof, pctx := good, ctx
		c.edit(&proof, &pctx)
		_, f := VerifyProof(proof, pctx)
		if f == nil || f.Message != c.msg || f.Code != c.code || f.Reason != c.reason {
			t.Errorf("%s: failure %+v, want %q %s %s", c.name, f, c.msg, c.code, c.reason)
			continue
		}
		e := f.Reply()
		if e.Code != "INVALID_REQUEST" || e.Message != c.msg {
			t.Errorf("%s: reply %+v", c.name, e)
		}
	}

	der, err := x509.MarshalPKIXPublicKey(d.priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	for name, key := range map[string]string{
		"spki pem":   string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})),
		"std base64": base64.StdEncoding.EncodeToString(d.priv.Public().(ed25519.PublicKey)),
	} {
		p := good
		p.PublicKey = key
		if v, f := VerifyProof(p, ctx); f != nil || v.PublicKey != d.pub {
			t.Errorf("key as %s: %+v %+v; want the canonical key %s, which pairing compares", name, v, f, d.pub)
		}
	}

	edge := signedProof(d, ctx, now.Add(-120*time.Second))
	if _, f := VerifyProof(edge, ctx); f != nil {
		t.Fatalf("a signature exactly 120 s old was refused: %+v", f)
	}
}
