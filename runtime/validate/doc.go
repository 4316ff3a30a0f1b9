// Package validate checks gateway frames against gatewire's JSON Schema
// files before any handler sees them.
//
// A Validator compiles the schema files once (New) and then validates an
// inbound frame as a RequestFrame (Request), a request's params against the
// method's params schema (Params), and, for tests and debug checks, outbound
// response and event frames and their payloads (Response, Event, Result,
// EventPayload).
//
// A failed check returns an *Error that lists every violation with its JSON
// pointer and an AJV-style message, and renders the exact protocol v3 texts:
// "invalid request frame: …", "invalid <method> params: …" (so "invalid
// connect params: …" during the handshake). Input that is not JSON at all is
// reported separately as ErrNotJSON, because the gateway treats it
// differently (close 1000 before the handshake, ignored after it).
package validate
