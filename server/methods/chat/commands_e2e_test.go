package chat_test

import (
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// reply sends a slash command through chat.send and returns the text of
// its answer (the run's chat final).
func reply(t *testing.T, c *gatewaytest.Client, key, message, id string) string {
	t.Helper()
	var res map[string]any
	c.Result("chat.send", map[string]any{"sessionKey": key, "message": message, "idempotencyKey": id}, &res)
	if res["status"] != "started" {
		t.Fatalf("%s answered %v", message, res)
	}
	evs := until(t, c, id)
	return evs[len(evs)-1].text()
}

func TestSlashCommandsAnswerWithoutTheModel(t *testing.T) {
	e := start(t, fakellm.APIOpenAICompletions, fakellm.Text("done"))
	c := e.operator(write, admin)
	const key = "agent:main:cmd"
	if got := reply(t, c, key, "/status", "st-1"); !strings.Contains(got, "Session: "+key) || !strings.Contains(got, "Model: fake/fake-model") ||
		!strings.Contains(got, "Run: idle") {
		t.Fatalf("/status = %q", got)
	}
	if got := reply(t, c, key, "/model", "m-1"); !strings.Contains(got, "* 1. fake/fake-model") || !strings.Contains(got, "  2. fake/other-model") {
		t.Fatalf("/model = %q", got)
	}
	if got := reply(t, c, key, "/model 2", "m-2"); got != "Model set to fake/other-model." {
		t.Fatalf("/model 2 = %q", got)
	}
	if got := reply(t, c, key, "/model nope/nothing", "m-3"); !strings.HasPrefix(got, "Unknown model: nope/nothing.") {
		t.Fatalf("/model nope = %q", got)
	}
	c.Call("chat.send", map[string]any{"sessionKey": key, "message": "hi", "idempotencyKey": "m-4"})
	until(t, c, "m-4")
	if m := e.fake.Requests()[0].Model(); m != "other-model" {
		t.Fatalf("the turn after /model used %q", m)
	}
	if got := reply(t, c, key, "/new", "n-1"); got != "✅ New session started." {
		t.Fatalf("/new = %q", got)
	}
	if n := len(e.fake.Requests()); n != 1 {
		t.Fatalf("the commands called the model: %d calls", n)
	}
}

// TestSlashCommandsAreAuthorizedAsTheirMethods (security invariant 12):
// a write-scoped caller may chat and read the status, but /reset needs
// what sessions.reset needs and /model <x> what sessions.patch needs.
func TestSlashCommandsAreAuthorizedAsTheirMethods(t *testing.T) {
	e := start(t, fakellm.APIOpenAICompletions)
	c := e.operator(write)
	for _, msg := range []string{"/reset", "/new", "/model fake/other-model"} {
		f := c.Call("chat.send", map[string]any{"sessionKey": "agent:main:auth", "message": msg, "idempotencyKey": "a-" + msg})
		if f.OK || f.Error.Message != "missing scope: operator.admin" {
			t.Errorf("%s by a writer = %s", msg, f.Raw)
		}
		f = c.Call("agent", map[string]any{"sessionKey": "agent:main:auth", "message": msg, "idempotencyKey": "b-" + msg})
		if f.OK || f.Error.Message != "missing scope: operator.admin" {
			t.Errorf("%s through agent by a writer = %s", msg, f.Raw)
		}
	}
	if got := reply(t, c, "agent:main:auth", "/status", "s-1"); !strings.Contains(got, "Session: agent:main:auth") {
		t.Fatalf("/status by a writer = %q", got)
	}
	f := c.Call("agent", map[string]any{"agentId": "main", "message": "hi", "model": "fake/other-model", "idempotencyKey": "o-1"})
	if f.OK || f.Error.Message != "missing scope: operator.admin" {
		t.Fatalf("a model override by a writer = %s", f.Raw)
	}
}

func TestStopMessageAbortsTheSessionsRun(t *testing.T) {
	e := start(t, fakellm.APIOpenAICompletions, fakellm.Reply{Text: "working", Stall: true})
	c := e.operator(write)
	c.Call("chat.send", map[string]any{"sessionKey": "agent:main:stop", "message": "long task", "idempotencyKey": "long-1"})
	c.Next("first delta", func(f *gatewaytest.Frame) bool { return isRunEvent(f, "long-1") && f.IsEvent("chat") })
	other := e.operator(write) // another connection without a device: not the run's owner
	if f := other.Call("chat.send", map[string]any{"sessionKey": "agent:main:stop", "message": "/stop", "idempotencyKey": "stop-x"}); f.OK {
		t.Fatalf("a stranger's /stop = %s", f.Raw)
	}
	var res map[string]any
	c.Result("chat.send", map[string]any{"sessionKey": "agent:main:idle", "message": "/stop now please", "idempotencyKey": "stop-0"}, &res)
	if res["ok"] != true || res["aborted"] != false {
		t.Fatalf("/stop with words in an idle session = %v", res)
	}
	c.Result("chat.send", map[string]any{"sessionKey": "agent:main:stop", "message": "Stop!", "idempotencyKey": "stop-1"}, &res)
	if res["ok"] != true || res["aborted"] != true || res["runIds"].([]any)[0] != "long-1" {
		t.Fatalf("stop = %v", res)
	}
	evs := until(t, c, "long-1")
	if ab := evs[len(evs)-2]; ab.State != "aborted" || ab.StopReason != "stop" {
		t.Fatalf("abort events = %q", labels(evs))
	}
}

func TestCommandsList(t *testing.T) {
	e := start(t, fakellm.APIOpenAICompletions)
	c := e.operator(read)
	var res struct {
		Commands []struct {
			Name        string
			TextAliases []string
			AcceptsArgs bool
			Args        []map[string]any
		}
	}
	c.Result("commands.list", map[string]any{}, &res)
	var names []string
	for _, cmd := range res.Commands {
		names = append(names, cmd.Name)
		if cmd.TextAliases[0] != "/"+cmd.Name || cmd.AcceptsArgs != (len(cmd.Args) > 0) {
			t.Errorf("entry %+v", cmd)
		}
	}
	if strings.Join(names, " ") != "stop new reset model status" {
		t.Fatalf("commands = %v", names)
	}
	if f := c.Call("commands.list", map[string]any{"agentId": "ghost"}); f.OK || f.Error.Message != `unknown agent id "ghost"` {
		t.Fatalf("unknown agent = %s", f.Raw)
	}
}
