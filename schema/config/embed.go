// Package configschema holds the JSON Schema of gatewire's config file
// (gatewire.schema.json, the only source of the config's shape, defaults
// and marks: x-secret, x-restart, x-ui). gen/go/config is generated from
// the schema; server/config validates config files with it.
package configschema

import _ "embed"

// Schema is gatewire.schema.json.
//
//go:embed gatewire.schema.json
var Schema []byte
