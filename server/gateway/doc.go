// Package gateway assembles and runs the gatewire gateway. New resolves
// the state directory, loads the config file, opens the logs, loads the
// gateway's own identity, builds the presence list, health cache and
// heartbeat scheduler, composes the method handlers into the dispatch
// table, wires the connection engine (authentication, admission, the
// per-call checks, the connect and disconnect hooks) and listens on the
// configured port, where WebSocket upgrades go to the engine and plain
// HTTP requests to the health and readiness routes. Run serves until its
// context ends and then shuts down gracefully: every connection gets a
// shutdown event and a 1012 close, within two seconds.
package gateway
