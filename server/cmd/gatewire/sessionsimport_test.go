package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSessionsImportThenHistoryOverTheWire imports the OpenClaw fixture
// with the binary, starts a gateway on that state directory and reads an
// imported session back with `gatewire sessions history`.
func TestSessionsImportThenHistoryOverTheWire(t *testing.T) {
	dir := t.TempDir()
	from := filepath.Join("..", "..", "sessionsimport", "testdata", "openclaw-state")
	imp := launch(t, "sessions", "import", "--from", from, "--state-dir", dir)
	if code := imp.exitCode(t, 30*time.Second); code != 0 || !strings.Contains(imp.stdout.String(), "4 imported, 0 already present, 1 skipped") {
		t.Fatalf("import: exit %d\nstdout %s\nstderr %s", code, &imp.stdout, &imp.stderr)
	}
	missing := launch(t, "sessions", "import", "--state-dir", dir)
	if code := missing.exitCode(t, 15*time.Second); code != 1 || !strings.Contains(missing.stderr.String(), "--from <openclaw state dir> is required") {
		t.Fatalf("no --from: exit %d, stderr %s", code, &missing.stderr)
	}

	port := freePort(t)
	gw := launch(t, "gateway", "--state-dir", dir, "--port", strconv.Itoa(port))
	waitLive(t, port, gw)
	url := "ws://127.0.0.1:" + strconv.Itoa(port)
	hist := launchEnv(t, []string{"GATEWIRE_STATE_DIR=" + dir}, "sessions", "history", "agent:main:main", "--url", url)
	if code := hist.exitCode(t, 15*time.Second); code != 0 {
		t.Fatalf("history: exit %d\nstderr %s", code, &hist.stderr)
	}
	for _, want := range []string{"user: what is in notes.txt?", `[calls read {"path":"notes.txt"}]`, "tool read: buy milk",
		"assistant: notes.txt says: buy milk"} {
		if !strings.Contains(hist.stdout.String(), want) {
			t.Fatalf("history lacks %q:\n%s", want, &hist.stdout)
		}
	}
}
