// Package emit holds generated files in memory and puts them on disk: it
// writes a set of files into a directory (removing files the set no
// longer has, when asked) and compares a directory with a set, reporting
// changed, missing and orphaned files.
package emit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
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
// removed, and so are directories left empty.
func Write(root string, files Files, prune bool) error {
	for _, p := range files.Paths() {
		if err := writeFile(filepath.Join(root, filepath.FromSlash(p)), files[p]); err != nil {
			return err
		}
	}
	if !prune {
		return nil
	}
	existing, err := list(root)
	if err != nil {
		return err
	}
	for _, p := range existing {
		if _, keep := files[p]; !keep {
			if err := os.Remove(filepath.Join(root, filepath.FromSlash(p))); err != nil {
				return fmt.Errorf("remove orphaned file: %w", err)
			}
		}
	}
	return removeEmptyDirs(root)
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
