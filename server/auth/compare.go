package auth

import (
	"crypto/sha256"
	"crypto/subtle"
)

// Equal reports whether two secrets are equal in time that depends on
// neither their contents nor their lengths: both are hashed first and the
// digests compared in constant time. An empty secret never matches.
func Equal(provided, expected string) bool {
	a := sha256.Sum256([]byte(provided))
	b := sha256.Sum256([]byte(expected))
	same := subtle.ConstantTimeCompare(a[:], b[:]) == 1
	return same && provided != "" && expected != ""
}
