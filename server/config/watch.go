package config

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"
)

// ErrRemoved reports that the config file disappeared while the gateway
// ran; the running configuration stays in force.
var ErrRemoved = errors.New("config file was removed; keeping the running configuration")

// Reload re-reads the config file from disk and applies it when its text
// changed. An invalid file is reported and the running configuration is
// kept (a running gateway never falls back to defaults).
func (m *Manager) Reload() (Change, error) {
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	cur := m.File()
	data, err := os.ReadFile(cur.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !cur.Exists {
			return Change{}, nil
		}
		return Change{}, ErrRemoved
	case err != nil:
		return Change{}, err
	case cur.Exists && string(data) == cur.Raw:
		return Change{}, nil
	}
	next, err := Parse(cur.Path, string(data))
	if err != nil {
		return Change{}, err
	}
	return m.install(next, nil)
}

// Watch polls the config file every interval until ctx ends and reloads
// it when it changes on disk; report receives every reload outcome that
// changed something or failed.
func (m *Manager) Watch(ctx context.Context, interval time.Duration, report func(Change, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	var lastErr string
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ch, err := m.Reload()
		switch {
		case err != nil && err.Error() != lastErr:
			lastErr = err.Error()
			report(ch, err)
		case err == nil && len(ch.Changed) > 0:
			lastErr = ""
			report(ch, nil)
		case err == nil:
			lastErr = ""
		}
	}
}
