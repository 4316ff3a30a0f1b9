// Package admission decides about a WebSocket upgrade before it is
// accepted: who the client is (its address, taken from forwarded headers
// only when the socket peer is a configured trusted proxy, IPv4-mapped
// addresses unmapped), whether the connection is direct local (a loopback
// peer without any proxy header), and whether a browser Origin is allowed
// (a refused origin gets HTTP 403 before the upgrade). The decision is
// made once, here, and carried to the handshake in engine.Admission.Data.
package admission
