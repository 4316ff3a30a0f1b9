package agents_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestAgentsInV4: at protocol 4 agents.list says the list is the
// gateway's own (ownership sole, no selection required) and each agent's
// thinking levels and default (its model reasons: "low"), and
// agent.identity.get where the name comes from.
func TestAgentsInV4(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{
  models: { providers: { fake: { baseUrl: "http://127.0.0.1:9/v1", models: [ { id: "m", reasoning: true } ] } } },
  agents: { list: [ { id: "main", default: true, identity: { name: "Sam" } }, { id: "web" } ] } }`})
	c := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleOperator), "operator.read")
	p.MinProtocol, p.MaxProtocol = 4, 4
	c.MustConnect(p)
	ws, _ := json.Marshal(filepath.Join(string(g.StateDir), "workspace"))
	wsWeb, _ := json.Marshal(filepath.Join(string(g.StateDir), "workspace-web"))
	thinking := `"thinkingLevels":[{"id":"off","label":"off"},{"id":"minimal","label":"minimal"},{"id":"low","label":"low"},` +
		`{"id":"medium","label":"medium"},{"id":"high","label":"high"}],"thinkingOptions":["off","minimal","low","medium","high"],` +
		`"thinkingDefault":"low"`
	if got, want := payload(t, c, "agents.list", nil), `{"defaultId":"main","mainKey":"main","scope":"per-sender","agents":[`+
		`{"id":"main","identity":{"name":"Sam"},"workspace":`+string(ws)+`,`+thinking+`},{"id":"web","workspace":`+string(wsWeb)+`,`+thinking+`}],`+
		`"ownership":"sole","selectionRequired":false}`; got != want {
		t.Fatalf("agents.list =\n%s\nwant\n%s", got, want)
	}
	for _, tc := range []struct{ params, want string }{
		{`{}`, `{"agentId":"main","name":"Sam","nameSource":"agent","avatar":"A","avatarStatus":"none","avatarReason":"missing"}`},
		{`{"agentId":"web"}`, `{"agentId":"web","name":"Assistant","nameSource":"default","avatar":"A","avatarStatus":"none","avatarReason":"missing"}`},
	} {
		if got := payload(t, c, "agent.identity.get", json.RawMessage(tc.params)); got != tc.want {
			t.Errorf("agent.identity.get %s =\n%s\nwant\n%s", tc.params, got, tc.want)
		}
	}
}
