// Package config is the gateway's configuration file: a JSON5 document
// (default <stateDir>/gatewire.json) validated against the JSON Schema in
// schema/config/gatewire.schema.json, which the config.schema method
// serves and from which the Go types (gen/go/config) are generated. It
// loads and validates the file with errors that name the file, the line
// and the key; accepts the keys of OpenClaw's own config that gatewire
// does not implement and lists them; applies the schema's defaults and
// the flag/environment overrides; redacts the secrets the schema marks
// (x-secret) as "__OPENCLAW_REDACTED__"; hashes, merge-patches and
// atomically writes the file; and tells which changed keys reload without
// a restart (those the schema does not mark x-restart).
package config

import (
	"encoding/json"

	genconfig "github.com/gatewire/gatewire/gen/go/config"
)

// Config is the whole gateway configuration, after defaults: the type
// generated from the config schema.
type Config = genconfig.Config

// Auth modes (the values of gateway.auth.mode).
const (
	AuthNone     = string(genconfig.AuthModeNone)
	AuthToken    = string(genconfig.AuthModeToken)
	AuthPassword = string(genconfig.AuthModePassword)
)

// Defaults that other packages need as constants; a test checks them
// against the schema's defaults.
const (
	DefaultPort     = 18789
	DefaultDevPort  = 19001 // the --dev port; not a config default
	DefaultLogLevel = "info"
)

// Defaults returns the configuration used for keys the file leaves out:
// the schema's defaults.
func Defaults() Config {
	c, _ := decode(map[string]any{}) // the schema's defaults always decode (tested)
	return c
}

// decode applies the schema's defaults to a valid config document and
// decodes it.
func decode(doc map[string]any) (Config, error) {
	merged := withDefaults(schemaMarks().defaults, doc)
	raw, err := json.Marshal(merged)
	if err != nil {
		return Config{}, err
	}
	var c Config
	err = json.Unmarshal(raw, &c)
	return c, err
}

// withDefaults returns doc with every key it leaves out taken from
// defaults, objects merged recursively; neither input is modified.
func withDefaults(defaults, doc map[string]any) map[string]any {
	out := make(map[string]any, len(defaults)+len(doc))
	for k, v := range defaults {
		out[k] = deepCopy(v)
	}
	for k, v := range doc {
		d, dok := out[k].(map[string]any)
		m, mok := v.(map[string]any)
		if dok && mok {
			out[k] = withDefaults(d, m)
			continue
		}
		out[k] = deepCopy(v)
	}
	return out
}

// AuthMode returns the effective auth mode of c: the configured mode,
// else "password" when only a password is set, else "token".
func AuthMode(c Config) string {
	a := c.Gateway.Auth
	switch {
	case a.Mode != nil:
		return string(*a.Mode)
	case a.Password != "" && a.Token == "":
		return AuthPassword
	}
	return AuthToken
}
