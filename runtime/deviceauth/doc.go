// Package deviceauth is the protocol's device identity codec, shared by the
// gateway (which verifies) and clients (which sign): Ed25519 keys and their
// wire encodings, the device id derived from a key, the exact v3 and v2
// signed payloads of a connect request, and the identity file both sides
// persist.
package deviceauth
