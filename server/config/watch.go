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
	next, err := m.readChanged()
	if err != nil || next == nil {
		return Change{}, err
	}
	return m.install(next, nil)
}

// Pending re-reads the config file from disk and returns how the
// effective configuration would change if it were reloaded, without
// applying anything: an empty Change when the text is the one loaded, an
// error when the file is invalid, removed or would expose the gateway.
func (m *Manager) Pending() (Change, error) {
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	next, err := m.readChanged()
	if err != nil || next == nil {
		return Change{}, err
	}
	m.mu.RLock()
	eff, err := m.compute(next)
	prev := m.effective
	m.mu.RUnlock()
	if err != nil {
		return Change{}, err
	}
	return Diff(prev, eff), nil
}

// readChanged reads and parses the config file when its text differs
// from the loaded one (nil, nil when it does not). The caller holds
// writeMu.
func (m *Manager) readChanged() (*File, error) {
	cur := m.File()
	data, err := os.ReadFile(cur.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !cur.Exists {
			return nil, nil
		}
		return nil, ErrRemoved
	case err != nil:
		return nil, err
	case cur.Exists && string(data) == cur.Raw:
		return nil, nil
	}
	return Parse(cur.Path, string(data))
}

// WatchFile polls the config file's metadata every interval until ctx
// ends. When its size, modification time or identity changed and then
// stayed the same for settle() (an editor's write-and-rename churn is
// over), it calls changed, which decides what to do with the new text.
// settle is asked afresh each time, so a changed debounce applies to the
// next edit.
func (m *Manager) WatchFile(ctx context.Context, interval time.Duration, settle func() time.Duration, changed func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	seen := statFile(m.Path())
	var pendingSince time.Time // when an unhandled change was last seen
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			cur := statFile(m.Path())
			if cur != seen {
				seen, pendingSince = cur, now
				continue
			}
			if !pendingSince.IsZero() && now.Sub(pendingSince) >= settle() {
				pendingSince = time.Time{}
				changed()
			}
		}
	}
}

// fileStamp is what WatchFile compares between polls.
type fileStamp struct {
	exists  bool
	size    int64
	modTime time.Time
	inode   uint64
}

// statFile stamps the file at path (the zero stamp when it is absent).
func statFile(path string) fileStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{exists: true, size: fi.Size(), modTime: fi.ModTime(), inode: inodeOf(fi)}
}
