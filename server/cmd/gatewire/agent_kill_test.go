package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestKill9DuringARunKeepsTheAcknowledgedMessage: a gateway killed with
// SIGKILL while a run streams loses nothing chat.send acknowledged: after
// a restart on the same state directory the model sees the message.
func TestKill9DuringARunKeepsTheAcknowledgedMessage(t *testing.T) {
	fake := fakellm.Start(t, fakellm.Reply{Text: "thinking about it", Stall: true}, fakellm.Text("you said it"))
	dir := t.TempDir()
	cfg := fmt.Sprintf(`{"models": {"providers": {"fake": {"baseUrl": %q, "apiKey": "sk-test", "api": "openai-completions",
  "models": [{"id": "fake-model", "name": "Fake Model"}]}}}, "agents": {"defaults": {"model": {"primary": "fake/fake-model"}}}}`,
		fake.BaseURL(fakellm.APIOpenAICompletions))
	if err := os.WriteFile(filepath.Join(dir, "gatewire.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	args := []string{"gateway", "--state-dir", dir, "--port", strconv.Itoa(port), "--token", "kill-token"}
	p := launch(t, args...)
	waitLive(t, port, p)
	c := gatewaytest.Dial(t, "ws://127.0.0.1:"+strconv.Itoa(port))
	c.MustConnect(gatewaytest.ConnectParams("kill-token", "operator", "operator.write"))
	var res map[string]any
	c.Result("chat.send", map[string]any{"sessionKey": "agent:main:main", "message": "the secret word is plum", "idempotencyKey": "k-1"}, &res)
	if res["status"] != "started" {
		t.Fatalf("chat.send = %v", res)
	}
	c.NextEvent("chat") // the run is streaming
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.done
	p.done <- nil
	c.CloseNow()

	p = launch(t, args...)
	waitLive(t, port, p)
	c = gatewaytest.Dial(t, "ws://127.0.0.1:"+strconv.Itoa(port))
	c.MustConnect(gatewaytest.ConnectParams("kill-token", "operator", "operator.write"))
	c.Result("chat.send", map[string]any{"sessionKey": "agent:main:main", "message": "what was it?", "idempotencyKey": "k-2"}, &res)
	for {
		ev := c.NextEvent("chat")
		var p struct{ RunID, State string }
		json.Unmarshal(ev.Payload, &p)
		if p.RunID == "k-2" && p.State == "final" {
			break
		}
	}
	reqs := fake.Requests()
	conv := reqs[len(reqs)-1].Messages()
	if len(conv) < 2 || !strings.HasSuffix(conv[0][1], "] the secret word is plum") || !strings.HasSuffix(conv[len(conv)-1][1], "] what was it?") {
		t.Fatalf("after kill -9 the model saw %q", conv)
	}
}

// TestSigusr1DuringARunKeepsTheProcessAndTheMessage: an in-process
// restart while a run streams leaves the process serving, and the model
// of the next run sees the message chat.send acknowledged before it.
func TestSigusr1DuringARunKeepsTheProcessAndTheMessage(t *testing.T) {
	fake := fakellm.Start(t, fakellm.Reply{Text: "thinking about it", Stall: true}, fakellm.Text("you said it"))
	dir := t.TempDir()
	cfg := fmt.Sprintf(`{"models": {"providers": {"fake": {"baseUrl": %q, "apiKey": "sk-test", "api": "openai-completions",
  "models": [{"id": "fake-model", "name": "Fake Model"}]}}}, "agents": {"defaults": {"model": {"primary": "fake/fake-model"}}}}`,
		fake.BaseURL(fakellm.APIOpenAICompletions))
	if err := os.WriteFile(filepath.Join(dir, "gatewire.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	url := "ws://127.0.0.1:" + strconv.Itoa(port)
	p := launch(t, "gateway", "--state-dir", dir, "--port", strconv.Itoa(port), "--token", "usr1-run-token")
	waitLive(t, port, p)
	c := gatewaytest.Dial(t, url)
	c.MustConnect(gatewaytest.ConnectParams("usr1-run-token", "operator", "operator.write"))
	var res map[string]any
	c.Result("chat.send", map[string]any{"sessionKey": "agent:main:main", "message": "the secret word is plum", "idempotencyKey": "k-1"}, &res)
	if res["status"] != "started" {
		t.Fatalf("chat.send = %v", res)
	}
	c.NextEvent("chat") // the run is streaming
	if err := p.cmd.Process.Signal(syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	c.NextEvent("shutdown")
	c.Closed()

	waitLive(t, port, p)
	c = gatewaytest.Dial(t, url)
	c.MustConnect(gatewaytest.ConnectParams("usr1-run-token", "operator", "operator.write"))
	c.Result("chat.send", map[string]any{"sessionKey": "agent:main:main", "message": "what was it?", "idempotencyKey": "k-2"}, &res)
	for {
		ev := c.NextEvent("chat")
		var p struct{ RunID, State string }
		json.Unmarshal(ev.Payload, &p)
		if p.RunID == "k-2" && p.State == "final" {
			break
		}
	}
	reqs := fake.Requests()
	conv := reqs[len(reqs)-1].Messages()
	if len(conv) < 2 || !strings.HasSuffix(conv[0][1], "] the secret word is plum") || !strings.HasSuffix(conv[len(conv)-1][1], "] what was it?") {
		t.Fatalf("after the restart the model saw %q", conv)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.exitCode(t, 5*time.Second); code != 0 {
		t.Fatalf("exit %d\nstderr: %s", code, &p.stderr)
	}
	if errs := p.stderr.String(); errs != "" {
		t.Fatalf("stderr after the restart: %s", errs)
	}
}
