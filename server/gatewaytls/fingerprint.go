package gatewaytls

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Fingerprint returns the SHA-256 fingerprint of a DER certificate in the
// form OpenClaw prints and compares: 64 lower-case hex digits, without
// colons.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// NormalizeFingerprint brings a fingerprint written any usual way (upper
// case, colons, a "sha256:" or "SHA-256 " prefix, as openssl and
// OpenClaw print them) to Fingerprint's form, as OpenClaw normalizes a
// pinned fingerprint. It returns "" when the result is not 64 hex digits.
func NormalizeFingerprint(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"sha-256", "sha256"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = strings.TrimLeft(rest, " \t:")
			break
		}
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'f':
			b.WriteRune(r)
		case r == ':' || r == ' ':
		default:
			return ""
		}
	}
	if b.Len() != 2*sha256.Size {
		return ""
	}
	return b.String()
}
