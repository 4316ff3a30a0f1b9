// Package auth checks the gateway's shared secret (auth modes none, token
// and password), keeps a generation counter that changes whenever the
// configured secret does, builds the protocol's auth failure replies with
// their details and client-specific hints, and rate-limits failed
// authentication attempts per client and credential class.
//
// Every secret comparison in gatewire goes through Equal, which takes the
// same time whatever the inputs.
package auth
