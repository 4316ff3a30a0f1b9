package schema

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
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

// TestConnectFixtureProofsVerify keeps the fixtures' promise: every valid
// connect with a device carries a real proof (the id is the key's SHA-256,
// the signature verifies over the v3 payload), and req-connect-device.json
// signs the nonce of event-connect-challenge.json.
func TestConnectFixtureProofsVerify(t *testing.T) {
	valid := readFixtures(t, "valid")
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
			t.Errorf("valid/%s: %s", name, err)
		}
	}
	if proofs == 0 {
		t.Fatal("no valid connect fixture carries a device proof")
	}
	var challenge struct {
		Payload struct{ Nonce string } `json:"payload"`
	}
	var device connectFixture
	if json.Unmarshal(valid["event-connect-challenge.json"].Frame, &challenge) != nil ||
		json.Unmarshal(valid["req-connect-device.json"].Frame, &device) != nil || device.Params.Device == nil {
		t.Fatal("event-connect-challenge.json or req-connect-device.json is missing or malformed")
	}
	if challenge.Payload.Nonce != device.Params.Device.Nonce {
		t.Errorf("req-connect-device.json signs nonce %q, the challenge fixture carries %q", device.Params.Device.Nonce, challenge.Payload.Nonce)
	}
}

// verifyV3Proof checks a fixture's device proof and says what is wrong.
func verifyV3Proof(c connectFixture) string {
	d := c.Params.Device
	key, err := base64.RawURLEncoding.DecodeString(d.PublicKey)
	if err != nil || len(key) != ed25519.PublicKeySize {
		return "publicKey is not a base64url Ed25519 key"
	}
	if sum := sha256.Sum256(key); hex.EncodeToString(sum[:]) != d.ID {
		return "device id is not the hex SHA-256 of the public key"
	}
	sig, err := base64.RawURLEncoding.DecodeString(d.Signature)
	if err != nil {
		return "signature is not base64url"
	}
	if !ed25519.Verify(key, []byte(v3Payload(c)), sig) {
		return "signature does not verify over the v3 payload " + v3Payload(c)
	}
	return ""
}

// v3Payload is the text a v3 device proof signs.
func v3Payload(c connectFixture) string {
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
	return strings.Join([]string{"v3", p.Device.ID, p.Client.ID, p.Client.Mode, role, strings.Join(p.Scopes, ","),
		strconv.FormatInt(p.Device.SignedAt, 10), token, p.Device.Nonce,
		asciiLower(strings.TrimSpace(p.Client.Platform)), asciiLower(strings.TrimSpace(p.Client.DeviceFamily))}, "|")
}

// asciiLower lowers A–Z only, as the v3 payload does.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}
