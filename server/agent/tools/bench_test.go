package tools

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchCall runs tool with args in ws b.N times.
func benchCall(b *testing.B, tl Tool, ws string, args any) {
	raw, _ := json.Marshal(args)
	c := Call{RunID: "r", SessionKey: "agent:main:main", AgentID: "main", Workspace: ws, Args: raw}
	b.ResetTimer()
	for b.Loop() {
		if r := tl.Run(context.Background(), c); r.IsError {
			b.Fatal(r.Text)
		}
	}
}

func BenchmarkRead(b *testing.B) {
	ws := b.TempDir()
	if err := os.WriteFile(filepath.Join(ws, "f.txt"), []byte(strings.Repeat("line of text\n", 1000)), 0o644); err != nil {
		b.Fatal(err)
	}
	benchCall(b, Builtin(Deps{})[2], ws, map[string]any{"path": "f.txt"})
}

func BenchmarkWrite(b *testing.B) {
	benchCall(b, Builtin(Deps{})[3], b.TempDir(), map[string]any{"path": "dir/f.txt", "content": strings.Repeat("x", 4096)})
}

func BenchmarkExecOnTheGatewayHost(b *testing.B) {
	benchCall(b, Builtin(Deps{})[0], b.TempDir(), map[string]any{"command": "true"})
}
