package tools

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzFileToolsStayInside drives read, write and edit with arbitrary
// paths and contents: nothing is ever created or changed outside the
// workspace, and every call answers (no panic).
func FuzzFileToolsStayInside(f *testing.F) {
	for _, seed := range []string{"a.txt", "../x", "/etc/passwd", "out/../../x", "link/x", "./.", "", "a/../../../b", "~/x", "sub/\x00"} {
		f.Add(seed, "content", "content")
	}
	base := f.TempDir()
	outside := filepath.Join(base, "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path, content, old string) {
		ws, err := os.MkdirTemp(base, "ws")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(ws)
		if err := os.Symlink(outside, filepath.Join(ws, "link")); err != nil {
			t.Fatal(err)
		}
		for _, tl := range Builtin(Deps{})[2:] { // read, write, edit
			args, _ := json.Marshal(map[string]any{"path": path, "content": content, "oldText": old, "newText": content})
			if tl.Spec().Name == NameRead {
				args, _ = json.Marshal(map[string]any{"path": path})
			}
			if tl.Spec().Name == NameWrite {
				args, _ = json.Marshal(map[string]any{"path": path, "content": content})
			}
			tl.Run(context.Background(), Call{Workspace: ws, Args: args})
		}
		entries, err := os.ReadDir(outside)
		if err != nil || len(entries) != 0 {
			t.Fatalf("path %q: files appeared outside the workspace: %v", path, entries)
		}
		siblings, _ := os.ReadDir(base)
		for _, s := range siblings {
			if s.Name() != "outside" && filepath.Join(base, s.Name()) != ws && !s.IsDir() {
				t.Fatalf("path %q: file %s created beside the workspace", path, s.Name())
			}
		}
	})
}
