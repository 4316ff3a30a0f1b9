// Package target starts the servers the benchmark measures — the gatewire
// gateway binary and the raw echo baseline — as separate processes on a
// free loopback port, reads their resident memory from /proc, and stops
// them with SIGTERM.
package target
