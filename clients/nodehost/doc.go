// Package nodehost is the headless node host, `gatewire node run`: a
// gatewire node (clients/go's Node) serving system.which, system.run,
// system.run.prepare, system.notify and system.execApprovals.get|set with
// OpenClaw v3's shapes. system.run obeys the exec-approvals policy file
// in the host's state directory (internal/execapprovals): it never asks
// for approval itself, runs an approved plan only as approved, and
// records "allow always" in the allowlist. PROTOCOL.md "The headless node
// host" describes every command.
package nodehost
