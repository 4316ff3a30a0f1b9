// Package testclient is gatewire's one test client: what every layer's
// tests (runtime, server, clients, tools) use to talk to a gateway or an
// engine over a real socket on loopback.
//
// Client dials with the WebSocket library, reads the connect challenge,
// sends requests and waits for their replies by id, collects events with
// their seq, checks each received frame when told how (the server tests
// check every frame against the schema), and can send raw text or binary
// frames. Raw speaks WebSocket by hand over TCP for hostile tests: frames
// no library would send (unmasked, fragmented around control frames, with
// lying lengths).
//
// Reads happen only when a test waits for something, in the order frames
// arrived; frames read while waiting for another stay queued. A client a
// test does not read from is a slow consumer.
//
// It imports only runtime/wire and runtime/deviceauth from the module, so
// that runtime tests may use it; it never imports server/ or clients/
// (tools/layering checks).
package testclient
