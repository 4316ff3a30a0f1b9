package logging

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// DefaultMaxFileBytes is the size at which the log file is rotated: it is
// renamed to "<file>.1" (replacing the previous one) and a new file is
// started.
const DefaultMaxFileBytes = 10 << 20

// rotatingFile is an append-only file that rotates at a size limit. Every
// Write is one log line and is never split across files.
type rotatingFile struct {
	path string
	max  int64

	mu     sync.Mutex
	f      *os.File // nil after a failed reopen; the next Write tries again
	size   int64
	closed bool
}

// openRotating opens (creating with mode 0600, parent 0700) the log file.
func openRotating(path string, max int64) (*rotatingFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating log dir: %w", err)
	}
	r := &rotatingFile{path: path, max: max}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *rotatingFile) open() error {
	f, err := os.OpenFile(r.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening log file: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("opening log file: %w", err)
	}
	r.f, r.size = f, info.Size()
	return nil
}

// Write appends p, rotating first when p would take the file past max.
// When the file cannot be rotated the line still goes into the current
// file, which then grows past max: a log line is never lost to a failed
// rotation.
func (r *rotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, os.ErrClosed
	}
	if r.f != nil && r.size > 0 && r.size+int64(len(p)) > r.max {
		r.rotate()
	}
	if r.f == nil {
		if err := r.open(); err != nil {
			return 0, err
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

// rotate moves the current file to "<path>.1" and opens the file at path
// again: a new one, or the same one when it could not be moved. r.f stays
// nil when no file could be opened.
func (r *rotatingFile) rotate() {
	_ = r.f.Close() // the old descriptor is done with either way
	r.f = nil
	_ = os.Rename(r.path, r.path+".1") // on failure the current file is reopened
	_ = r.open()
}

// Close closes the file; later writes fail.
func (r *rotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}
