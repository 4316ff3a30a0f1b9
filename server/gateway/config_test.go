package gateway_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

const secretConfig = `{
  // gatewire test config
  gateway: { auth: { token: "file-secret-token" } },
}
`

func TestConfigGetRedactsSecrets(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: secretConfig})
	c := operator(t, g, read)
	var snap protocol.ConfigSnapshot
	c.Result("config.get", nil, &snap)
	res := c.Call("config.get", nil)
	if strings.Contains(string(res.Raw), "file-secret-token") {
		t.Fatalf("secret in config.get: %s", res.Raw)
	}
	if !snap.Exists || !snap.Valid || snap.Raw == nil || !strings.Contains(*snap.Raw, "// gatewire test config") ||
		!strings.Contains(*snap.Raw, config.Redacted) || snap.Hash != config.HashRaw(secretConfig) {
		t.Fatalf("snapshot = %+v", snap)
	}
}

func TestConfigSetNeedsTheCurrentHash(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: secretConfig})
	c := operator(t, g, admin)
	res := c.Call("config.set", map[string]any{"raw": `{ logging: { level: "debug" } }`})
	if res.OK || res.Error.Message != "config base hash required; re-run config.get and retry" {
		t.Fatalf("set without hash = %s", res.Raw)
	}
	res = c.Call("config.set", map[string]any{"raw": `{ logging: { level: "debug" } }`, "baseHash": strings.Repeat("0", 64)})
	if res.OK || res.Error.Message != "config changed since last load; re-run config.get and retry" {
		t.Fatalf("set with stale hash = %s", res.Raw)
	}
	var snap protocol.ConfigSnapshot
	c.Result("config.get", nil, &snap)
	edited := strings.Replace(*snap.Raw, "gateway:", `logging: { level: "debug" }, gateway:`, 1)
	var out protocol.ConfigWriteResult
	c.Result("config.set", map[string]any{"raw": edited, "baseHash": snap.Hash}, &out)
	if !out.Ok || out.Path != g.StateDir.ConfigFile() || strings.Contains(string(out.Config), "file-secret-token") {
		t.Fatalf("set = %+v", out)
	}
	data, _ := os.ReadFile(g.StateDir.ConfigFile())
	if !strings.Contains(string(data), "file-secret-token") || !strings.Contains(string(data), "debug") {
		t.Fatalf("file after set = %s", data)
	}
	if g.Config().Effective().Logging.Level != "debug" {
		t.Fatal("logging.level not reloaded")
	}
}

func TestConfigWritesRejectInvalidAndExposedConfigs(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: secretConfig})
	c := operator(t, g, admin)
	base := config.HashRaw(secretConfig)
	for raw, want := range map[string]string{
		`{ gateway: { port: "x" } }`:                                           "invalid config: line 1: gateway.port: must be integer",
		`{ gateway: { bind: "lan" } }`:                                         "refusing to listen on a non-loopback address without a credential",
		`{ gatway: {} }`:                                                       "gatway: unknown key",
		`{ gateway: { bind: "lan", auth: { mode: "none" } } }`:                 "refusing to listen",
		`{ gateway: { controlUi: { allowedOrigins: ["ftp://ui.example"] } } }`: "gateway.controlUi.allowedOrigins[0]: \"ftp://ui.example\": not an origin",
	} {
		res := c.Call("config.set", map[string]any{"raw": raw, "baseHash": base})
		if res.OK || res.Error.Code != "INVALID_REQUEST" || !strings.Contains(res.Error.Message, want) {
			t.Errorf("set %s = %s", raw, res.Raw)
		}
	}
	data, _ := os.ReadFile(g.StateDir.ConfigFile())
	if string(data) != secretConfig {
		t.Fatalf("file changed: %s", data)
	}
}

func TestConfigPatchAndApplyAreRateLimited(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, admin)
	hash := config.HashRaw("")
	for i := 0; i < 3; i++ {
		method := []string{"config.patch", "config.apply", "config.patch"}[i]
		params := map[string]any{"raw": `{ voicewake: { triggers: ["t` + string(rune('a'+i)) + `"] } }`}
		if i > 0 {
			params["baseHash"] = hash
		}
		var out protocol.ConfigWriteResult
		c.Result(method, params, &out)
		var snap protocol.ConfigSnapshot
		c.Result("config.get", nil, &snap)
		hash = snap.Hash
	}
	res := c.Call("config.patch", map[string]any{"raw": `{}`, "baseHash": hash})
	if res.OK || res.Error.Code != "UNAVAILABLE" || !strings.HasPrefix(res.Error.Message, "rate limit exceeded for config.patch; retry after ") ||
		res.Error.Retryable == nil || !*res.Error.Retryable || res.Error.RetryAfterMs == nil {
		t.Fatalf("fourth write = %s", res.Raw)
	}
	details, _ := json.Marshal(res.Error.Details)
	if string(details) != `{"limit":"3 per 60s","method":"config.patch"}` {
		t.Fatalf("details = %s", details)
	}
	c.Result("config.set", map[string]any{"raw": `{}`, "baseHash": hash}, nil)
}

func TestConfigPatchReloadsSafeKeysAndNamesRestartKeys(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, admin)
	var out protocol.ConfigWriteResult
	c.Result("config.patch", map[string]any{"raw": `{ voicewake: { triggers: ["hey"] }, gateway: { port: 23456 } }`}, &out)
	if string(out.Restart) != `{"required":true,"keys":["gateway.port"]}` {
		t.Fatalf("restart = %s", out.Restart)
	}
	ev := c.NextEvent("voicewake.changed")
	if string(ev.Payload) != `{"triggers":["hey"]}` || ev.Seq == nil {
		t.Fatalf("voicewake.changed = %s", ev.Raw)
	}
	if got := g.Config().Effective().Gateway.Port; got != 23456 {
		t.Fatalf("effective port = %d", got)
	}
}

func TestChangedTokenClosesSharedSecretConnections(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: secretConfig})
	c := operator(t, g, admin)
	var snap protocol.ConfigSnapshot
	c.Result("config.get", nil, &snap)
	c.Result("config.patch", map[string]any{"raw": `{ gateway: { auth: { token: "new-token" } } }`, "baseHash": snap.Hash}, nil)
	if code, reason := c.Closed(); code != 4001 || reason != "gateway auth changed" {
		t.Fatalf("close = %d %q", code, reason)
	}
	fresh := gatewaytest.Dial(t, g.URL)
	if res, _ := fresh.Connect(gatewaytest.ConnectParams("file-secret-token", "operator", read)); res.OK {
		t.Fatal("old token still accepted")
	}
	operator(t, &gatewaytest.Gateway{Gateway: g.Gateway, URL: g.URL, Token: "new-token"}, read)
}

func TestConfigSchemaDescribesEveryKey(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	var out protocol.ConfigSchemaResult
	operator(t, g, admin).Result("config.schema", nil, &out)
	for _, key := range []string{"gateway.port", "gateway.auth.token", "models.catalog", "voicewake.triggers", "heartbeat.everyMs"} {
		if _, ok := out.UIHints[key]; !ok {
			t.Errorf("no UI hint for %s", key)
		}
	}
	if hint := out.UIHints["gateway.auth.token"]; hint.Sensitive == nil || !*hint.Sensitive {
		t.Errorf("token hint = %+v", hint)
	}
	var schema map[string]any
	if err := json.Unmarshal(out.Schema, &schema); err != nil || schema["additionalProperties"] != false {
		t.Fatalf("schema = %s", out.Schema)
	}
	if res := operator(t, g, read).Call("config.schema", nil); res.OK || res.Error.Message != "missing scope: operator.admin" {
		t.Fatalf("reader config.schema = %s", res.Raw)
	}
}

func TestConfigChangedOnDiskIsApplied(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ voicewake: { triggers: ["a"] } }`})
	c := operator(t, g, read)
	if err := os.WriteFile(g.StateDir.ConfigFile(), []byte(`{ voicewake: { triggers: ["b"] } }`), 0o600); err != nil {
		t.Fatal(err)
	}
	ev := c.NextEvent("voicewake.changed")
	if string(ev.Payload) != `{"triggers":["b"]}` {
		t.Fatalf("voicewake.changed = %s", ev.Raw)
	}
	if err := os.WriteFile(g.StateDir.ConfigFile(), []byte(`{ voicewake: { triggers: 1 } }`), 0o600); err != nil {
		t.Fatal(err)
	}
	var snap protocol.ConfigSnapshot
	c.Result("config.get", nil, &snap)
	if snap.Valid || len(snap.Issues) != 1 || *snap.Issues[0].Path != "voicewake.triggers" {
		t.Fatalf("snapshot of a broken file = %+v", snap)
	}
	if got := g.Config().Effective().Voicewake.Triggers; len(got) != 1 || got[0] != "b" {
		t.Fatalf("running triggers = %v", got)
	}
}
