// Package metrics is the gateway's Prometheus instrumentation: one
// registry per gateway (never the global default registry) holding the
// engine's measurements (connections, handshakes, requests, events, slow
// consumers, as an engine.Observer) and the domains' (pairing requests,
// node invokes, agent runs, provider tokens and errors), plus the Go
// runtime and process collectors, served in the Prometheus text format by
// Handler.
//
// Recording stays off the hot path's critical cost: a method's or an
// event's series are resolved once and then only counted (atomic adds);
// label values come from the protocol manifest or small fixed sets,
// never from what a client sends.
package metrics
