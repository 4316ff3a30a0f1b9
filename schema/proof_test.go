package schema

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/runtime/deviceauth"
)

// connectFixture holds what a device proof signs in a connect fixture.
type connectFixture struct {
	Method string `json:"method"`
	Params struct {
		Role   *string  `json:"role"`
		Scopes []string `json:"scopes"`
		Client struct {
			ID           string `json:"id"`
			Mode         string `json:"mode"`
			Platform     string `json:"platform"`
			DeviceFamily string `json:"deviceFamily"`
		} `json:"client"`
		Device *struct {
			ID        string `json:"id"`
			PublicKey string `json:"publicKey"`
			Signature string `json:"signature"`
			SignedAt  int64  `json:"signedAt"`
			Nonce     string `json:"nonce"`
		} `json:"device"`
		Auth *struct {
			Token          string `json:"token"`
			DeviceToken    string `json:"deviceToken"`
			BootstrapToken string `json:"bootstrapToken"`
		} `json:"auth"`
	} `json:"params"`
}

// TestConnectFixtureProofsVerify keeps the fixtures' promise at every
// version: every valid connect with a device carries a real proof (the id
// is the key's SHA-256, the signature verifies over the v3 payload, which
// protocol 4 kept), and req-connect-device.json signs the nonce of
// event-connect-challenge.json.
func TestConnectFixtureProofsVerify(t *testing.T) {
	for _, version := range fixtureVersions {
		checkConnectProofs(t, fixtureDir(version, "valid"), readFixtures(t, version, "valid"))
	}
}

func checkConnectProofs(t *testing.T, dir string, valid map[string]fixture) {
	t.Helper()
	proofs := 0
	for name, fx := range valid {
		var c connectFixture
		if err := json.Unmarshal(fx.Frame, &c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if c.Method != "connect" || c.Params.Device == nil {
			continue
		}
		proofs++
		if err := verifyV3Proof(c); err != "" {
			t.Errorf("%s/%s: %s", dir, name, err)
		}
	}
	if proofs == 0 {
		t.Fatalf("%s: no valid connect fixture carries a device proof", dir)
	}
	var challenge struct {
		Payload struct{ Nonce string } `json:"payload"`
	}
	var device connectFixture
	if json.Unmarshal(valid["event-connect-challenge.json"].Frame, &challenge) != nil ||
		json.Unmarshal(valid["req-connect-device.json"].Frame, &device) != nil || device.Params.Device == nil {
		t.Fatalf("%s: event-connect-challenge.json or req-connect-device.json is missing or malformed", dir)
	}
	if challenge.Payload.Nonce != device.Params.Device.Nonce {
		t.Errorf("%s: req-connect-device.json signs nonce %q, the challenge fixture carries %q", dir, device.Params.Device.Nonce, challenge.Payload.Nonce)
	}
}

// verifyV3Proof checks a fixture's device proof and says what is wrong.
func verifyV3Proof(c connectFixture) string {
	d := c.Params.Device
	key, err := base64.RawURLEncoding.DecodeString(d.PublicKey)
	if err != nil || len(key) != ed25519.PublicKeySize {
		return "publicKey is not a base64url Ed25519 key"
	}
	if deviceauth.DeviceID(key) != d.ID {
		return "device id is not the hex SHA-256 of the public key"
	}
	sig, err := base64.RawURLEncoding.DecodeString(d.Signature)
	if err != nil {
		return "signature is not base64url"
	}
	if v3 := signedPayload(c).V3(); !ed25519.Verify(key, []byte(v3), sig) {
		return "signature does not verify over the v3 payload " + v3
	}
	return ""
}

// signedPayload returns the fields a fixture's device proof signs.
func signedPayload(c connectFixture) deviceauth.Payload {
	p := c.Params
	role := "operator"
	if p.Role != nil {
		role = *p.Role
	}
	token := ""
	if p.Auth != nil {
		for _, t := range []string{p.Auth.Token, p.Auth.DeviceToken, p.Auth.BootstrapToken} {
			if t != "" {
				token = t
				break
			}
		}
	}
	return deviceauth.Payload{
		DeviceID: p.Device.ID, ClientID: p.Client.ID, ClientMode: p.Client.Mode, Role: role, Scopes: p.Scopes,
		SignedAtMs: p.Device.SignedAt, Token: token, Nonce: p.Device.Nonce,
		Platform: p.Client.Platform, DeviceFamily: p.Client.DeviceFamily,
	}
}
