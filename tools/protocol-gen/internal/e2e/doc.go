// Package e2e tests generated code: the protocol package (gen/go/protocol)
// against the schema's fixtures and over a real WebSocket — the frame
// fixtures round-trip through the generated types, and the generated
// Client calls the generated dispatch table on loopback — and the golden
// packages for the behaviour of nullable members, open objects, unions and
// recursion. Apart from this package comment it holds only tests.
package e2e
