// Package configschema holds the JSON Schema of gatewire's config file
// (gatewire.schema.json, the only source of the config's shape, defaults
// and marks: x-secret, x-restart, x-ui) and the key paths of OpenClaw's
// own config schema (openclaw-keys.json, captured from the real OpenClaw
// gateways by tools/openclaw-keys). gen/go/config is generated from the
// schema; server/config validates config files with it.
package configschema

import _ "embed"

// Schema is gatewire.schema.json.
//
//go:embed gatewire.schema.json
var Schema []byte

// OpenClawKeys is openclaw-keys.json.
//
//go:embed openclaw-keys.json
var OpenClawKeys []byte
