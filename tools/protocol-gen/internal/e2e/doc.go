// Package e2e tests the generated protocol package (gen/go/protocol)
// against the schema's fixtures and over a real WebSocket: the frame
// fixtures round-trip through the generated types, and the generated
// Client calls the generated dispatch table on loopback. It has no
// non-test code.
package e2e
