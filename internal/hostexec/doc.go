// Package hostexec runs one command on this host the way an execution
// host (the node host, or the gateway for the agent's exec tool) runs
// system.run: argv without a shell, a cleaned environment with v3's
// blocked names, binary resolution on PATH, a timeout that kills the
// whole process group, and output capped at OutputCap.
package hostexec
