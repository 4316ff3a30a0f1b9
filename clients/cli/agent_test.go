package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// agentGateway starts a real gateway whose model is a fake LLM
// (openai-completions) answering replies, and a CLI for it.
func agentGateway(t *testing.T, replies ...fakellm.Reply) (*gatewaytest.Gateway, *cli, *fakellm.Server) {
	t.Helper()
	fake := fakellm.Start(t, replies...)
	config := fmt.Sprintf(`{
  "models": { "providers": { "fake": { "baseUrl": %q, "apiKey": "sk-test", "api": "openai-completions",
    "models": [ { "id": "fake-model", "name": "Fake Model", "contextWindow": 128000 } ] } } },
  "agents": { "defaults": { "model": { "primary": "fake/fake-model" } } }
}`, fake.BaseURL("openai-completions"))
	g := gatewaytest.Start(t, gatewaytest.Options{Config: config})
	return g, newCLI(t, string(g.StateDir), envURL, g.URL), fake
}

// agent runs one turn and prints the streamed answer; the model got the
// message; --json prints the final reply of the agent method.
func TestAgentStreamsTheAnswer(t *testing.T) {
	_, c, fake := agentGateway(t, fakellm.Text("Hello", ", ", "world."), fakellm.Text("second"),
		fakellm.Text("clear\x1b[2J\tscreen\nnext line"))
	r := c.ok("agent", "--message", "hi there")
	if r.stdout != "Hello, world.\n" {
		t.Fatalf("stdout = %q (stderr %q)", r.stdout, r.stderr)
	}
	if reqs := fake.Requests(); len(reqs) != 1 || !strings.HasSuffix(reqs[0].LastUserText(), "hi there") {
		t.Fatalf("model requests = %+v", reqs)
	}
	r = c.ok("agent", "--session", "agent:main:cli", "--message", "again", "--json")
	var final struct {
		RunID, Status string
		Result        struct {
			Payloads []struct{ Text string } `json:"payloads"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &final); err != nil || final.Status != "ok" || final.RunID == "" ||
		len(final.Result.Payloads) != 1 || final.Result.Payloads[0].Text != "second" {
		t.Fatalf("--json = %s (%v)", r.stdout, err)
	}
	// Terminal control sequences from the model are shown, not obeyed.
	if r = c.ok("agent", "-m", "escape"); r.stdout != "clear\\x1b[2J\tscreen\nnext line\n" {
		t.Fatalf("escaped stdout = %q", r.stdout)
	}
}

// A failing model makes the command fail with the gateway's error.
func TestAgentFailureExitsNonZero(t *testing.T) {
	_, c, _ := agentGateway(t, fakellm.Fail(400, "bad request"))
	c.fails([]string{"agent", "-m", "hi"}, "agent failed")
}

// Ctrl-C (here: the command's context ending) aborts the run on the
// gateway: the model's stream is cut and the command says so.
func TestAgentInterruptAbortsTheRun(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	_, c, fake := agentGateway(t, fakellm.Reply{Chunks: []string{"partial", " more"}, Hold: hold, HoldAfter: 1})
	ctx, cancel := context.WithCancel(context.Background())
	out := newSyncBuffer()
	done := make(chan result, 1)
	go func() { done <- c.runContext(ctx, out, "agent", "--message", "long one") }()
	out.waitFor(t, "the first chunk", func(s string) bool { return strings.Contains(s, "partial") })
	cancel()
	select {
	case r := <-done:
		if r.err == nil || !strings.Contains(r.err.Error(), "aborted") {
			t.Fatalf("interrupted agent = %v\nstdout: %s\nstderr: %s", r.err, r.stdout, r.stderr)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("agent did not end after the interrupt")
	}
	select {
	case <-fake.Gone():
	case <-time.After(10 * time.Second):
		t.Fatal("the model's stream was not cut")
	}
}

// chat sends each line, streams the reply, passes slash commands to the
// gateway, and ends at the end of its input once the reply is written.
func TestChatSendsLinesAndStreamsReplies(t *testing.T) {
	_, c, fake := agentGateway(t, fakellm.Text("first ", "answer"), fakellm.Text("second answer"))
	in, input := io.Pipe()
	out := newSyncBuffer()
	done := make(chan result, 1)
	go func() { done <- c.runInput(context.Background(), in, out, "chat", "--session", "agent:main:term") }()
	write := func(line string) {
		if _, err := io.WriteString(input, line+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	write("hello")
	out.waitFor(t, "the first reply", func(s string) bool { return strings.Contains(s, "first answer\n") })
	write("/status")
	write("and again")
	out.waitFor(t, "the second reply", func(s string) bool { return strings.Contains(s, "second answer\n") })
	contains(t, "chat output", out.String(), "Session: agent:main:term")
	input.Close()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("chat = %v\nstderr: %s", r.err, r.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("chat did not end with its input")
	}
	if n := len(fake.Requests()); n != 2 {
		t.Fatalf("model calls = %d, want 2 (the slash command is the gateway's)", n)
	}
	// A new chat on the same session starts with its history.
	out = newSyncBuffer()
	r := c.runInput(context.Background(), strings.NewReader(""), out, "chat", "--session", "agent:main:term")
	if r.err != nil || !strings.Contains(r.stdout, "user: hello\nassistant: first answer\n") {
		t.Fatalf("history = %q, %v", r.stdout, r.err)
	}
}

// Ctrl-C while a reply is being written stops the reply, not the chat.
func TestChatInterruptStopsTheReplyOnly(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	_, c, _ := agentGateway(t, fakellm.Reply{Chunks: []string{"slow", " rest"}, Hold: hold, HoldAfter: 1}, fakellm.Text("after"))
	in, input := io.Pipe()
	out := newSyncBuffer()
	interrupts := make(chan struct{}, 1)
	c.interrupts = interrupts
	done := make(chan result, 1)
	go func() { done <- c.runInput(context.Background(), in, out, "chat", "--session", "agent:main:int") }()
	if _, err := io.WriteString(input, "go\n"); err != nil {
		t.Fatal(err)
	}
	out.waitFor(t, "the first chunk", func(s string) bool { return strings.Contains(s, "slow") })
	interrupts <- struct{}{}
	out.waitFor(t, "the abort", func(s string) bool { return strings.Contains(s, "[aborted]") })
	if _, err := io.WriteString(input, "next\n"); err != nil {
		t.Fatal(err)
	}
	out.waitFor(t, "the next reply", func(s string) bool { return strings.Contains(s, "after\n") })
	input.Close()
	if r := <-done; r.err != nil {
		t.Fatalf("chat = %v", r.err)
	}
}

// interruptSignals turns each value on c.interrupts into an os.Interrupt
// until stopped.
func (c *cli) interruptSignals() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 1)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-c.interrupts:
				ch <- os.Interrupt
			case <-stop:
				return
			}
		}
	}()
	return ch, func() { close(stop) }
}
