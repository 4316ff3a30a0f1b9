package tools

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// errEscape is the answer for a path that leaves the workspace (through
// "..", an absolute path elsewhere, or a symbolic link).
var errEscape = errors.New("path escapes the workspace")

// workspaceRoot opens the agent's workspace as an os.Root: every file
// operation through it stays inside the directory, symbolic links
// included (the kernel-level checks of os.Root refuse a link that leads
// out).
func workspaceRoot(dir string) (*os.Root, error) {
	if dir == "" || !filepath.IsAbs(dir) {
		return nil, errors.New("the agent has no workspace directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return os.OpenRoot(dir)
}

// relPath turns a path the model gave into a path relative to the
// workspace: relative paths stay as they are, absolute paths must lie
// inside it. Lexical ".." escapes are refused here; link escapes by the
// root.
func relPath(workspace, p string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", errors.New("path required")
	}
	if strings.HasPrefix(p, "~") {
		return "", errEscape
	}
	if filepath.IsAbs(p) {
		rel, err := filepath.Rel(filepath.Clean(workspace), filepath.Clean(p))
		if err != nil {
			return "", errEscape
		}
		p = rel
	}
	p = filepath.Clean(p)
	if p == ".." || strings.HasPrefix(p, "../") || filepath.IsAbs(p) {
		return "", errEscape
	}
	return p, nil
}

// fileError is an error of a file operation as the model is told it: the
// path it named and what went wrong, without the host's directories.
func fileError(p string, err error) string {
	switch {
	case errors.Is(err, errEscape) || isEscape(err):
		return p + ": " + errEscape.Error()
	case errors.Is(err, fs.ErrNotExist):
		return p + ": no such file"
	case errors.Is(err, fs.ErrPermission):
		return p + ": permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return p + ": " + pe.Err.Error()
	}
	return p + ": " + err.Error()
}

// isEscape recognises os.Root's refusal of a path that leaves the root.
func isEscape(err error) bool {
	return err != nil && strings.Contains(err.Error(), "path escapes from parent")
}
