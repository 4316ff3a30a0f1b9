package deviceauth

import (
	"cmp"
	"crypto/ed25519"
	"encoding/base64"
	"strconv"
	"strings"
)

// Payload holds the fields a device signs when it connects.
type Payload struct {
	DeviceID   string
	ClientID   string
	ClientMode string
	// Role is the connect role ("operator" when the request omits it).
	Role string
	// Scopes are the requested scopes exactly as sent, in order.
	Scopes []string
	// SignedAtMs is device.signedAt.
	SignedAtMs int64
	// Token is the first non-empty of auth.token, auth.deviceToken and
	// auth.bootstrapToken (the password never takes part).
	Token string
	// Nonce is the connect.challenge nonce of the socket.
	Nonce string
	// Platform and DeviceFamily are client.platform and
	// client.deviceFamily as sent; V3 normalizes them.
	Platform     string
	DeviceFamily string
}

// SignedToken returns the token a device proof signs: the first non-empty
// of the connect request's auth.token, auth.deviceToken and
// auth.bootstrapToken (the password never takes part).
func SignedToken(token, deviceToken, bootstrapToken string) string {
	return cmp.Or(token, deviceToken, bootstrapToken)
}

// V3 returns the preferred (v3) signed payload string.
func (p Payload) V3() string {
	return strings.Join([]string{
		"v3", p.DeviceID, p.ClientID, p.ClientMode, p.Role, strings.Join(p.Scopes, ","),
		strconv.FormatInt(p.SignedAtMs, 10), p.Token, p.Nonce,
		NormalizeMetadata(p.Platform), NormalizeMetadata(p.DeviceFamily),
	}, "|")
}

// V2 returns the legacy (v2) signed payload string.
func (p Payload) V2() string {
	return strings.Join([]string{
		"v2", p.DeviceID, p.ClientID, p.ClientMode, p.Role, strings.Join(p.Scopes, ","),
		strconv.FormatInt(p.SignedAtMs, 10), p.Token, p.Nonce,
	}, "|")
}

// NormalizeMetadata trims s and lowercases ASCII letters only, as the v3
// payload requires for platform and device family.
func NormalizeMetadata(s string) string {
	s = strings.TrimSpace(s)
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// Sign signs the v3 payload and returns the wire form of the signature
// (base64url without padding).
func Sign(priv ed25519.PrivateKey, p Payload) string {
	return base64.RawURLEncoding.EncodeToString(ed25519.Sign(priv, []byte(p.V3())))
}

// Verify checks a signature against the v3 payload, then the v2 one, and
// returns which matched ("v3" or "v2"), or "" when neither did.
func Verify(pub ed25519.PublicKey, p Payload, signature string) string {
	sig, err := decodeBase64(signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return ""
	}
	switch {
	case ed25519.Verify(pub, []byte(p.V3()), sig):
		return "v3"
	case ed25519.Verify(pub, []byte(p.V2()), sig):
		return "v2"
	}
	return ""
}
