package controlui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// openClawUI is a gateway serving OpenClaw's own Control UI bundle (the
// folder `make deps` fetched, openclaw@2026.5.7) with an agent on a fake
// provider, and a browser tab with that UI open and connected.
type openClawUI struct {
	g    *gatewaytest.Gateway
	page *browsertest.Page
}

// startOpenClawUI starts the gateway and opens the UI on path with the
// token in the fragment, as `openclaw dashboard` prints it, from
// 127.0.0.1 (a secure context, so the UI makes a device identity).
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
	p := browsertest.New(t).Page(t, g.HTTPURL+path+"#token="+g.Token)
	u := &openClawUI{g: g, page: p}
	u.waitConnected()
	return u
}

// app is OpenClaw's app element; it renders into the light DOM and its
// properties are the UI's state.
const app = `document.querySelector("openclaw-app")`

// waitConnected waits until the UI has its hello-ok.
func (u *openClawUI) waitConnected() {
	u.page.WaitEval(app + `?.connected === true && ` + app + `.hello != null`)
}

// uiErrors are the UI's error fields of the views under test: each is
// set when a call the view makes fails.
var uiErrors = []string{
	"lastError", "healthError", "presenceError", "sessionsError", "devicesError", "logsError", "usageError",
	"agentsError", "agentIdentityError", "agentFilesError", "modelAuthStatusError", "skillsError", "channelsError",
	"debugCallError",
}

// settledState waits for the view's calls to settle, then reads the
// error fields that are set, the danger callouts shown and the uncaught
// exceptions so far.
func (u *openClawUI) settledState(t *testing.T, view string) (errs map[string]any, callouts []string) {
	t.Helper()
	u.page.WaitEval(app + `.tab === ` + fmt.Sprintf("%q", view))
	u.page.Eval(`new Promise(r => setTimeout(r, 1000))`, nil) // the view's first calls answer in well under a second
	js := `(() => { const a = ` + app + `; const o = {};
		for (const k of ` + jsonList(uiErrors) + `) { if (a[k]) o[k] = String(a[k]); }
		return o; })()`
	u.page.Eval(js, &errs)
	u.page.Eval(`[...document.querySelectorAll(".callout.danger")].map(e => e.textContent.trim())`, &callouts)
	return errs, callouts
}

// jsonList writes names as a JavaScript array literal.
func jsonList(names []string) string {
	return `["` + strings.Join(names, `","`) + `"]`
}

func TestOpenClawControlUIViewsWorkAgainstGatewire(t *testing.T) {
	u := startOpenClawUI(t, "/overview")
	// The browser was paired silently (a local browser) and holds an
	// operator device token; its device is listed as paired.
	var paired bool
	u.page.Eval(`(() => { const id = JSON.parse(localStorage.getItem("openclaw-device-identity-v1")).deviceId;
		return !!localStorage.getItem("openclaw.device.auth.v1") && id.length > 0 })()`, &paired)
	if !paired {
		t.Fatal("the browser holds no device identity and device token")
	}
	// control-ui-config.json gave the UI gatewire's version, which it
	// reports as its own, and the session defaults name the main session.
	var hello struct {
		Version, MainSessionKey string
	}
	u.page.Eval(`({version: `+app+`.serverVersion ?? "", mainSessionKey: `+app+`.hello.snapshot.sessionDefaults.mainSessionKey})`, &hello)
	if hello.MainSessionKey != "agent:main:main" {
		t.Errorf("sessionDefaults.mainSessionKey = %q", hello.MainSessionKey)
	}
	for _, view := range []string{"overview", "instances", "sessions", "nodes", "config", "logs", "agents", "usage", "skills", "chat"} {
		u.page.Navigate(u.g.HTTPURL + "/" + view)
		u.waitConnected()
		errs, callouts := u.settledState(t, view)
		if len(errs) > 0 || len(callouts) > 0 {
			t.Errorf("%s: errors %v, callouts %q", view, errs, callouts)
		}
	}
	u.page.Navigate(u.g.HTTPURL + "/nodes")
	u.waitConnected()
	u.page.WaitEval(app + `.devicesList?.paired?.some(d => d.deviceId === JSON.parse(localStorage.getItem("openclaw-device-identity-v1")).deviceId)`)
	u.page.WaitEval(app + `.execApprovalsSnapshot != null`)
	u.page.Navigate(u.g.HTTPURL + "/config")
	u.waitConnected()
	u.page.WaitEval(app + `.configSnapshot?.hash && ` + app + `.configSchema != null`)
	if errs := u.page.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

func TestOpenClawControlUIChatStreamsTheReply(t *testing.T) {
	u := startOpenClawUI(t, "/chat", fakellm.Text("Hello ", "from ", "the fake ", "model."))
	u.page.WaitEval(app + `.chatLoading === false`)
	u.page.Type(".agent-chat__input textarea", "Say hello\n")
	u.page.WaitEval(app + `.chatMessages.some(m => m.role === "user" && JSON.stringify(m.content).includes("Say hello"))`)
	u.page.WaitEval(app + `.chatMessages.some(m => m.role === "assistant" && JSON.stringify(m.content).includes("Hello from the fake model."))`)
	u.page.WaitEval(`document.querySelector("openclaw-app").innerText.includes("Hello from the fake model.")`)
	errs, callouts := u.settledState(t, "chat")
	if len(errs) > 0 || len(callouts) > 0 {
		t.Errorf("chat: errors %v, callouts %q", errs, callouts)
	}
	if errs := u.page.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}
