package tools_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// The tools through the agent runtime of a real gateway: the model's
// system prompt carries the workspace's AGENTS.md, its write call
// creates a file in the workspace, its exec call runs there, and each
// result goes back to the model as the tool result.
func TestToolsThroughTheRuntime(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "workspace")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "AGENTS.md"), []byte("Always answer in haiku."), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := fakellm.Start(t,
		fakellm.Calls(fakellm.ToolCall{ID: "call1", Name: "write", Arguments: `{"path":"notes.txt","content":"hello"}`}),
		fakellm.Calls(fakellm.ToolCall{ID: "call2", Name: "exec", Arguments: `{"command":"cat notes.txt"}`}),
		fakellm.Text("done"))
	config := fmt.Sprintf(`{
  "models": { "providers": { "fake": { "baseUrl": %q, "apiKey": "sk-test", "api": "openai-completions",
    "models": [ { "id": "fake-model", "name": "Fake Model", "contextWindow": 128000 } ] } } },
  "agents": { "defaults": { "model": { "primary": "fake/fake-model" }, "workspace": %q } }
}`, fake.BaseURL("openai-completions"), ws)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: config})
	op := gatewaytest.Dial(t, g.URL)
	op.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", "operator.write"))
	id := op.Request("agent", map[string]any{"message": "note it", "agentId": "main", "idempotencyKey": "tools-run-1"})
	op.Response(id) // accepted
	if final := op.Response(id); !final.OK || !strings.Contains(string(final.Payload), `"status":"ok"`) {
		t.Fatalf("run = %s", final.Raw)
	}
	if got, _ := os.ReadFile(filepath.Join(ws, "notes.txt")); string(got) != "hello" {
		t.Fatalf("notes.txt = %q", got)
	}
	reqs := fake.Requests()
	if len(reqs) != 3 {
		t.Fatalf("model calls = %d", len(reqs))
	}
	if sys := reqs[0].System(); !strings.Contains(sys, "Always answer in haiku.") || !strings.Contains(sys, "# Project Context") {
		t.Fatalf("system prompt:\n%s", sys)
	}
	if !strings.Contains(fmt.Sprint(reqs[1].Messages()), "Wrote 5 bytes to notes.txt") {
		t.Fatalf("write result not fed back: %v", reqs[1].Messages())
	}
	if !strings.Contains(fmt.Sprint(reqs[2].Messages()), "hello") {
		t.Fatalf("exec result not fed back: %v", reqs[2].Messages())
	}
}

// A run whose exec needs approval waits for it: the approver sees the
// run's agent and session, allows once, and the command's output is the
// tool result the model gets.
func TestExecApprovalDuringARun(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "workspace")
	fake := fakellm.Start(t,
		fakellm.Calls(fakellm.ToolCall{ID: "c1", Name: "exec", Arguments: `{"command":"echo approved-output"}`}),
		fakellm.Text("ok"))
	config := fmt.Sprintf(`{
  "models": { "providers": { "fake": { "baseUrl": %q, "apiKey": "sk-test", "api": "openai-completions",
    "models": [ { "id": "fake-model", "name": "Fake Model", "contextWindow": 128000 } ] } } },
  "agents": { "defaults": { "model": { "primary": "fake/fake-model" }, "workspace": %q } }
}`, fake.BaseURL("openai-completions"), ws)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: config})
	if err := os.WriteFile(filepath.Join(g.StateDir.Root(), "exec-approvals.json"),
		[]byte(`{"version":1,"defaults":{"security":"allowlist","ask":"always"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	approver := gatewaytest.Dial(t, g.URL)
	approver.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", "operator.approvals"))
	op := gatewaytest.Dial(t, g.URL)
	op.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", "operator.write"))
	id := op.Request("agent", map[string]any{"message": "run it", "sessionKey": "agent:main:ops", "idempotencyKey": "exec-run-1"})
	op.Response(id)
	ev := requested(t, approver)
	if *ev.Request.Host != "gateway" || *ev.Request.SessionKey != "agent:main:ops" || ev.Request.Command != "echo approved-output" {
		t.Fatalf("approval request = %+v", ev.Request)
	}
	approver.Result("exec.approval.resolve", map[string]any{"id": ev.ID, "decision": "allow-once"}, nil)
	if final := op.Response(id); !final.OK {
		t.Fatalf("run = %s", final.Raw)
	}
	if msgs := fmt.Sprint(fake.Requests()[1].Messages()); !strings.Contains(msgs, "approved-output") {
		t.Fatalf("exec result not fed back: %s", msgs)
	}
}
