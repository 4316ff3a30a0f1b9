// Package cli holds gatewire's client commands: call, health, status,
// presence, logs, devices, nodes, approvals, sessions and gateway status. They call
// methods through the generated typed client (only `call` is generic),
// asking for the least-privilege scopes of the method they call. On the
// gateway's host they use the secret the gateway checks; elsewhere they
// sign in with their own device identity (the identity dir, apart from
// the gateway's state dir). They print tables for people, with control
// characters escaped, or JSON with --json. AddCommands adds them to the
// binary's root command.
package cli
