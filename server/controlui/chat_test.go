package controlui_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// providerConfig is a config whose default model is served by the fake LLM.
func providerConfig(fake *fakellm.Server) string {
	api := fakellm.APIOpenAICompletions
	return fmt.Sprintf(`{
  "models": { "providers": { "fake": { "baseUrl": %q, "apiKey": "sk-test", "api": %q,
    "models": [ { "id": "fake-model", "name": "Fake Model", "contextWindow": 128000, "maxTokens": 4096 } ] } } },
  "agents": { "defaults": { "model": { "primary": "fake/fake-model" } } }
}`, fake.BaseURL(api), api)
}

// chatEnv is a gateway over a fake LLM and a page on its chat view.
func chatEnv(t *testing.T, session string, replies ...fakellm.Reply) (*gatewaytest.Gateway, *browsertest.Page) {
	t.Helper()
	return chatEnvFragment(t, session, "", replies...)
}

// chatEnvFragment is chatEnv with more fragment parameters.
func chatEnvFragment(t *testing.T, session, fragment string, replies ...fakellm.Reply) (*gatewaytest.Gateway, *browsertest.Page) {
	t.Helper()
	fake := fakellm.Start(t, replies...)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: providerConfig(fake)})
	path := "chat"
	if session != "" {
		path += "/" + url.PathEscape(session)
	}
	p := openUIFragment(t, g, path, fragment)
	waitChat(p)
	return g, p
}

// waitChat waits until the chat view has loaded its sessions and
// history, so that its layout no longer moves under a click.
func waitChat(p *browsertest.Page) {
	p.WaitEval(`document.querySelector('.chat[data-ready]')`)
}

// send types a message and presses Enter.
func send(p *browsertest.Page, text string) {
	p.Type("#chat-input", text+"\n")
}

// TestChatStreamsReply: a sent message shows at once, the reply streams
// in (the first chunk is on screen while the model holds the rest), ends
// rendered as Markdown, and is in the history after a reload.
func TestChatStreamsReply(t *testing.T) {
	hold := make(chan struct{})
	_, p := chatEnv(t, "", fakellm.Reply{Chunks: []string{"Hello", " from **the model**"}, Hold: hold, HoldAfter: 1})
	send(p, "hi there")
	p.WaitText("#chat-log .msg.user", "hi there")
	p.WaitText("#chat-log .msg.assistant.streaming", "Hello")
	close(hold)
	p.WaitEval(`document.querySelector('#chat-log .msg.assistant[data-run][data-done] strong')?.textContent === 'the model'`)
	var marks int
	p.Eval(`performance.getEntriesByType('mark').filter(m => m.name.startsWith('gw:chat-rendered:')).length`, &marks)
	if marks < 2 {
		t.Errorf("%d gw:chat-rendered marks, want one per chat event (delta and final at least)", marks)
	}
	var render []float64
	p.Eval(`performance.getEntriesByType('measure').filter(m => m.name.startsWith('gw:chat:')).map(m => m.duration)`, &render)
	if len(render) != marks {
		t.Errorf("%d gw:chat: measures for %d rendered events", len(render), marks)
	}
	t.Logf("chat event arrival to rendered (ms): %v", render)
	p.Navigate(strings.Split(currentURL(p), "#")[0])
	p.WaitText("#chat-log", "Hello from the model")
	p.WaitText("#chat-log .msg.user", "hi there")
	p.NoConsoleErrors()
}

// TestChatAbort: Stop ends a run the model keeps open; the bubble says so.
func TestChatAbort(t *testing.T) {
	_, p := chatEnv(t, "", fakellm.Reply{Text: "working on it", Stall: true})
	send(p, "take your time")
	p.WaitText("#chat-log .msg.assistant.streaming", "working on it")
	p.WaitEval(`!document.querySelector('#chat-stop').disabled`)
	p.Click("#chat-stop")
	p.WaitText("#chat-log .msg.assistant[data-done]", "Stopped.")
	p.WaitEval(`document.querySelector('#chat-stop').disabled`)
}

// TestChatNewSession: New session switches to a fresh key, which goes in
// the address, and a message there starts that session.
func TestChatNewSession(t *testing.T) {
	_, p := chatEnv(t, "", fakellm.Text("fresh"))
	p.Click("#chat-new")
	p.WaitEval(`location.pathname.includes('webchat-')`)
	waitChat(p)
	send(p, "first words")
	p.WaitText("#chat-log .msg.assistant[data-done]", "fresh")
	p.WaitEval(`[...document.querySelectorAll('#chat-session option')].some(o => o.selected && o.value.includes('webchat-'))`)
}

// TestChatScriptInjection: markup in model output and in a session label
// is shown as text; nothing of it runs or becomes an element.
func TestChatScriptInjection(t *testing.T) {
	evil := `<img src=x onerror="window.pwned='img'"><script>window.pwned='script'</script>` +
		"\n\n[click](javascript:window.pwned='link') <b onmouseover=\"window.pwned='b'\">bold</b>"
	g, p := chatEnv(t, "agent:main:evil", fakellm.Text(evil))
	op := g.Operator(t, string(protocol.OperatorScopeAdmin))
	label := `<img src=x onerror="window.pwned='label'">`
	if f := op.Call(protocol.MethodSessionsPatch, map[string]any{"key": "agent:main:evil", "label": label}); !f.OK {
		t.Fatalf("sessions.patch: %s", f.Raw)
	}
	p.Navigate(strings.Split(currentURL(p), "#")[0])
	waitChat(p)
	send(p, "be evil")
	p.WaitText("#chat-log .msg.assistant[data-done]", "<script>window.pwned='script'</script>")
	p.WaitEval(`[...document.querySelectorAll('#chat-session option')].some(o => o.textContent.includes(` + "`" + label + "`" + `))`)
	var out struct {
		Pwned  any
		Tags   int
		Anchor int
	}
	p.Eval(`({pwned: window.pwned ?? null,
	  tags: document.querySelectorAll('#chat-log img, #chat-log script, #chat-log b, #chat-session img').length,
	  anchor: [...document.querySelectorAll('#chat-log a')].filter(a => !/^https?:|^mailto:/.test(a.href)).length})`, &out)
	if out.Pwned != nil || out.Tags != 0 || out.Anchor != 0 {
		t.Fatalf("injected markup took effect: %+v", out)
	}
	p.WaitText("#chat-log .msg.assistant[data-done]", "click (javascript:")
}

// currentURL is the page's address.
func currentURL(p *browsertest.Page) string {
	var u string
	p.Eval(`location.href`, &u)
	return u
}

// TestChatToolCalls: a tool call of the model shows with its arguments
// and result while the run goes on, and again from the history.
func TestChatToolCalls(t *testing.T) {
	fake := fakellm.Start(t,
		fakellm.Calls(fakellm.ToolCall{ID: "call-1", Name: "read", Arguments: `{"path":"notes.txt"}`}),
		fakellm.Text("The notes say hello."))
	g := gatewaytest.Start(t, gatewaytest.Options{Config: providerConfig(fake)})
	ws := filepath.Join(string(g.StateDir), "workspace")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "notes.txt"), []byte("hello from the notes file"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := openUI(t, g, "chat")
	waitChat(p)
	send(p, "read my notes")
	p.WaitText("#chat-log .msg.assistant[data-done]", "The notes say hello.")
	p.WaitText("#chat-log details.tool summary", "Tool call: read")
	p.WaitText("#chat-log details.tool .tool-args", "notes.txt")
	p.WaitText("#chat-log details.tool .tool-result", "hello from the notes file")
	p.Navigate(strings.Split(currentURL(p), "#")[0])
	waitChat(p)
	p.WaitText("#chat-log details.tool summary", "Tool call: read")
	p.WaitText("#chat-log details.tool .tool-result", "hello from the notes file")
	p.NoConsoleErrors()
}

// TestProtocol3: pinned to protocol 3 (v3 chat events carry no
// deltaText), the page connects at 3, shows the overview and streams a
// reply.
func TestProtocol3(t *testing.T) {
	hold := make(chan struct{})
	_, p := chatEnvFragment(t, "", "protocol=3", fakellm.Reply{Chunks: []string{"Old", " but **gold**"}, Hold: hold, HoldAfter: 1})
	var v int
	p.Eval(`window.__gatewire.gw.protocol`, &v)
	if v != 3 {
		t.Fatalf("connected at protocol %d, want 3", v)
	}
	send(p, "hello v3")
	p.WaitText("#chat-log .msg.assistant.streaming", "Old")
	close(hold)
	p.WaitEval(`document.querySelector('#chat-log .msg.assistant[data-done] strong')?.textContent === 'gold'`)
	p.Click(`#nav a[data-view="overview"]`)
	p.WaitText("#overview-protocol", "3")
	p.WaitText("#overview-status", "OK")
	p.NoConsoleErrors()
}
