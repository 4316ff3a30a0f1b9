// Package gatewire is the Go client of a gatewire or OpenClaw gateway
// (protocols 3 and 4).
//
// Dial opens one connection: it waits for the gateway's connect challenge,
// sends connect (protocols 3..4, the client's identity, role, scopes and
// credentials, and a signed device proof when a device identity is
// configured) and returns once the gateway answered hello-ok. The gateway
// picks the version (Conn.Protocol): 4 from gatewire and OpenClaw 2026.9,
// 3 from OpenClaw 2026.5. A gateway that refuses the offered range as a
// protocol mismatch naming the other version gets one more connect
// offering exactly that version. A Conn
// implements rpc.Caller, so generated typed clients run on it; it
// delivers events with a sequence-gap callback and watches the gateway's
// ticks, closing a silent connection with 4000 "tick timeout".
//
// # Scopes
//
// The gateway, not the client, decides the scopes: a paired device gets
// its approved scopes, the gateway's own local backend keeps what it asks
// for, and any other client without a device identity gets none. When
// the gateway grants fewer scopes than Options.Scopes asks for, Dial
// closes the connection and returns a *ScopesError naming the missing
// ones, so that a program does not find out later through calls failing
// with "missing scope". A program that can work with fewer scopes sets
// Options.AllowFewerScopes and reads Conn.Scopes or Conn.HasScope.
//
// # Client
//
// A Client keeps a connection up for long-lived programs: Run redials
// with exponential backoff (1 s doubling to 30 s, each wait randomized by
// ±20%) and runs the handshake again after every disconnect; after a
// shutdown event that announced restartExpectedMs it waits that long
// (plus up to 20%) instead. Close stops it: no more redials, the
// connection closed, Run returned; it is idempotent.
//
// Calls on a Client wait for a connection before the first one and after
// a disconnect, up to their context's deadline (or Options.RequestTimeout);
// once a redial has failed they fail at once until the next dial starts,
// unless ClientOptions.WaitForConnection is set. Either way a call made
// without a connection fails with a *NotConnectedError: errors.Is(err,
// ErrNotConnected) is true, and errors.As finds the last failure in it
// (a *ClosedError, *UpgradeError, *ConnectError or *ScopesError).
//
// Client.Subscribe returns a Subscription that receives the events of
// every connection in turn and lasts across reconnects; Conn.Subscribe's
// ends with its connection. A sequence gap within a connection is
// reported to Options.OnGap; each connection starts a new sequence.
//
// # Node
//
// A Node is a program's side as a node: NewNode, Handle for each command
// (HandlerFunc decodes typed params), then Run. It connects as role node
// through a Client (so it redials with the same backoff), declares the
// registered commands on every connect, answers each node.invoke.request
// with node.invoke.result (the handler's result as payloadJSON, its
// error as {code, message}; an *InvokeError sets the code), runs at most
// NodeOptions.MaxConcurrentInvokes handlers at once, hands the gateway's
// pending work (node.pending.drain) to NodeOptions.OnPending after each
// connect, and sends node.event with SendEvent. clients/nodehost, the
// headless node host, is built on it.
//
// A Device holds the persisted Ed25519 identity of a state directory
// (identity/device.json) and the device tokens gateways issued to it
// (identity/device-auth.json); both files are private (mode 0600).
package gatewire
