package tools_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// agentEnv starts a gateway whose model is a fake LLM answering replies
// (openai-completions), its default agent working in a fresh workspace
// holding files (name → content).
func agentEnv(t *testing.T, files map[string]string, replies ...fakellm.Reply) (*env, *fakellm.Server) {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "workspace")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(ws, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fake := fakellm.Start(t, replies...)
	config := fmt.Sprintf(`{
  "models": { "providers": { "fake": { "baseUrl": %q, "apiKey": "sk-test", "api": "openai-completions",
    "models": [ { "id": "fake-model", "name": "Fake Model", "contextWindow": 128000 } ] } } },
  "agents": { "defaults": { "model": { "primary": "fake/fake-model" }, "workspace": %q } }
}`, fake.BaseURL("openai-completions"), ws)
	return startWith(t, gatewaytest.Options{Config: config}, ws), fake
}

// operator connects an operator with scopes, declaring caps.
func (e *env) operator(caps []string, scopes ...string) *gatewaytest.Client {
	e.t.Helper()
	c := gatewaytest.Dial(e.t, e.g.URL)
	p := gatewaytest.ConnectParams(e.g.Token, "operator", scopes...)
	p.Caps = caps
	c.MustConnect(p)
	e.t.Cleanup(c.CloseNow)
	return c
}

// runAgent starts an agent run from c and returns its final reply.
func runAgent(t *testing.T, c *gatewaytest.Client, params map[string]any) gatewaytest.Frame {
	t.Helper()
	id := c.Request("agent", params)
	c.Response(id) // accepted
	final := c.Response(id)
	if !final.OK || !strings.Contains(string(final.Payload), `"status":"ok"`) {
		t.Fatalf("run = %s", final.Raw)
	}
	return final
}

// toolResults are the tool results the model was sent in a request.
func toolResults(r fakellm.Request) []string {
	var out []string
	for _, m := range r.Messages() {
		if m[0] == "tool" {
			out = append(out, m[1])
		}
	}
	return out
}

// The tools through the agent runtime of a real gateway: the model's
// system prompt carries the workspace's AGENTS.md, its write call
// creates a file in the workspace, its exec call runs there, and each
// result goes back to the model as the tool result.
func TestToolsThroughTheRuntime(t *testing.T) {
	e, fake := agentEnv(t, map[string]string{"AGENTS.md": "Always answer in haiku."},
		fakellm.Calls(fakellm.ToolCall{ID: "call1", Name: "write", Arguments: `{"path":"notes.txt","content":"hello"}`}),
		fakellm.Calls(fakellm.ToolCall{ID: "call2", Name: "exec", Arguments: `{"command":"cat notes.txt"}`}),
		fakellm.Text("done"))
	runAgent(t, e.operator(nil, "operator.write"), map[string]any{"message": "note it", "agentId": "main", "idempotencyKey": "tools-run-1"})
	if got, _ := os.ReadFile(filepath.Join(e.ws, "notes.txt")); string(got) != "hello" {
		t.Fatalf("notes.txt = %q", got)
	}
	reqs := fake.Requests()
	if len(reqs) != 3 {
		t.Fatalf("model calls = %d", len(reqs))
	}
	if sys := reqs[0].System(); !strings.Contains(sys, "Always answer in haiku.") || !strings.Contains(sys, "# Project Context") {
		t.Fatalf("system prompt:\n%s", sys)
	}
	if r := toolResults(reqs[1]); len(r) != 1 || r[0] != "Wrote 5 bytes to notes.txt" {
		t.Fatalf("write result fed back = %q", r)
	}
	if r := toolResults(reqs[2]); len(r) != 2 || r[1] != "hello" {
		t.Fatalf("exec result fed back = %q", r)
	}
}

// A read, then an exec on a real node host, and an answer the model
// builds from both results; the tool stream (arguments and results) goes
// only to the connection that started the run and declared tool-events,
// while every reader sees the item stream and the answer.
func TestToolResultsMakeTheAnswerAndTheToolStreamIsTheRequesters(t *testing.T) {
	e, fake := agentEnv(t, map[string]string{"data.txt": "the answer is 42\n"},
		fakellm.Calls(fakellm.ToolCall{ID: "r1", Name: "read", Arguments: `{"path":"data.txt"}`}),
		fakellm.Calls(fakellm.ToolCall{ID: "x1", Name: "exec", Arguments: `{"command":"echo from-the-node","host":"node","node":"builder"}`}))
	fake.Respond(func(r fakellm.Request) fakellm.Reply {
		return fakellm.Text("I read: " + strings.Join(toolResults(r), " | "))
	})
	e.node("builder", `{"version":1,"defaults":{"security":"full","ask":"off"}}`)
	runner := e.operator([]string{"tool-events"}, "operator.write")
	other := e.operator([]string{"tool-events"}, "operator.read")
	final := runAgent(t, runner, map[string]any{"message": "look", "agentId": "main", "idempotencyKey": "tools-run-2"})
	if !strings.Contains(string(final.Payload), `I read: the answer is 42\n | from-the-node\n`) {
		t.Fatalf("final = %s", final.Payload)
	}
	streams := func(c *gatewaytest.Client) map[string]int {
		c.Next("chat final", func(f *gatewaytest.Frame) bool {
			return f.IsEvent(protocol.EventChat) && strings.Contains(string(f.Payload), `"state":"final"`)
		})
		n := map[string]int{}
		for _, f := range c.Frames() {
			var ev protocol.AgentEvent
			if f.IsEvent(protocol.EventAgent) && json.Unmarshal(f.Payload, &ev) == nil {
				n[ev.Stream]++
			}
		}
		return n
	}
	if got := streams(other); got["tool"] != 0 || got["item"] == 0 {
		t.Fatalf("a reader that did not start the run got streams %v", got)
	}
	if got := streams(runner); got["tool"] < 4 {
		t.Fatalf("the requester got streams %v, want the tool stream (start and result of both calls)", got)
	}
}

// A run whose exec needs approval waits for it: the approver sees the
// run's agent and session, allows once, and the command's output is the
// tool result the model gets.
func TestExecApprovalDuringARun(t *testing.T) {
	e, fake := agentEnv(t, nil,
		fakellm.Calls(fakellm.ToolCall{ID: "c1", Name: "exec", Arguments: `{"command":"echo approved-output"}`}),
		fakellm.Text("ok"))
	e.policy(`{"version":1,"defaults":{"security":"allowlist","ask":"always"}}`)
	approver := e.approver()
	op := e.operator(nil, "operator.write")
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
	if r := toolResults(fake.Requests()[1]); len(r) != 1 || r[0] != "approved-output\n" {
		t.Fatalf("exec result fed back = %q", r)
	}
}
