// Package schema holds gatewire's protocol definition: the JSON Schema
// (draft 2020-12) files for frames, the handshake, every method's params and
// result and every event's payload, the error-code registry, and the
// protocol manifest. Everything under gen/ is generated from these files;
// the runtime compiles them from FS to validate inbound frames.
package schema

import "embed"

//go:generate go run ../tools/protocol-gen gen --schema . --out ../gen

// FS holds the schema files and the manifest (not the examples).
//
//go:embed *.json
var FS embed.FS
