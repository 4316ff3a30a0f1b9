package workspace

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Budgets of the injected bootstrap files, in characters (OpenClaw's
// agents.defaults.bootstrapMaxChars and bootstrapTotalMaxChars defaults).
const (
	MaxFileChars  = 12_000
	MaxTotalChars = 60_000
	// minFileBudget is the smallest remaining budget worth a file.
	minFileBudget = 64
)

// bootstrapFile is one file the prompt may include.
type bootstrapFile struct {
	name string
	// always: a missing file leaves a marker; otherwise it is skipped.
	always bool
}

// bootstrapFiles are the files in the order the prompt lists them.
var bootstrapFiles = []bootstrapFile{
	{"AGENTS.md", true}, {"SOUL.md", true}, {"TOOLS.md", true}, {"IDENTITY.md", true}, {"USER.md", true},
	{"BOOTSTRAP.md", false}, {"MEMORY.md", false},
}

// contextFile is a file as injected: its path and the text shown.
type contextFile struct {
	name, path, text string
}

// loadFiles reads the bootstrap files of dir through an os.Root, so a
// file that is a link leading out of the workspace is never read.
func loadFiles(dir string) []contextFile {
	root, err := os.OpenRoot(dir)
	if err != nil {
		root = nil
	}
	if root != nil {
		defer root.Close()
	}
	var out []contextFile
	for _, f := range bootstrapFiles {
		path := filepath.Join(dir, f.name)
		text, err := readFile(root, f.name)
		switch {
		case err == nil:
			out = append(out, contextFile{name: f.name, path: path, text: text})
		case errors.Is(err, fs.ErrNotExist):
			if f.always {
				out = append(out, contextFile{name: f.name, path: path, text: "[MISSING] Expected at: " + path})
			}
		default:
			out = append(out, contextFile{name: f.name, path: path, text: "[UNREADABLE] " + reason(err)})
		}
	}
	return out
}

// readFile reads name from root as text.
func readFile(root *os.Root, name string) (string, error) {
	if root == nil {
		return "", fs.ErrNotExist
	}
	info, err := root.Stat(name)
	if err != nil {
		return "", err
	}
	if !info.Mode().IsRegular() {
		return "", errors.New("not a regular file")
	}
	data, err := root.ReadFile(name)
	if err != nil {
		return "", err
	}
	return strings.ToValidUTF8(string(data), "\uFFFD"), nil
}

// reason says why a file could not be read, without the host's paths.
func reason(err error) string {
	switch {
	case strings.Contains(err.Error(), "path escapes from parent"):
		return "the file leads outside the workspace"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
