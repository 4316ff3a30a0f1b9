package sessions_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// fakeConfig configures the fake LLM as provider "fake" (model
// fake/fake-model, the default), over the completions API.
func fakeConfig(fake *fakellm.Server) string {
	return fmt.Sprintf(`{
  models: { providers: { fake: { baseUrl: %q, apiKey: "sk-test", api: "openai-completions",
    models: [ { id: "fake-model", name: "Fake Model", contextWindow: 128000, maxTokens: 4096 } ] } } },
  agents: { defaults: { model: { primary: "fake/fake-model" } } },
}`, fake.BaseURL(fakellm.APIOpenAICompletions))
}

// send runs one chat.send turn and waits for its chat final.
func send(t *testing.T, c *gatewaytest.Client, key, runID, text string) {
	t.Helper()
	c.Result("chat.send", obj{"sessionKey": key, "message": text, "idempotencyKey": runID}, nil)
	c.Next("chat final of "+runID, func(f *gatewaytest.Frame) bool {
		return f.Event == protocol.EventChat && strings.Contains(string(f.Payload), `"runId":"`+runID+`"`) &&
			strings.Contains(string(f.Payload), `"state":"final"`)
	})
}

// TestCompactionThroughTheRuntime runs real turns against the fake LLM,
// compacts through the runtime's summary call, and checks that the next
// turn sends the summary instead of the older messages while chat.history
// keeps them all; sessions.changed reports the runs and the compaction.
func TestCompactionThroughTheRuntime(t *testing.T) {
	fake := fakellm.Start(t, fakellm.Text("first answer"), fakellm.Text("second answer"),
		fakellm.Text("They asked two questions."), fakellm.Text("third answer"))
	e := start(t, gatewaytest.Options{Config: fakeConfig(fake)})
	admin := e.admin()
	admin.Result("sessions.subscribe", obj{}, nil)
	key := "agent:main:cmp"
	send(t, admin, key, "run-1", "question one")
	admin.Next("sessions.changed end", func(f *gatewaytest.Frame) bool {
		return f.Event == protocol.EventSessionsChanged && strings.Contains(string(f.Payload), `"phase":"end"`)
	})
	send(t, admin, key, "run-2", "question two")

	var res protocol.SessionsCompactResult
	admin.Result("sessions.compact", obj{"key": key}, &res)
	if !res.Compacted || res.Kept == nil || *res.Kept != 0 || !jsonEqual(string(res.Extra["summary"]), `"They asked two questions."`) {
		t.Fatalf("compact = %s", mustJSON(res))
	}
	reqs := fake.Requests()
	if len(reqs) != 3 || !strings.Contains(mustJSON(reqs[2].Messages()), "question one") ||
		!strings.Contains(mustJSON(reqs[2].Messages()), "second answer") {
		t.Fatalf("the summary call read %d requests; last %s", len(reqs), mustJSON(reqs[len(reqs)-1].Messages()))
	}
	admin.Next("sessions.changed compact", func(f *gatewaytest.Frame) bool {
		return f.Event == protocol.EventSessionsChanged && strings.Contains(string(f.Payload), `"reason":"compact"`)
	})

	send(t, admin, key, "run-3", "question three")
	next := fake.Requests()[3]
	if !strings.Contains(next.System(), "They asked two questions.") {
		t.Fatalf("the turn after compaction has no summary in its system prompt:\n%s", next.System())
	}
	if msgs := mustJSON(next.Messages()); strings.Contains(msgs, "question one") || !strings.Contains(msgs, "question three") {
		t.Fatalf("the turn after compaction sent %s", msgs)
	}
	if _, msgs := history(t, admin, obj{"sessionKey": key}); len(msgs) != 6 {
		t.Fatalf("history after compaction has %d messages, want all 6", len(msgs))
	}
	var list protocol.SessionsListResult
	admin.Result("sessions.list", obj{"search": "cmp"}, &list)
	if row := list.Sessions[0]; !jsonEqual(string(row.Extra["compactionCount"]), `1`) || deref(row.Model) != "fake-model" {
		t.Fatalf("row = %s", mustJSON(row))
	}
}

// TestDeleteAbortsTheSessionsRun holds a run mid-stream: sessions.list
// shows it running, and sessions.delete aborts it before removing the
// session.
func TestDeleteAbortsTheSessionsRun(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	fake := fakellm.Start(t, fakellm.Reply{Chunks: []string{"partial ", "never"}, Hold: hold, HoldAfter: 1})
	e := start(t, gatewaytest.Options{Config: fakeConfig(fake)})
	admin := e.admin()
	key := "agent:main:busy"
	admin.Result("chat.send", obj{"sessionKey": key, "message": "go", "idempotencyKey": "run-busy"}, nil)
	admin.Next("first delta", func(f *gatewaytest.Frame) bool {
		return f.Event == protocol.EventChat && strings.Contains(string(f.Payload), `"state":"delta"`)
	})
	var list protocol.SessionsListResult
	admin.Result("sessions.list", obj{"search": "busy"}, &list)
	if row := list.Sessions[0]; row.HasActiveRun == nil || !*row.HasActiveRun || deref(row.Status) != "running" {
		t.Fatalf("row while running = %s", mustJSON(row))
	}
	var del protocol.SessionsDeleteResult
	admin.Result("sessions.delete", obj{"key": key}, &del)
	if !del.Deleted {
		t.Fatalf("delete = %s", mustJSON(del))
	}
	admin.Next("chat aborted", func(f *gatewaytest.Frame) bool {
		return f.Event == protocol.EventChat && strings.Contains(string(f.Payload), `"state":"aborted"`)
	})
	admin.Result("agent.wait", obj{"runId": "run-busy", "timeoutMs": 5000}, nil)
	admin.Result("sessions.list", obj{"search": "busy"}, &list)
	if list.Count != 0 {
		t.Fatalf("the aborted run brought the deleted session back: %s", mustJSON(list.Sessions))
	}
}
