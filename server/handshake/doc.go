// Package handshake authenticates a connect request: it negotiates the
// protocol version, checks the role and the browser origin, verifies the
// device proof, checks the shared secret or the device token (with
// failed-auth rate limiting), applies the rules for clients without a
// device identity, runs the pairing decision and issues the device token,
// reconciles node pairing, and returns the connection's session and the
// hello-ok auth block — or a refusal with the protocol's exact reply and
// close. Checks run in the protocol's order: the device proof and the role
// are judged before the shared secret.
package handshake
