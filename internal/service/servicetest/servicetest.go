// Package servicetest puts a stand-in `systemctl` on PATH for tests of
// the service commands: this machine's PID 1 is not systemd. The stand-in
// (systemctl.sh) logs each call, keeps each unit's enabled and active
// state, and starts a unit by running its ExecStart= with its
// Environment= in the background, so a test sees the real gateway that a
// unit file describes come up.
package servicetest

import (
	_ "embed"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

//go:embed systemctl.sh
var script []byte

// Systemd is a stand-in user manager.
type Systemd struct {
	// Bin is a directory holding only the stand-in systemctl; put it
	// first on PATH.
	Bin string
	// State is where the stand-in keeps its state and its call log.
	State string
}

// New writes the stand-in to a temporary directory; processes it started
// are stopped when the test ends.
func New(t *testing.T) *Systemd {
	t.Helper()
	s := &Systemd{Bin: filepath.Join(t.TempDir(), "bin"), State: t.TempDir()}
	if err := os.MkdirAll(s.Bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Bin, "systemctl"), script, 0o755); err != nil { //nolint:gosec // the stand-in must be executable
		t.Fatal(err)
	}
	t.Cleanup(s.killAll)
	return s
}

// Env returns the variables a command needs to use the stand-in: PATH
// with the stand-in first, and its state directory.
func (s *Systemd) Env() []string {
	return []string{"PATH=" + s.Bin + string(os.PathListSeparator) + os.Getenv("PATH"), "GATEWIRE_TEST_SYSTEMCTL_STATE=" + s.State}
}

// Calls returns the systemctl command lines run so far.
func (s *Systemd) Calls(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(s.State, "calls"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if text := strings.TrimSpace(string(data)); text != "" {
		return strings.Split(text, "\n")
	}
	return nil
}

// NoBus makes the stand-in answer as systemctl does on a host without a
// user manager.
func (s *Systemd) NoBus(t *testing.T) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(s.State, "no-bus"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
}

// PID returns the process id the stand-in started for unit, 0 if none.
func (s *Systemd) PID(unit string) int {
	data, err := os.ReadFile(filepath.Join(s.State, unit+".pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	return pid
}

// Output returns what the unit's process wrote.
func (s *Systemd) Output(unit string) string {
	data, _ := os.ReadFile(filepath.Join(s.State, unit+".out"))
	return string(data)
}

// killAll kills every process the stand-in started.
func (s *Systemd) killAll() {
	pids, _ := filepath.Glob(filepath.Join(s.State, "*.pid"))
	for _, p := range pids {
		if pid := s.PID(strings.TrimSuffix(filepath.Base(p), ".pid")); pid > 0 {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}
