package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/agent/catalog"
)

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func prompt(t *testing.T, a catalog.Agent, extra string) string {
	t.Helper()
	p, err := SystemPrompt(a, extra)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// inOrder checks that parts occur in p in this order.
func inOrder(t *testing.T, p string, parts ...string) {
	t.Helper()
	at := 0
	for _, part := range parts {
		i := strings.Index(p[at:], part)
		if i < 0 {
			t.Fatalf("%q missing (or out of order) in:\n%s", part, p)
		}
		at += i + len(part)
	}
}

func TestBootstrapFilesInOrderWithMissingMarkers(t *testing.T) {
	ws := t.TempDir()
	write(t, ws, "USER.md", "The user is Ada.\n\n\n")
	write(t, ws, "AGENTS.md", "Be brief.")
	write(t, ws, "SOUL.md", "Warm and dry.")
	write(t, ws, "MEMORY.md", "Ada likes tea.")
	write(t, ws, "NOTES.md", "not a bootstrap file")
	p := prompt(t, catalog.Agent{ID: "main", Workspace: ws, Identity: catalog.Identity{Name: "Clawd", Emoji: "🦞"}}, "")
	inOrder(t, p, "You are Clawd", "🦞", "Your working directory is: "+ws, "# Project Context", "SOUL.md describes your persona",
		"## "+filepath.Join(ws, "AGENTS.md")+"\n\nBe brief.\n",
		"## "+filepath.Join(ws, "SOUL.md")+"\n\nWarm and dry.\n",
		"## "+filepath.Join(ws, "TOOLS.md")+"\n\n[MISSING] Expected at: "+filepath.Join(ws, "TOOLS.md"),
		"## "+filepath.Join(ws, "IDENTITY.md")+"\n\n[MISSING]",
		"## "+filepath.Join(ws, "USER.md")+"\n\nThe user is Ada.\n",
		"## "+filepath.Join(ws, "MEMORY.md")+"\n\nAda likes tea.\n")
	if strings.Contains(p, "BOOTSTRAP.md") || strings.Contains(p, "NOTES.md") {
		t.Fatalf("unexpected file in prompt:\n%s", p)
	}
}

func TestOverrideReplacesAndExtraFollows(t *testing.T) {
	ws := t.TempDir()
	write(t, ws, "AGENTS.md", "Be brief.")
	p := prompt(t, catalog.Agent{Workspace: ws, SystemPromptOverride: "  You are a test double.  "}, "Answer in French.")
	if p != "You are a test double.\n\n## Additional Context\n\nAnswer in French.\n" {
		t.Fatalf("prompt = %q", p)
	}
	if p := prompt(t, catalog.Agent{Workspace: ws}, " Answer in French. "); !strings.HasSuffix(p, "## Additional Context\n\nAnswer in French.\n") {
		t.Fatalf("extra not last:\n%s", p)
	}
}

func TestLargeFilesAreTrimmedWithinBudgets(t *testing.T) {
	ws := t.TempDir()
	big := "HEAD" + strings.Repeat("a", 30_000) + "TAIL"
	for _, name := range []string{"AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "BOOTSTRAP.md", "MEMORY.md"} {
		write(t, ws, name, big)
	}
	p := prompt(t, catalog.Agent{Workspace: ws}, "")
	inOrder(t, p, "HEAD", "[...truncated, read AGENTS.md for full content...]", "of 30008 characters)", "TAIL")
	_, project, found := strings.Cut(p, "# Project Context")
	if !found {
		t.Fatalf("no project context:\n%s", p)
	}
	if n := len([]rune(project)); n > MaxTotalChars+1000 {
		t.Fatalf("project context is %d characters", n)
	}
	if strings.Count(p, "HEAD") != 5 {
		t.Fatalf("want 5 files within the total budget, got %d", strings.Count(p, "HEAD"))
	}
	text, cut := trim("X.md", big, MaxFileChars)
	if !cut || len([]rune(text)) > MaxFileChars || !strings.HasPrefix(text, "HEAD") || !strings.HasSuffix(text, "TAIL") {
		t.Fatalf("trim: cut=%v len=%d", cut, len([]rune(text)))
	}
}

func TestFilesOutsideTheWorkspaceAreNotRead(t *testing.T) {
	base := t.TempDir()
	ws, outside := filepath.Join(base, "ws"), filepath.Join(base, "outside")
	for _, d := range []string{ws, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, outside, "secret.md", "TOP SECRET")
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(ws, "AGENTS.md")); err != nil {
		t.Fatal(err)
	}
	p := prompt(t, catalog.Agent{Workspace: ws}, "")
	if strings.Contains(p, "TOP SECRET") || !strings.Contains(p, "[UNREADABLE] the file leads outside the workspace") {
		t.Fatalf("prompt:\n%s", p)
	}
}

func TestWorkspaceEdgeCases(t *testing.T) {
	if _, err := SystemPrompt(catalog.Agent{Workspace: "relative/ws"}, ""); err == nil {
		t.Fatal("relative workspace accepted")
	}
	p := prompt(t, catalog.Agent{Workspace: filepath.Join(t.TempDir(), "not-yet")}, "")
	if !strings.Contains(p, "[MISSING] Expected at:") {
		t.Fatalf("missing workspace:\n%s", p)
	}
	if p := prompt(t, catalog.Agent{}, ""); strings.Contains(p, "Project Context") || !strings.HasPrefix(p, "You are a personal assistant") {
		t.Fatalf("no workspace:\n%s", p)
	}
}
