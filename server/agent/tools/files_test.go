package tools

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run calls the built-in tool name with args in workspace ws.
func run(t *testing.T, tools []Tool, name, ws string, args any) Result {
	t.Helper()
	raw, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	for _, tl := range tools {
		if tl.Spec().Name == name {
			return tl.Run(context.Background(), Call{RunID: "r1", SessionKey: "agent:main:main", AgentID: "main", Workspace: ws, ToolCallID: "c1", Args: raw})
		}
	}
	t.Fatalf("no tool %q", name)
	return Result{}
}

// workspace is a fresh workspace directory beside a directory outside it
// that holds a secret.
func workspace(t *testing.T) (ws, outside string) {
	t.Helper()
	base := t.TempDir()
	ws, outside = filepath.Join(base, "ws"), filepath.Join(base, "outside")
	for _, d := range []string{ws, outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("top secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return ws, outside
}

func wantError(t *testing.T, r Result, contains string) {
	t.Helper()
	if !r.IsError || !strings.Contains(r.Text, contains) {
		t.Fatalf("result = %+v, want an error containing %q", r, contains)
	}
}

func TestWriteReadEditInsideTheWorkspace(t *testing.T) {
	ws, _ := workspace(t)
	b := Builtin(Deps{})
	if r := run(t, b, NameWrite, ws, map[string]any{"path": "notes/a.txt", "content": "one\ntwo\nthree\n"}); r.IsError {
		t.Fatalf("write = %+v", r)
	}
	if r := run(t, b, NameRead, ws, map[string]any{"path": "notes/a.txt"}); r.IsError || r.Text != "one\ntwo\nthree\n" {
		t.Fatalf("read = %+v", r)
	}
	if r := run(t, b, NameRead, ws, map[string]any{"path": filepath.Join(ws, "notes/a.txt"), "offset": 2, "limit": 1}); r.Text != "two\n\n[1 more lines; continue with offset=3]" {
		t.Fatalf("read window = %q", r.Text)
	}
	if r := run(t, b, NameEdit, ws, map[string]any{"path": "notes/a.txt", "oldText": "two", "newText": "2"}); r.IsError {
		t.Fatalf("edit = %+v", r)
	}
	if got, _ := os.ReadFile(filepath.Join(ws, "notes/a.txt")); string(got) != "one\n2\nthree\n" {
		t.Fatalf("after edit: %q", got)
	}
	wantError(t, run(t, b, NameEdit, ws, map[string]any{"path": "notes/a.txt", "oldText": "zzz", "newText": "x"}), "oldText not found")
	run(t, b, NameWrite, ws, map[string]any{"path": "dup.txt", "content": "x x"})
	wantError(t, run(t, b, NameEdit, ws, map[string]any{"path": "dup.txt", "oldText": "x", "newText": "y"}), "occurs 2 times")
	wantError(t, run(t, b, NameRead, ws, map[string]any{"path": "missing.txt"}), "missing.txt: no such file")
	wantError(t, run(t, b, NameRead, ws, map[string]any{"path": "notes"}), "is a directory")
}

func TestBadArgumentsAreToldToTheModel(t *testing.T) {
	ws, _ := workspace(t)
	b := Builtin(Deps{})
	wantError(t, run(t, b, NameRead, ws, map[string]any{}), "invalid arguments: missing property 'path'")
	wantError(t, run(t, b, NameWrite, ws, map[string]any{"path": "a", "content": 3}), "invalid arguments: at /content:")
	wantError(t, run(t, b, NameEdit, ws, map[string]any{"path": "a", "oldText": "x", "newText": "y", "bogus": 1}), "invalid arguments")
	for _, tl := range b {
		r := tl.Run(context.Background(), Call{Workspace: ws, Args: json.RawMessage(`{"path": `)})
		wantError(t, r, "not valid JSON")
	}
}

func TestEscapesAreRefused(t *testing.T) {
	ws, outside := workspace(t)
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(ws, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(ws, "out")); err != nil {
		t.Fatal(err)
	}
	b := Builtin(Deps{})
	for _, p := range []string{"../outside/secret.txt", filepath.Join(outside, "secret.txt"), "link.txt", "out/secret.txt", "a/../../outside/secret.txt", "~/secret.txt"} {
		wantError(t, run(t, b, NameRead, ws, map[string]any{"path": p}), "escapes the workspace")
		wantError(t, run(t, b, NameEdit, ws, map[string]any{"path": p, "oldText": "top", "newText": "no"}), "escapes the workspace")
	}
	for _, p := range []string{"../outside/new.txt", "out/new.txt", filepath.Join(outside, "new.txt"), "out/sub/new.txt"} {
		wantError(t, run(t, b, NameWrite, ws, map[string]any{"path": p, "content": "x"}), "escapes the workspace")
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "secret.txt")); string(got) != "top secret\n" {
		t.Fatalf("secret changed: %q", got)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Fatalf("files appeared outside the workspace: %v", entries)
	}
	// Writing to a link's name replaces the link, never its target.
	if r := run(t, b, NameWrite, ws, map[string]any{"path": "link.txt", "content": "mine"}); r.IsError {
		t.Fatalf("write over link = %+v", r)
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "secret.txt")); string(got) != "top secret\n" {
		t.Fatalf("secret changed through the link: %q", got)
	}
}

func TestLinksInsideTheWorkspaceWork(t *testing.T) {
	ws, _ := workspace(t)
	if err := os.WriteFile(filepath.Join(ws, "real.txt"), []byte("hello world"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.txt", filepath.Join(ws, "alias.txt")); err != nil {
		t.Fatal(err)
	}
	b := Builtin(Deps{})
	if r := run(t, b, NameEdit, ws, map[string]any{"path": "alias.txt", "oldText": "world", "newText": "there"}); r.IsError {
		t.Fatalf("edit through link = %+v", r)
	}
	if got, _ := os.ReadFile(filepath.Join(ws, "real.txt")); string(got) != "hello there" {
		t.Fatalf("real.txt = %q", got)
	}
	if info, _ := os.Lstat(filepath.Join(ws, "alias.txt")); info.Mode()&os.ModeSymlink == 0 {
		t.Fatal("edit replaced the link")
	}
}

func TestSpecsStandAlone(t *testing.T) {
	for _, tl := range Builtin(Deps{}) {
		s := tl.Spec()
		if s.Name == "" || s.Description == "" || strings.Contains(string(s.Parameters), "$ref") {
			t.Errorf("spec %+v", s)
		}
		var obj map[string]any
		if err := json.Unmarshal(s.Parameters, &obj); err != nil || obj["type"] != "object" || obj["properties"] == nil {
			t.Errorf("%s parameters = %s", s.Name, s.Parameters)
		}
	}
}
