// Package pairing owns device identity and pairing: it verifies a
// connect's device proof (Ed25519 over the v3 or v2 payload, bound to the
// socket's challenge nonce), decides whether a device may connect with the
// role and scopes it asks for or must be (re)approved, keeps pending
// requests with their time-to-live, issues, verifies, rotates and revokes
// device tokens, reconciles node pairing, and serves the device.* and
// node.pair.* methods with their events.
//
// Device pairing and node pairing are one mechanism (requests.go): a
// pending request of a store.Kind, refreshed or superseded by repeated
// asks, expiring after PendingTTL, and settled by approve (which writes
// the paired record) or reject. A node's request is keyed by its node id,
// which is its device id when it has one, so protocol v4's "declared
// commands pending on the device record" is the node kind beside the
// device's own record.
//
// Scopes a connection holds always come from here — from what an operator
// approved — never from what a client declared; an approval never grants
// more than the approver holds and a rotation never widens a device's
// approved baseline.
package pairing
