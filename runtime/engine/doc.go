// Package engine is the gateway's connection engine: it accepts WebSocket
// upgrades, sends the connect challenge, enforces the pre-authentication
// limits and first-frame rules, hands the connect request to the server's
// Handshaker, and afterwards validates, authorizes and dispatches every
// request through an rpc.Registry filled by generated Register functions,
// handing each handler an *rpc.Call. Its Hub is the in-process
// rpc.Publisher: it delivers events along their manifest routes
// (broadcasts with per-connection sequence numbers and scope guards,
// session subscribers, run requesters, one connection or node) through
// bounded per-connection outbound queues. It sends ticks and pings, and
// shuts down gracefully.
//
// The engine is driven entirely by the protocol manifest (rpc.Manifest);
// what a connect request proves, and what handlers do, belongs to the
// server.
package engine
