package controlui_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/transcript"
)

// TestSessionsViewListsFiltersResetsCompactsAndDeletes drives the
// sessions view in a real browser over real sessions: rows with labels
// shown as text (a label holding markup never runs), the filter, compact
// (through the fake LLM's summary), reset and delete, each confirmed and
// seen by the gateway, a session created elsewhere appearing live, and a
// session opened in the chat view.
func TestSessionsViewListsFiltersResetsCompactsAndDeletes(t *testing.T) {
	fake := fakellm.Start(t, fakellm.Text("They said hello twice."))
	g := gatewaytest.Start(t, gatewaytest.Options{Config: fakeLLMConfig(fake)})
	admin := g.Operator(t, string(protocol.OperatorScopeAdmin))
	admin.Result(protocol.MethodSessionsSubscribe, map[string]any{}, nil)
	alpha, beta := "agent:main:alpha", "agent:main:beta"
	seed(t, g, alpha, "hello", "hi there")
	seed(t, g, beta, "hello again")
	evil := `<img src=x onerror="window.__pwned=1">beta`
	admin.Result(protocol.MethodSessionsPatch, map[string]any{"key": beta, "label": evil}, nil)

	p := opView(t, g, "sessions")
	row := func(key string) string { return `.view-sessions tr[data-key="` + key + `"]` }
	p.WaitVisible(row(alpha))
	p.WaitText(row(beta), evil)
	var pwned bool
	p.Eval(`window.__pwned === 1 || !!document.querySelector('div.view-sessions img')`, &pwned)
	if pwned {
		t.Fatal("a session label was rendered as markup")
	}

	setValue(p, `#sessions-search`, "ALPHA")
	p.WaitEval(`document.querySelectorAll('div.view-sessions tbody tr').length === 1 && !!document.querySelector('` + row(alpha) + `')`)
	setValue(p, `#sessions-search`, "")
	p.WaitVisible(row(beta))

	press(p, row(alpha)+` button[aria-label^="Compact"]`)
	confirmDialog(p)
	waitRow(t, admin, alpha, func(r *protocol.SessionRow) bool { return string(r.Extra["compactionCount"]) == "1" })

	before := sessionRow(t, admin, alpha).SessionID
	press(p, row(alpha)+` button[aria-label^="Reset"]`)
	confirmDialog(p)
	waitRow(t, admin, alpha, func(r *protocol.SessionRow) bool { return r.SessionID != nil && *r.SessionID != *before })
	var hist protocol.ChatHistoryResult
	admin.Result(protocol.MethodChatHistory, map[string]any{"sessionKey": alpha}, &hist)
	if len(hist.Messages) != 0 {
		t.Fatalf("history after a reset from the page has %d messages", len(hist.Messages))
	}

	press(p, row(beta)+` button.danger`)
	confirmDialog(p)
	p.WaitEval(`!document.querySelector('` + row(beta) + `')`)
	if r := sessionRow(t, admin, beta); r != nil {
		t.Fatalf("deleted from the page but still listed: %+v", r)
	}

	// A session created by someone else shows up (sessions.changed).
	admin.Result(protocol.MethodSessionsReset, map[string]any{"key": "agent:main:gamma"}, nil)
	p.WaitVisible(row("agent:main:gamma"))

	// Chat opens the session in the chat view.
	press(p, row(alpha)+` button[aria-label^="Open session"]`)
	p.WaitEval(`!!document.querySelector('.view-chat') && decodeURIComponent(location.pathname) === "/chat/` + alpha + `"`)
	p.NoConsoleErrors()
}

// fakeLLMConfig makes the fake LLM the default model (provider "fake").
func fakeLLMConfig(fake *fakellm.Server) string {
	return fmt.Sprintf(`{
  models: { providers: { fake: { baseUrl: %q, apiKey: "sk-test", api: "openai-completions",
    models: [ { id: "fake-model", name: "Fake Model", contextWindow: 128000, maxTokens: 4096 } ] } } },
  agents: { defaults: { model: { primary: "fake/fake-model" } } },
}`, fake.BaseURL(fakellm.APIOpenAICompletions))
}

// seed writes a conversation to key through the gateway's transcript
// store (what an agent run does): user and assistant turns in turn.
func seed(t *testing.T, g *gatewaytest.Gateway, key string, texts ...string) {
	t.Helper()
	msgs := make([]transcript.Message, len(texts))
	for i, text := range texts {
		role := transcript.RoleUser
		if i%2 == 1 {
			role = transcript.RoleAssistant
		}
		msgs[i] = transcript.Message{Role: role, Content: []transcript.Part{{Type: transcript.PartText, Text: text}}, Timestamp: int64(i + 1)}
	}
	if _, err := g.Transcripts().Append(context.Background(), key, msgs...); err != nil {
		t.Fatal(err)
	}
}

// sessionRow is key's row in sessions.list, or nil.
func sessionRow(t *testing.T, c *gatewaytest.Client, key string) *protocol.SessionRow {
	t.Helper()
	var list protocol.SessionsListResult
	c.Result(protocol.MethodSessionsList, map[string]any{"limit": 500}, &list)
	for i := range list.Sessions {
		if list.Sessions[i].Key == key {
			return &list.Sessions[i]
		}
	}
	return nil
}

// waitRow waits until key's row satisfies ok; the page's action has
// been sent by then only once the confirm dialog closed, so this waits on
// the gateway's own answer through new calls, never on a timer.
func waitRow(t *testing.T, c *gatewaytest.Client, key string, ok func(*protocol.SessionRow) bool) {
	t.Helper()
	for range 500 {
		if r := sessionRow(t, c, key); r != nil && ok(r) {
			return
		}
		c.Next("sessions.changed for "+key, func(f *gatewaytest.Frame) bool { return f.Event == protocol.EventSessionsChanged })
	}
	t.Fatalf("session %s never reached the expected state", key)
}
