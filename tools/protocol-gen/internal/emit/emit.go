// Package emit holds generated files in memory and puts them on disk: it
// writes a set of files into a directory (removing generated files the set
// no longer has, when asked) and compares a directory with a set,
// reporting changed, missing and orphaned files.
package emit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
)

// Files maps slash-separated paths, relative to an output directory, to
// their contents.
type Files map[string][]byte

// Paths returns the paths in lexical order.
func (f Files) Paths() []string {
	out := make([]string, 0, len(f))
	for p := range f {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// AddUnder adds every file of m under the directory prefix.
func (f Files) AddUnder(prefix string, m map[string][]byte) error {
	for name, data := range m {
		p := path.Join(prefix, name)
		if _, dup := f[p]; dup {
			return fmt.Errorf("two generated files are named %s", p)
		}
		f[p] = data
	}
	return nil
}

// Write puts files under root, rewriting only those whose content
// differs. With prune, files under root that are not in the set are
// removed, and so are directories left empty; every such file must carry
// the generated-file header, or Write refuses before it writes anything,
// so that a mistaken root never loses files protocol-gen did not write.
func Write(root string, files Files, prune bool) error {
	var orphans []string
	if prune {
		var err error
		if orphans, err = generatedOrphans(root, files); err != nil {
			return err
		}
	}
	for _, p := range files.Paths() {
		if err := writeFile(filepath.Join(root, filepath.FromSlash(p)), files[p]); err != nil {
			return err
		}
	}
	if !prune {
		return nil
	}
	for _, p := range orphans {
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(p))); err != nil {
			return fmt.Errorf("remove orphaned file: %w", err)
		}
	}
	return removeEmptyDirs(root)
}

// maxForeign is how many files without the header an error names.
const maxForeign = 3

// generatedOrphans lists the files under root that files does not hold,
// all of which must have been written by protocol-gen.
func generatedOrphans(root string, files Files) ([]string, error) {
	existing, err := list(root)
	if err != nil {
		return nil, err
	}
	var orphans, foreign []string
	for _, p := range existing {
		if _, keep := files[p]; keep {
			continue
		}
		generated, err := hasHeader(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		if !generated {
			if foreign = append(foreign, p); len(foreign) == maxForeign {
				break
			}
			continue
		}
		orphans = append(orphans, p)
	}
	if len(foreign) > 0 {
		return nil, fmt.Errorf("%s holds files protocol-gen did not write (%s); remove them or choose another output folder",
			root, strings.Join(foreign, ", "))
	}
	return orphans, nil
}

// headerWindow is how much of a file's start is searched for the header
// (Package.swift has it on its second line).
const headerWindow = 256

// hasHeader reports whether a file starts with protocol-gen's header.
func hasHeader(name string) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	head := make([]byte, headerWindow)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("read %s: %w", name, err)
	}
	return bytes.Contains(head[:n], []byte("// "+doctext.Header+"\n")), nil
}

// writeFile replaces a file atomically unless it already holds data.
func writeFile(name string, data []byte) error {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("create directory: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".protocol-gen-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// list returns every file under root as slash paths; a missing root holds
// no files.
func list(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", root, err)
	}
	sort.Strings(out)
	return out, nil
}

func removeEmptyDirs(root string) error {
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != root {
			dirs = append(dirs, p)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("list %s: %w", root, err)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if entries, err := os.ReadDir(dirs[i]); err == nil && len(entries) == 0 {
			if err := os.Remove(dirs[i]); err != nil {
				return fmt.Errorf("remove empty directory: %w", err)
			}
		}
	}
	return nil
}
