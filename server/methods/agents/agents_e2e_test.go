package agents_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// operator connects a local backend operator with operator.read.
func operator(t *testing.T, g *gatewaytest.Gateway) *gatewaytest.Client {
	t.Helper()
	return g.Operator(t, "operator.read")
}

// payload calls method and returns its payload as compact JSON.
func payload(t *testing.T, c *gatewaytest.Client, method string, params any) string {
	t.Helper()
	res := c.Call(method, params)
	if !res.OK {
		t.Fatalf("%s: %s", method, res.Raw)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, res.Payload); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestWithoutConfigTheMainAgentIsAnAssistant(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g)
	ws, _ := json.Marshal(filepath.Join(string(g.StateDir), "workspace"))
	if got, want := payload(t, c, "agents.list", nil),
		`{"defaultId":"main","mainKey":"main","scope":"per-sender","agents":[{"id":"main","workspace":`+string(ws)+`}]}`; got != want {
		t.Fatalf("agents.list =\n%s\nwant\n%s", got, want)
	}
	want := `{"agentId":"main","name":"Assistant","avatar":"A","avatarStatus":"none","avatarReason":"missing"}`
	for _, params := range []any{nil, map[string]any{"sessionKey": "agent:main:main"}, map[string]any{"agentId": "main", "sessionKey": "main"}} {
		if got := payload(t, c, "agent.identity.get", params); got != want {
			t.Fatalf("agent.identity.get %v =\n%s\nwant\n%s", params, got, want)
		}
	}
}

const agentsConfig = `{
  models: { providers: { fake: { baseUrl: "http://127.0.0.1:9/v1", models: [ { id: "m" } ] } } },
  agents: {
    defaults: { model: "fake/m", workspace: "WS" },
    list: [
      { id: "zed", identity: { emoji: "🦥" } },
      { id: "ops", default: true, name: "Ops", model: { primary: "fake/big", fallbacks: ["fake/m"] },
        identity: { name: "Samantha", theme: "helpful sloth", emoji: "🦥", avatar: "avatars/s.png" } },
      { id: "web", identity: { name: "Web", avatar: "https://example.com/a.png" } },
    ],
  },
}`

func TestAgentsListShowsTheConfiguredAgentsDefaultFirst(t *testing.T) {
	ws := t.TempDir()
	if err := os.MkdirAll(filepath.Join(ws, "avatars"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "avatars", "s.png"), []byte("\x89PNG\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{Config: strings.Replace(agentsConfig, "WS", ws, 1)})
	got := payload(t, operator(t, g), "agents.list", map[string]any{})
	want := `{"defaultId":"ops","mainKey":"main","scope":"per-sender","agents":[` +
		`{"id":"ops","name":"Ops","identity":{"name":"Samantha","theme":"helpful sloth","emoji":"🦥","avatar":"avatars/s.png","avatarUrl":"data:image/png;base64,iVBORw0K"},"workspace":"` + ws + `","model":{"primary":"fake/big"}},` +
		`{"id":"web","identity":{"name":"Web","avatar":"https://example.com/a.png","avatarUrl":"https://example.com/a.png"},"workspace":"` + ws + `/web","model":{"primary":"fake/m"}},` +
		`{"id":"zed","identity":{"emoji":"🦥"},"workspace":"` + ws + `/zed","model":{"primary":"fake/m"}}]}`
	if got != want {
		t.Fatalf("agents.list =\n%s\nwant\n%s", got, want)
	}
}

func TestAgentIdentityResolvesAsV3Does(t *testing.T) {
	ws := t.TempDir()
	if err := os.MkdirAll(filepath.Join(ws, "avatars"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "avatars", "s.png"), []byte("\x89PNG"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{Config: strings.Replace(agentsConfig, "WS", ws, 1)})
	c := operator(t, g)
	cases := []struct {
		params any
		want   string
	}{
		// The default agent: a local avatar file inside its workspace.
		{nil, `{"agentId":"ops","name":"Samantha","avatar":"/avatar/ops","avatarSource":"avatars/s.png","avatarStatus":"local","emoji":"🦥"}`},
		// An emoji is the avatar of an agent without one.
		{map[string]any{"sessionKey": "agent:zed:chat-1"}, `{"agentId":"zed","name":"Assistant","avatar":"🦥","avatarStatus":"none","avatarReason":"missing","emoji":"🦥"}`},
		{map[string]any{"agentId": "WEB"}, `{"agentId":"web","name":"Web","avatar":"https://example.com/a.png","avatarSource":"remote URL","avatarStatus":"remote"}`},
		// An agent the config does not have: the defaults.
		{map[string]any{"agentId": "nobody"}, `{"agentId":"nobody","name":"Assistant","avatar":"A","avatarStatus":"none","avatarReason":"missing"}`},
	}
	for _, tc := range cases {
		if got := payload(t, c, "agent.identity.get", tc.params); got != tc.want {
			t.Errorf("agent.identity.get %v =\n%s\nwant\n%s", tc.params, got, tc.want)
		}
	}
	os.Remove(filepath.Join(ws, "avatars", "s.png"))
	if got := payload(t, c, "agent.identity.get", nil); !strings.Contains(got, `"avatarStatus":"none","avatarReason":"missing"`) {
		t.Fatalf("removed avatar file: %s", got)
	}
}

func TestAgentIdentityRefusesBadParams(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g)
	cases := []struct {
		params any
		want   string
	}{
		{map[string]any{"sessionKey": "agent:main"}, `invalid agent.identity.get params: malformed session key "agent:main"`},
		{map[string]any{"agentId": "ops", "sessionKey": "agent:main:main"}, `invalid agent.identity.get params: agent "ops" does not match session key agent "main"`},
		{map[string]any{"agentId": ""}, `invalid agent.identity.get params`},
		{map[string]any{"bogus": true}, `invalid agent.identity.get params`},
	}
	for _, tc := range cases {
		res := c.Call("agent.identity.get", tc.params)
		if res.OK || res.Error.Code != "INVALID_REQUEST" || !strings.HasPrefix(res.Error.Message, tc.want) {
			t.Errorf("%v = %s, want %q", tc.params, res.Raw, tc.want)
		}
	}
	if res := c.Call("agents.list", map[string]any{"bogus": 1}); res.OK || !strings.HasPrefix(res.Error.Message, "invalid agents.list params") {
		t.Errorf("agents.list bogus = %s", res.Raw)
	}
}
