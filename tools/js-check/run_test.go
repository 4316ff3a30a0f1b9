package jscheck

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runCheck runs ./run with args and returns its exit code and output. It
// skips the test, saying why, only when the compiler cannot be installed.
func runCheck(t *testing.T, args ...string) (int, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("installs the TypeScript compiler from npm")
	}
	out, err := exec.Command("./run", args...).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &exit) && exit.ExitCode() == 2 && strings.Contains(string(out), "npm ci failed"):
		t.Skipf("the npm cache could not be populated, so the JavaScript type check cannot run:\n%s", out)
	case errors.As(err, &exit):
		return exit.ExitCode(), string(out)
	}
	t.Fatalf("run: %v\n%s", err, out)
	return 0, ""
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const protocolJS = "/** @typedef {{name: string}} Thing */\nexport const Method = Object.freeze({ Health: 'health' });\n"

// TestPageAgainstProtocol: a page importing ./protocol/ type-checks, and
// a wrong use of a generated type is reported at its line in the page.
func TestPageAgainstProtocol(t *testing.T) {
	proto := writeFiles(t, map[string]string{"protocol.js": protocolJS})
	good := writeFiles(t, map[string]string{"app.js": "import { Method } from './protocol/protocol.js';\n" +
		"/** @type {import('./protocol/protocol.js').Thing} */\nexport const t = { name: Method.Health };\n"})
	if code, out := runCheck(t, proto, good); code != 0 || !strings.Contains(out, "2 file(s) type-check") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	bad := writeFiles(t, map[string]string{"app.js": "/** @type {import('./protocol/protocol.js').Thing} */\n" +
		"export const t = { name: 42 };\n"})
	code, out := runCheck(t, proto, bad)
	if want := filepath.Join(bad, "app.js") + "(2,"; code != 1 || !strings.Contains(out, want) || !strings.Contains(out, "error TS") {
		t.Fatalf("exit %d, output:\n%s\nwant exit 1 and %q", code, out, want)
	}
}

// TestControlUI: the generated modules and the Control UI type-check
// together, as they are served.
func TestControlUI(t *testing.T) {
	root := filepath.Join("..", "..")
	if code, out := runCheck(t, filepath.Join(root, "gen", "js"), filepath.Join(root, "server", "controlui", "web")); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}
