package browsertest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// OpenClawUIDir is where `make deps` unpacks OpenClaw 2026.5.7's Control UI bundle, relative to the repository.
const OpenClawUIDir = ".cache/openclaw-2026.5.7/control-ui"

// modulePath identifies the repository's go.mod.
const modulePath = "module github.com/gatewire/gatewire"

// OpenClawControlUI returns the folder of OpenClaw's Control UI bundle (index.html and assets) that `make deps`
// fetched, failing the test when it is absent.
func OpenClawControlUI(t testing.TB) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, OpenClawUIDir)
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		t.Fatalf("OpenClaw Control UI bundle not found at %s: run `make deps`", dir)
	}
	return dir
}

// RepoRoot returns the folder of gatewire's go.mod, searched upwards from the working directory (a test runs in
// its package's folder).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(mod, []byte(modulePath)) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("browsertest: gatewire's go.mod not found above the working directory")
		}
		dir = parent
	}
}
