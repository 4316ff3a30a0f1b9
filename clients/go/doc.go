// Package gatewire is the Go client of a gatewire (OpenClaw protocol v3)
// gateway.
//
// Dial opens one connection: it waits for the gateway's connect challenge,
// sends connect (protocol 3, the client's identity, role, scopes and
// credentials, and a signed device proof when a device identity is
// configured) and returns once the gateway answered hello-ok. A Conn
// implements rpc.Caller, so generated typed clients run on it; it
// delivers events with a sequence-gap callback and watches the gateway's
// ticks, closing a silent connection with 4000 "tick timeout".
//
// A Client keeps a connection up for long-lived programs: it redials
// with exponential backoff (1 s doubling to 30 s) and runs the handshake
// again after every disconnect.
//
// A Device holds the persisted Ed25519 identity of a state directory
// (identity/device.json) and the device tokens gateways issued to it
// (identity/device-auth.json); both files are private (mode 0600).
package gatewire
