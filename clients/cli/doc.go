// Package cli holds gatewire's client commands: call, health, status,
// presence, logs, devices, nodes and gateway status. They connect to a
// gateway with the state directory's device identity, asking for the
// least-privilege scopes of the method they call, and print tables for
// people or JSON with --json. AddCommands adds them to the binary's root
// command.
package cli
