package servicetest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Analyze runs `systemd-analyze --user verify` on a unit file for real
// and returns its complaints: its output (it prints warnings, such as an
// unknown key, with exit status 0) and a failed exit.
func Analyze(t *testing.T, path string) string {
	t.Helper()
	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Fatal("systemd-analyze not found: run `make deps` (installs Debian's systemd)")
	}
	cmd := exec.Command(tool, "--user", "verify", path)
	// A user manager's runtime dir: none exists where PID 1 is not systemd.
	cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	complaints := strings.TrimSpace(string(out))
	if err != nil {
		complaints += "\n" + err.Error()
	}
	return strings.TrimSpace(complaints)
}

// Verify fails the test when systemd-analyze verify complains about the
// unit file at path.
func Verify(t *testing.T, path string) {
	t.Helper()
	if complaints := Analyze(t, path); complaints != "" {
		text, _ := os.ReadFile(path)
		t.Fatalf("systemd-analyze verify %s:\n%s\nunit:\n%s", path, complaints, text)
	}
}
