// Package gatewaytls holds the gateway's TLS material: where the
// certificate and key of gateway.tls live (Resolve), the self-signed pair
// autoGenerate makes and keeps in the state directory (Generate), reading
// and checking a pair and its chain (Load), the SHA-256 fingerprint
// clients pin (Fingerprint), and a Source that serves the current
// certificate to crypto/tls and reads the files again when they change on
// disk. Doctor-style checks call Resolve and Load and read the Material.
package gatewaytls
