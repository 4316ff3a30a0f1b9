package swiftcheck

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// runCheck runs ./run on dir and returns its exit code and output. It
// skips the test, saying why, when the parser cannot be installed.
func runCheck(t *testing.T, dir string) (int, string) {
	t.Helper()
	out, err := exec.Command("./run", dir).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &exit) && exit.ExitCode() == 2 && strings.Contains(string(out), "npm ci failed"):
		t.Skipf("the npm cache could not be populated, so the Swift syntax check cannot run:\n%s", out)
	case errors.As(err, &exit):
		return exit.ExitCode(), string(out)
	}
	t.Fatalf("run: %v\n%s", err, out)
	return 0, ""
}

func writeSwift(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodSwift = `public struct Frame: Codable, Sendable {
    public let type: String
    public let protocolValue: Int?

    private enum CodingKeys: String, CodingKey {
        case type
        case protocolValue = "protocol"
    }
}
`

func TestPassesOnValidSwift(t *testing.T) {
	dir := writeSwift(t, map[string]string{"A.swift": goodSwift, "Sub/B.swift": "public enum B: String, Codable { case `default` = \"default\" }\n"})
	code, out := runCheck(t, dir)
	if code != 0 || !strings.Contains(out, "2 file(s) parse") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
}

func TestFailsWithLocationOnBrokenSwift(t *testing.T) {
	broken := "public struct A: Codable {\n    public let x: Int\n    public let y = \n}\n"
	dir := writeSwift(t, map[string]string{"Good.swift": goodSwift, "Broken.swift": broken})
	code, out := runCheck(t, dir)
	want := filepath.Join(dir, "Broken.swift") + ":3:18: syntax error"
	if code != 1 || !strings.Contains(out, want) {
		t.Fatalf("exit %d, output:\n%s\nwant exit 1 and %q", code, out, want)
	}
	if strings.Contains(out, "Good.swift:") {
		t.Fatalf("reported an error in the valid file:\n%s", out)
	}
}

func TestFailsWithoutSwiftFiles(t *testing.T) {
	code, out := runCheck(t, t.TempDir())
	if code != 2 || !strings.Contains(out, "no .swift files") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
}

// fakeNpm is a stand-in for npm that logs when an install starts and ends
// and then fails, so that a test can see whether installs overlap without
// reaching the registry.
const fakeNpm = `#!/bin/sh
echo start >>"$NPM_LOG"
sleep 0.2
echo end >>"$NPM_LOG"
exit 1
`

// TestConcurrentRunsTakeTurnsInstalling: two runs against an empty cache
// (as go test does when packages run in parallel) must not run npm ci in
// the same folder at the same time.
func TestConcurrentRunsTakeTurnsInstalling(t *testing.T) {
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("flock is not installed; runs cannot take turns")
	}
	bin, cache, log := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "npm.log")
	if err := os.WriteFile(filepath.Join(bin, "npm"), []byte(fakeNpm), 0o755); err != nil {
		t.Fatal(err)
	}
	dir := writeSwift(t, map[string]string{"A.swift": goodSwift})
	var wg sync.WaitGroup
	outputs := make([]string, 2)
	for i := range outputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command("./run", dir)
			cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
				"SWIFT_CHECK_CACHE="+cache, "NPM_LOG="+log)
			out, _ := cmd.CombinedOutput()
			outputs[i] = string(out)
		}()
	}
	wg.Wait()
	for _, out := range outputs {
		if !strings.Contains(out, "npm ci failed") {
			t.Fatalf("a run did not report the failed install:\n%s", out)
		}
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(string(data)); strings.Join(got, " ") != "start end start end" {
		t.Fatalf("npm ci calls overlapped: %v", got)
	}
}
