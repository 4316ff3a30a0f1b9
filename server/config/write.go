package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/gatewire/gatewire/runtime/atomicfile"
)

// Errors of config writes whose texts are the protocol's.
var (
	ErrBaseHashRequired = errors.New("config base hash required; re-run config.get and retry")
	ErrBaseHashMismatch = errors.New("config changed since last load; re-run config.get and retry")
)

// WriteResult is what a config write did.
type WriteResult struct {
	// Path is the config file written.
	Path string
	// Doc is the document now in the file, redacted.
	Doc map[string]any
	// Noop is true when the file already held exactly this config.
	Noop bool
	// Restart lists changed keys that only apply after a restart.
	Restart []string
}

// Set replaces the config file with raw JSON5 text (config.set and
// config.apply). Subscribers hear about the change through notify (nil:
// at once).
func (m *Manager) Set(raw, baseHash string, notify Notify) (*WriteResult, error) {
	return m.write(baseHash, notify, func(*File) (string, error) { return raw, nil })
}

// Patch merges a partial config, given as JSON5 text, into the file as a
// JSON merge patch (config.patch); the file is rewritten as indented JSON.
// A secret the patch sends as Redacted keeps its value, as in Set.
func (m *Manager) Patch(raw, baseHash string, notify Notify) (*WriteResult, error) {
	return m.write(baseHash, notify, func(cur *File) (string, error) {
		canonical, issue := canonicalJSON(raw)
		if issue != nil {
			return "", fmt.Errorf("%w: patch: %s", ErrInvalid, issue)
		}
		var patch map[string]any
		if err := json.Unmarshal(canonical, &patch); err != nil {
			return "", fmt.Errorf("%w: patch: %v", ErrInvalid, err)
		}
		return indentJSON(MergePatch(cur.Doc, patch)), nil
	})
}

// write runs one config write: it reads the file as it is on disk now,
// checks baseHash against it, builds the new text, puts back the secrets
// sent as Redacted, validates it (also for exposure: a non-loopback bind
// keeps needing a credential), writes it atomically (0600) and applies
// it. On any failure the file is untouched.
func (m *Manager) write(baseHash string, notify Notify, build func(cur *File) (string, error)) (*WriteResult, error) {
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	cur, err := m.onDisk()
	if err != nil {
		return nil, err
	}
	if cur.Exists && baseHash == "" {
		return nil, ErrBaseHashRequired
	}
	if cur.Exists && baseHash != cur.Hash() {
		return nil, ErrBaseHashMismatch
	}
	raw, err := build(cur)
	if err != nil {
		return nil, err
	}
	if raw, err = restoreRedacted(raw, cur.Doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	next, err := Parse(cur.Path, raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if _, err := m.preview(next); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	res := &WriteResult{Path: cur.Path, Doc: RedactDoc(next.Doc), Noop: cur.Exists && raw == cur.Raw}
	if !res.Noop {
		if err := atomicfile.Write(cur.Path, []byte(raw), 0o600); err != nil {
			return nil, fmt.Errorf("writing config file: %w", err)
		}
	}
	ch, err := m.install(next, notify)
	if err != nil {
		return nil, err
	}
	res.Restart = ch.Restart
	return res, nil
}

// preview computes the effective configuration a file would give without
// installing it.
func (m *Manager) preview(f *File) (Config, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.compute(f)
}

// onDisk reads the config file as it is now (defaults when missing).
func (m *Manager) onDisk() (*File, error) {
	path := m.Path()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{Path: path, Doc: map[string]any{}, Config: Defaults()}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading config file: %w", err)
	}
	// A file that does not validate can still be replaced or patched;
	// text that does not parse at all is replaced wholesale.
	if f, _ := Parse(path, string(data)); f != nil {
		return f, nil
	}
	return &File{Path: path, Exists: true, Raw: string(data), Doc: map[string]any{}, Config: Defaults()}, nil
}
