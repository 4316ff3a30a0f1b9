package deviceauth

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"strings"
)

// ErrPublicKeyInvalid is returned for a public key that cannot be decoded
// into a 32-byte Ed25519 key.
var ErrPublicKeyInvalid = errors.New("device public key invalid")

// DeviceID returns the device id of a public key: the lowercase hex
// SHA-256 of the raw 32-byte key.
func DeviceID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:])
}

// EncodePublicKey returns the wire form of a public key: base64url
// without padding of the raw key.
func EncodePublicKey(pub ed25519.PublicKey) string {
	return base64.RawURLEncoding.EncodeToString(pub)
}

// ParsePublicKey decodes a public key as clients send it: base64url of
// the raw key (the canonical form), standard base64, either with or
// without padding, the base64 of an SPKI DER, or an SPKI PEM.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	var der []byte
	if strings.Contains(s, "BEGIN") {
		block, _ := pem.Decode([]byte(s))
		if block == nil {
			return nil, ErrPublicKeyInvalid
		}
		der = block.Bytes
	} else {
		b, err := decodeBase64(s)
		if err != nil {
			return nil, ErrPublicKeyInvalid
		}
		der = b
	}
	if len(der) == ed25519.PublicKeySize {
		return ed25519.PublicKey(der), nil
	}
	key, err := x509.ParsePKIXPublicKey(der)
	if pub, ok := key.(ed25519.PublicKey); err == nil && ok {
		return pub, nil
	}
	return nil, ErrPublicKeyInvalid
}

// urlToStdAlphabet maps the base64url alphabet onto the standard one.
var urlToStdAlphabet = strings.NewReplacer("-", "+", "_", "/")

// decodeBase64 decodes base64url or standard base64, padded or not.
func decodeBase64(s string) ([]byte, error) {
	s = urlToStdAlphabet.Replace(strings.TrimRight(strings.TrimSpace(s), "="))
	return base64.RawStdEncoding.DecodeString(s)
}
