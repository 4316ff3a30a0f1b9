package controlui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// openClawUI is a gateway serving OpenClaw's own Control UI bundle (the
// folder `make deps` fetched) with an agent on a fake provider, and a
// browser with that UI open and connected.
type openClawUI struct {
	g    *gatewaytest.Gateway
	fake *fakellm.Server
	page *browsertest.Page
}

// startOpenClawUI starts the gateway and opens the UI on path with the
// token in the fragment, as `openclaw dashboard` prints it.
func startOpenClawUI(t *testing.T, path string, replies ...fakellm.Reply) *openClawUI {
	t.Helper()
	bundle := browsertest.OpenClawControlUI(t)
	ws := filepath.Join(t.TempDir(), "workspace")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	fake := fakellm.Start(t, replies...)
	config := fmt.Sprintf(`{
  gateway: { controlUi: { root: %q } },
  models: { providers: { fake: { baseUrl: %q, apiKey: "sk-test", api: "openai-completions",
    models: [ { id: "fake-model", name: "Fake Model", contextWindow: 128000 } ] } } },
  agents: { defaults: { model: { primary: "fake/fake-model" }, workspace: %q } },
}`, bundle, fake.BaseURL("openai-completions"), ws)
	g := gatewaytest.Start(t, gatewaytest.Options{Config: config})
	b := browsertest.New(t)
	p := b.Page(t, g.HTTPURL+path+"#token="+g.Token)
	u := &openClawUI{g: g, fake: fake, page: p}
	u.waitConnected()
	return u
}

// app is the expression for OpenClaw's app element, whose properties
// are the UI's state.
const app = `document.querySelector("openclaw-app")`

func (u *openClawUI) waitConnected() {
	u.page.WaitEval(app + `?.connected === true && ` + app + `.hello != null`)
}

func TestOpenClawControlUIExplore(t *testing.T) {
	u := startOpenClawUI(t, "/overview")
	for _, view := range []string{"overview", "instances", "sessions", "nodes", "config", "logs", "agents", "usage", "skills", "chat", "channels", "cron"} {
		u.page.Navigate(u.g.HTTPURL + "/" + view)
		u.waitConnected()
		var state map[string]any
		u.page.Eval(`new Promise(r => setTimeout(r, 1500)).then(() => { const a = `+app+`; const o = {lastError: a.lastError, tab: a.tab};
			for (const k of Object.keys(a)) { if (/Error$/.test(k) && a[k]) o[k] = a[k]; }
			o.callouts = [...document.querySelectorAll(".callout.danger, .callout--danger, .error")].map(e => e.textContent.trim().slice(0, 200));
			return o; })`, &state)
		t.Logf("%s: %v", view, state)
	}
	t.Logf("console errors: %q", u.page.ConsoleErrors())
	t.Fail()
}
