package agents_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

func TestAgentsFilesListAndGetReadTheWorkspaceBootstrapFiles(t *testing.T) {
	ws := t.TempDir()
	if err := os.WriteFile(filepath.Join(ws, "SOUL.md"), []byte("Be kind.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(secret, []byte("top secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(ws, "USER.md")); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ agents: { defaults: { workspace: "` + ws + `" } } }`})
	c := operator(t, g)

	var list protocol.AgentsFilesListResult
	c.Result("agents.files.list", map[string]any{"agentId": "main"}, &list)
	var names []string
	for _, f := range list.Files {
		names = append(names, f.Name)
		present := f.Name == "SOUL.md"
		if f.Missing == present || f.Path != filepath.Join(ws, f.Name) || (f.Size != nil) != present {
			t.Errorf("file %+v", f)
		}
	}
	if list.AgentID != "main" || list.Workspace != ws ||
		strings.Join(names, " ") != "AGENTS.md SOUL.md TOOLS.md IDENTITY.md USER.md HEARTBEAT.md BOOTSTRAP.md MEMORY.md" {
		t.Fatalf("agents.files.list = %+v", list)
	}

	var got protocol.AgentsFilesGetResult
	c.Result("agents.files.get", map[string]any{"agentId": "main", "name": "SOUL.md"}, &got)
	if got.File.Content == nil || *got.File.Content != "Be kind.\n" || got.File.Missing || *got.File.Size != 9 {
		t.Fatalf("agents.files.get SOUL.md = %+v", got.File)
	}
	if p := payload(t, c, "agents.files.get", map[string]any{"agentId": "main", "name": "AGENTS.md"}); !strings.Contains(p, `"missing":true`) || strings.Contains(p, "content") {
		t.Fatalf("agents.files.get of a missing file = %s", p)
	}
	for params, want := range map[string]string{
		`{"agentId":"main","name":"USER.md"}`:   `unsafe workspace file "USER.md"`,
		`{"agentId":"main","name":"../x.md"}`:   `unsupported file "../x.md"`,
		`{"agentId":"main","name":"notes.txt"}`: `unsupported file "notes.txt"`,
		`{"agentId":"nobody","name":"SOUL.md"}`: "unknown agent id",
	} {
		res := c.Call("agents.files.get", json.RawMessage(params))
		if res.OK || res.Error.Code != "INVALID_REQUEST" || res.Error.Message != want {
			t.Errorf("agents.files.get %s = %s", params, res.Raw)
		}
	}
	if res := c.Call("agents.files.list", map[string]any{"agentId": "nobody"}); res.OK || res.Error.Message != "unknown agent id" {
		t.Errorf("agents.files.list of an unknown agent = %s", res.Raw)
	}
}
