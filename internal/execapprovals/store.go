package execapprovals

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// ErrBaseHashRequired is Set's answer when the file exists and the
// caller named no base hash.
var ErrBaseHashRequired = errors.New("exec approvals base hash required")

// ErrChanged is Set's answer when the base hash is not the hash of the
// file as it is now.
var ErrChanged = errors.New("exec approvals changed since last load")

// Snapshot is a policy file as read.
type Snapshot struct {
	// Path is the file's path.
	Path string
	// Exists reports whether the file exists.
	Exists bool
	// Hash is Hash of the file's bytes (of no bytes when it is missing).
	Hash string
	// File is the normalized content (Empty when missing or unreadable).
	File File
}

// Wire is the snapshot as replies carry it: the socket token left out.
func (s Snapshot) Wire() *protocol.ExecApprovalsSnapshot {
	return &protocol.ExecApprovalsSnapshot{Path: s.Path, Exists: s.Exists, Hash: s.Hash, File: Redact(s.File)}
}

// WireResolved is Wire with the defaults' resolved policy, as the
// gateway host answers for its own file (protocol 4 shows it).
func (s Snapshot) WireResolved() *protocol.ExecApprovalsSnapshot {
	out := s.Wire()
	resolved := ResolvedDefaults(s.File)
	out.ResolvedDefaults = &resolved
	return out
}

// Store is one policy file on disk. Its methods serialize the changes
// this process makes; the file is replaced atomically (written to a
// temporary file in the same directory with mode 0600, then renamed), so
// readers never see half a file.
type Store struct {
	path string
	mu   sync.Mutex
}

// NewStore returns the store of the file at path (not read yet).
func NewStore(path string) *Store { return &Store{path: path} }

// InDir returns the store of FileName inside dir.
func InDir(dir string) *Store { return NewStore(filepath.Join(dir, FileName)) }

// Path is the file's path.
func (s *Store) Path() string { return s.path }

// Read returns the file as it is now.
func (s *Store) Read() (Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.read()
}

// Ensure creates the file (Empty) when it is missing, then reads it.
func (s *Store) Ensure() (Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, err := s.read()
	if err != nil || snap.Exists {
		return snap, err
	}
	if err := s.write(Empty()); err != nil {
		return Snapshot{}, err
	}
	return s.read()
}

// Set replaces the file with the normalized next, keeping the current
// socket when next names none. Once the file exists baseHash must be the
// hash of its bytes as they are now (ErrBaseHashRequired, ErrChanged).
func (s *Store) Set(next File, baseHash string) (Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.read()
	if err != nil {
		return Snapshot{}, err
	}
	if cur.Exists {
		switch base := strings.TrimSpace(baseHash); {
		case base == "":
			return Snapshot{}, ErrBaseHashRequired
		case base != cur.Hash:
			return Snapshot{}, ErrChanged
		}
	}
	n := Normalize(next)
	n.Socket = mergeSocket(n.Socket, cur.File.Socket)
	if err := s.write(n); err != nil {
		return Snapshot{}, err
	}
	return s.read()
}

// Update applies fn to the current content and writes the result, under
// the store's lock (for recording allow-always entries and uses). fn
// returning false leaves the file alone.
func (s *Store) Update(fn func(f *File) bool) (Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := s.read()
	if err != nil {
		return Snapshot{}, err
	}
	if !fn(&cur.File) {
		return cur, nil
	}
	if err := s.write(Normalize(cur.File)); err != nil {
		return Snapshot{}, err
	}
	return s.read()
}

// mergeSocket keeps the current socket's fields where next has none.
func mergeSocket(next, cur *protocol.ExecApprovalsSocket) *protocol.ExecApprovalsSocket {
	if cur == nil {
		return next
	}
	if next == nil {
		next = &protocol.ExecApprovalsSocket{}
	}
	out := *next
	out.Path = firstSet(out.Path, cur.Path)
	out.Token = firstSet(out.Token, cur.Token)
	return &out
}

// read reads the file; a missing file is not an error.
func (s *Store) read() (Snapshot, error) {
	raw, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return Snapshot{Path: s.path, Hash: Hash(nil), File: Empty()}, nil
	}
	if err != nil {
		return Snapshot{}, fmt.Errorf("exec approvals: %w", err)
	}
	return Snapshot{Path: s.path, Exists: true, Hash: Hash(raw), File: Parse(raw)}, nil
}

// write replaces the file with f atomically, mode 0600, refusing to
// write through a symbolic link.
func (s *Store) write(f File) error {
	raw, err := Encode(f)
	if err != nil {
		return fmt.Errorf("exec approvals: %w", err)
	}
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("exec approvals: %w", err)
	}
	if fi, err := os.Lstat(s.path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("exec approvals: refusing to write through a symbolic link: %s", s.path)
	}
	tmp, err := os.CreateTemp(dir, ".exec-approvals.*.tmp")
	if err != nil {
		return fmt.Errorf("exec approvals: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("exec approvals: %w", err)
	}
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("exec approvals: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("exec approvals: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("exec approvals: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("exec approvals: %w", err)
	}
	return nil
}
