package models_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// operator connects a local backend operator with operator.read (and
// admin when asked).
func operator(t *testing.T, g *gatewaytest.Gateway, scopes ...string) *gatewaytest.Client {
	t.Helper()
	return g.Operator(t, append([]string{"operator.read"}, scopes...)...)
}

const providersConfig = `{
  models: {
    mode: "merge",
    providers: {
      fake: { baseUrl: "http://127.0.0.1:9/v1", apiKey: "sk-fake", api: "openai-completions",
              models: [ { id: "fake-model", name: "Fake Model", reasoning: false, input: ["text"], contextWindow: 128000, maxTokens: 4096 },
                        { id: "vision", reasoning: true, input: ["text", "image"] } ] },
      anth: { api: "anthropic-messages", models: [ { id: "claude" } ] },
    },
    catalog: [ { id: "legacy", name: "Legacy", provider: "old", contextWindow: 8192 }, { id: "vision", name: "dup", provider: "fake" } ],
  },
  agents: { defaults: { model: { primary: "fake/fake-model" } } },
}`

func TestModelsListListsTheProvidersModels(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: providersConfig})
	res := operator(t, g).Call("models.list", map[string]any{"view": "configured"})
	if !res.OK {
		t.Fatal(string(res.Raw))
	}
	// v3's entries: provider, id, name, contextWindow, reasoning, input;
	// providers by id; the deprecated catalog's extra entries last.
	want := `{"models":[` +
		`{"id":"claude","name":"claude","provider":"anth","contextWindow":200000,"reasoning":false,"input":["text"]},` +
		`{"id":"fake-model","name":"Fake Model","provider":"fake","contextWindow":128000,"reasoning":false,"input":["text"]},` +
		`{"id":"vision","name":"vision","provider":"fake","contextWindow":200000,"reasoning":true,"input":["text","image"]},` +
		`{"id":"legacy","name":"Legacy","provider":"old","contextWindow":8192}]}`
	if got := compact(t, res.Payload); got != want {
		t.Fatalf("models.list =\n%s\nwant\n%s", got, want)
	}
}

func TestModelsListIsEmptyWithoutProvidersAndFollowsConfigWrites(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, "operator.admin")
	if res := c.Call("models.list", nil); !res.OK || compact(t, res.Payload) != `{"models":[]}` {
		t.Fatalf("models.list = %s", res.Raw)
	}
	var snap protocol.ConfigSnapshot
	c.Result("config.get", nil, &snap)
	c.Result("config.patch", map[string]any{
		"raw": `{ models: { providers: { local: { baseUrl: "http://127.0.0.1:8/v1", models: [ { id: "m" } ] } } } }`, "baseHash": snap.Hash,
	}, nil)
	var list protocol.ModelsListResult
	c.Result("models.list", nil, &list)
	if len(list.Models) != 1 || list.Models[0].Provider != "local" || list.Models[0].ID != "m" {
		t.Fatalf("after config.patch: %+v", list)
	}
}

func TestModelsAuthStatusSaysWhichProvidersHaveAKey(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{
		Config: `{ models: { providers: {
  cfg: { baseUrl: "http://127.0.0.1:1/v1", apiKey: "sk-cfg" },
  anthropic: { api: "anthropic-messages" },
  local: { baseUrl: "http://127.0.0.1:2/v1" },
  openai: { api: "openai-responses" },
} } }`,
		Env: map[string]string{"ANTHROPIC_API_KEY": "sk-ant-env"},
	})
	res := operator(t, g).Call("models.authStatus", map[string]any{"refresh": true})
	if !res.OK {
		t.Fatal(string(res.Raw))
	}
	var st protocol.ModelsAuthStatusResult
	if err := json.Unmarshal(res.Payload, &st); err != nil || st.Ts <= 0 {
		t.Fatalf("authStatus = %s (%v)", res.Payload, err)
	}
	got, _ := json.Marshal(st.Providers)
	want := `[{"provider":"anthropic","displayName":"anthropic","status":"static","profiles":[{"profileId":"anthropic:env","type":"api_key","status":"static"}]},` +
		`{"provider":"cfg","displayName":"cfg","status":"static","profiles":[{"profileId":"cfg:config","type":"api_key","status":"static"}]},` +
		`{"provider":"openai","displayName":"openai","status":"missing","profiles":[]}]`
	if string(got) != want {
		t.Fatalf("providers =\n%s\nwant\n%s", got, want)
	}
	if strings.Contains(string(res.Raw), "sk-") {
		t.Fatalf("a key in the reply: %s", res.Raw)
	}
}

func TestModelsMethodsRefuseBadParams(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g)
	for method, params := range map[string]any{
		"models.list":       map[string]any{"view": "everything"},
		"models.authStatus": map[string]any{"refresh": "yes"},
	} {
		res := c.Call(method, params)
		if res.OK || res.Error.Code != "INVALID_REQUEST" || !strings.HasPrefix(res.Error.Message, "invalid "+method+" params") {
			t.Errorf("%s %v = %s", method, params, res.Raw)
		}
	}
}

// compact re-encodes JSON without spaces, keys in their order.
func compact(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
