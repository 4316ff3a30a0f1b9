package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// Snapshot is the config file as config.get reports it, secrets
// redacted.
type Snapshot struct {
	// Path is the config file; Exists is false when it is missing.
	Path   string
	Exists bool
	// Raw is the redacted text; nil when the file does not exist or does
	// not parse (its secrets could not be located).
	Raw *string
	// Parsed is the file's document, redacted ({} when missing).
	Parsed map[string]any
	// Config is the last valid file with defaults, redacted.
	Config map[string]any
	// Runtime is the effective configuration (with flag and environment
	// overrides), redacted.
	Runtime map[string]any
	// Valid and Issues describe the file as it is on disk now.
	Valid  bool
	Issues []Issue
	// Hash is the hex SHA-256 of the file text (of "" when missing).
	Hash string
	// Warnings name the keys a flag or environment variable overrides,
	// and the OpenClaw keys of the file gatewire does not implement.
	Warnings []Issue
}

// Snapshot reads the config file as it is on disk now and describes it.
func (m *Manager) Snapshot() (*Snapshot, error) {
	path := m.Path()
	s := &Snapshot{
		Path: path, Valid: true, Hash: HashRaw(""), Parsed: map[string]any{},
		Config: RedactConfig(m.File().Config), Runtime: RedactConfig(m.Effective()),
		Warnings: m.overrideWarnings(),
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading config file: %w", err)
	}
	s.Exists, s.Hash = true, HashRaw(string(data))
	f, err := Parse(path, string(data))
	var cerr *Error
	if errors.As(err, &cerr) {
		s.Valid, s.Issues = false, cerr.Issues
	} else if err != nil {
		return nil, err
	}
	if f != nil {
		raw := RedactRaw(f.Raw, f.Doc)
		s.Raw, s.Parsed = &raw, RedactDoc(f.Doc)
		s.Warnings = append(s.Warnings, Deprecations(f.Doc)...)
		for _, k := range f.NotImplemented {
			s.Warnings = append(s.Warnings, Issue{Key: k, Message: "not implemented by gatewire: an OpenClaw key, accepted and unused"})
		}
	}
	return s, nil
}

// overrideWarnings lists the keys whose file values are overridden by a
// flag or an environment variable.
func (m *Manager) overrideWarnings() []Issue {
	o := m.over
	var out []Issue
	add := func(set bool, key string) {
		if set {
			out = append(out, Issue{Key: key, Message: "overridden by a command-line flag or environment variable", pointer: strings.Split(key, ".")})
		}
	}
	add(o.Port != nil, "gateway.port")
	add(o.Bind != nil, "gateway.bind")
	add(o.AuthMode != nil, "gateway.auth.mode")
	add(o.Token != nil, "gateway.auth.token")
	add(o.Password != nil, "gateway.auth.password")
	add(o.HandshakeTimeoutMs != nil, "gateway.handshakeTimeoutMs")
	add(o.LogLevel != nil, "logging.level")
	return out
}
