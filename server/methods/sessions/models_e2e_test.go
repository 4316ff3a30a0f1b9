package sessions_test

import (
	"math"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/transcript"
)

// providerConfig configures one OpenAI-compatible provider with two
// priced models (agent-reference §1's shape); nothing listens at its URL,
// and nothing here calls it.
const providerConfig = `{
  models: { providers: { fake: {
    baseUrl: "http://127.0.0.1:9/v1", apiKey: "sk-test", api: "openai-completions",
    models: [
      { id: "fake-model", name: "Fake Model", contextWindow: 128000, maxTokens: 4096,
        cost: { input: 2, output: 10, cacheRead: 0.5, cacheWrite: 0 } },
      { id: "fake-large", name: "Fake Large", contextWindow: 200000, reasoning: true,
        cost: { input: 4, output: 20, cacheRead: 0, cacheWrite: 0 } },
    ],
  } } },
  agents: { defaults: { model: { primary: "fake/fake-model" } } },
}`

func TestSessionsUseTheConfiguredModels(t *testing.T) {
	e := start(t, gatewaytest.Options{Config: providerConfig})
	admin := e.admin()
	key := "agent:main:m1"

	var list protocol.SessionsListResult
	admin.Result("sessions.list", obj{}, &list)
	if deref(list.Defaults.ModelProvider) != "fake" || deref(list.Defaults.Model) != "fake-model" ||
		list.Defaults.ContextTokens == nil || *list.Defaults.ContextTokens != 128000 {
		t.Fatalf("defaults = %s", mustJSON(list.Defaults))
	}

	var res protocol.SessionsPatchResult
	admin.Result("sessions.patch", obj{"key": key, "model": "fake-large"}, &res)
	if !jsonEqual(string(res.Entry["providerOverride"]), `"fake"`) || !jsonEqual(string(res.Entry["modelOverride"]), `"fake-large"`) {
		t.Fatalf("patch model = %s", mustJSON(res.Entry))
	}
	admin.Result("sessions.list", obj{"search": "m1"}, &list)
	if row := list.Sessions[0]; deref(row.Model) != "fake-large" || row.ContextTokens == nil || *row.ContextTokens != 200000 ||
		!jsonEqual(string(row.Extra["thinkingDefault"]), `"low"`) {
		t.Fatalf("row = %s", mustJSON(row))
	}
	// A reasoning model thinks at "low" unless the session says otherwise (v3's default).
	if h, _ := history(t, admin, obj{"sessionKey": key}); deref(h.ThinkingLevel) != "low" {
		t.Fatalf("thinkingLevel on a reasoning model = %v", deref(h.ThinkingLevel))
	}
	var back protocol.SessionsPatchResult
	admin.Result("sessions.patch", obj{"key": key, "model": "fake/fake-model"}, &back)
	if back.Entry["modelOverride"] != nil {
		t.Fatalf("patching to the default keeps an override: %s", mustJSON(back.Entry))
	}
	wantError(t, admin.Call("sessions.patch", obj{"key": key, "model": "nope/x"}), "INVALID_REQUEST",
		`Unknown model: nope/x (no provider "nope" in models.providers)`)

	// 1M input and 100k output tokens of fake-model: $2 + $1; the
	// provider reported no cost, so the configured prices make it.
	e.seed(key, assistant("a", 1, &transcript.Usage{Input: 1_000_000, Output: 100_000, TotalTokens: 1_100_000}))
	var cost protocol.UsageCostResult
	admin.Result("usage.cost", obj{"startDate": "1970-01-01", "endDate": "1970-01-01"}, &cost)
	if math.Abs(cost.Totals.TotalCost-3) > 1e-9 || cost.Totals.InputCost != 2 || math.Abs(cost.Totals.OutputCost-1) > 1e-9 ||
		cost.Totals.MissingCostEntries != 0 {
		t.Fatalf("usage.cost totals = %s", mustJSON(cost.Totals))
	}
}
