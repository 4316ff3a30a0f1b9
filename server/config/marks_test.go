package config

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// wildcardSchema is a config schema with a provider map, as the agent
// issue adds: secrets, restart keys and hints below a "*" and a "[]".
const wildcardSchema = `{
  "type": "object",
  "properties": {
    "server": { "$ref": "#/$defs/Server", "default": {} },
    "models": {
      "type": "object",
      "properties": {
        "providers": {
          "type": "object",
          "additionalProperties": {
            "type": "object",
            "properties": {
              "baseUrl": { "type": "string", "x-restart": true },
              "apiKey": { "type": "string", "x-secret": true, "x-ui": { "label": "API key" } },
              "models": { "type": "array", "items": { "type": "object", "properties": { "token": { "type": "string", "x-secret": true } } } }
            }
          }
        }
      }
    }
  },
  "$defs": {
    "Server": {
      "type": "object",
      "properties": {
        "listen": { "type": "object", "x-restart": true, "properties": { "port": { "type": "integer", "default": 7 } } },
        "name": { "type": "string", "default": "n", "x-ui": { "label": "Name", "order": 1 } }
      }
    }
  }
}`

func TestMarksDriveRedactionRestartAndHintsThroughWildcards(t *testing.T) {
	m := marksOf([]byte(wildcardSchema))
	doc := map[string]any{"models": map[string]any{"providers": map[string]any{
		"openai": map[string]any{"baseUrl": "http://a", "apiKey": "sk-1", "models": []any{map[string]any{"token": "t0"}, map[string]any{}}},
		"local":  map[string]any{"baseUrl": "http://b", "apiKey": ""},
	}}}
	red := redactDoc(doc, m.secret)
	if lookup(red, []string{"models", "providers", "openai", "apiKey"}) != Redacted ||
		lookup(red, []string{"models", "providers", "openai", "models", "0", "token"}) != Redacted {
		t.Fatalf("wildcard secrets not redacted: %v", red)
	}
	if lookup(red, []string{"models", "providers", "local", "apiKey"}) != "" || lookup(red, []string{"models", "providers", "openai", "baseUrl"}) != "http://a" {
		t.Fatalf("redacted too much: %v", red)
	}
	if lookup(doc, []string{"models", "providers", "openai", "apiKey"}) != "sk-1" {
		t.Fatal("redactDoc modified its input")
	}
	for key, want := range map[string]bool{
		"models.providers.openai.baseUrl": true, "models.providers.x.apiKey": false,
		"server.listen.port": true, "server.listen": true, "server.name": false, "models.providers": false,
	} {
		if got := needsRestart(m.restart, key); got != want {
			t.Errorf("needsRestart(%s) = %v, want %v", key, got, want)
		}
	}
	if h := m.hints["models.providers.*.apiKey"]; h["label"] != "API key" || h["sensitive"] != true {
		t.Errorf("hint of the wildcard secret = %v", h)
	}
	if h := m.hints["models.providers.*.models[].token"]; h["sensitive"] != true {
		t.Errorf("hint of the array-item secret = %v (hints %v)", h, m.hints)
	}
	if h := m.hints["server.name"]; h["label"] != "Name" || h["sensitive"] != nil {
		t.Errorf("hint through $ref = %v", h)
	}
	def, _ := json.Marshal(m.defaults)
	if string(def) != `{"models":{},"server":{"listen":{"port":7},"name":"n"}}` {
		t.Errorf("defaults = %s", def)
	}
}

func TestEmbeddedSchemaMarks(t *testing.T) {
	var hints map[string]map[string]any
	if err := json.Unmarshal(UIHintsJSON(), &hints); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"gateway.auth.token", "gateway.auth.password"} {
		if hints[k]["sensitive"] != true {
			t.Errorf("%s hint %v is not sensitive", k, hints[k])
		}
	}
	if hints["gateway.port"]["label"] != "Port" || hints["gateway.port"]["sensitive"] != nil {
		t.Errorf("gateway.port hint = %v", hints["gateway.port"])
	}
	var restart []string
	for _, p := range schemaMarks().restart {
		restart = append(restart, patternKey(p))
	}
	slices.Sort(restart)
	want := []string{"canvasHost.enabled", "canvasHost.liveReload", "canvasHost.root", "gateway.bind",
		"gateway.controlUi.basePath", "gateway.controlUi.enabled", "gateway.controlUi.root",
		"gateway.handshakeTimeoutMs", "gateway.metrics.enabled", "gateway.port", "gateway.tickIntervalMs",
		"gateway.tls.autoGenerate", "gateway.tls.caPath", "gateway.tls.certPath", "gateway.tls.enabled", "gateway.tls.keyPath", "logging.file"}
	if !slices.Equal(restart, want) {
		t.Errorf("restart keys = %q, want %q", restart, want)
	}
	if !NeedsRestart("gateway.port") || NeedsRestart("logging.level") || NeedsRestart("gateway.auth.token") {
		t.Error("NeedsRestart disagrees with the schema's x-restart marks")
	}
}

func TestDefaultsComeFromTheSchema(t *testing.T) {
	c := Defaults()
	if c.Gateway.Port != DefaultPort || string(c.Logging.Level) != DefaultLogLevel || c.Gateway.Bind != BindLoopback {
		t.Fatalf("constants disagree with the schema: %+v", c)
	}
	if !c.Gateway.Pairing.AutoApproveLocal || !c.Gateway.Nodes.Pairing.AutoApproveLocal || !c.Heartbeat.Enabled ||
		c.Gateway.Auth.RateLimit.MaxAttempts != 10 || c.Gateway.HandshakeTimeoutMs != 15_000 || c.Models.Catalog == nil {
		t.Fatalf("defaults = %+v", c)
	}
	// A false whose default is true survives the round trip through a
	// document (config.get's config, the restart diff).
	c.Gateway.Pairing.AutoApproveLocal = false
	back, err := decode(ToDoc(c))
	if err != nil || back.Gateway.Pairing.AutoApproveLocal {
		t.Fatalf("round trip lost false: %v %+v", err, back.Gateway.Pairing)
	}
	if _, hasNull := ToDoc(c)["gateway"].(map[string]any)["auth"].(map[string]any)["mode"]; hasNull {
		t.Fatal("an unset optional key is encoded")
	}
	if strings.Contains(string(SchemaJSON()), `"x-secret"`) == false {
		t.Fatal("the served schema lost its marks")
	}
}

func TestOpenClawSecretsCountOnlyForDocumentsWithForeignKeys(t *testing.T) {
	own := map[string]any{"gateway": map[string]any{"auth": map[string]any{"token": "t"}}, "models": map[string]any{"catalog": []any{map[string]any{"id": "a"}}}}
	if got := secretPatterns(own); len(got) != len(schemaMarks().secret) {
		t.Fatalf("a gatewire-only document gets %d secret patterns, want the schema's %d", len(got), len(schemaMarks().secret))
	}
	foreign := map[string]any{"channels": map[string]any{"telegram": map[string]any{"botToken": "b"}}}
	if got := secretPatterns(foreign); len(got) <= len(schemaMarks().secret) {
		t.Fatal("OpenClaw's secrets are not used for a document with OpenClaw keys")
	}
}

func TestServedSchemaIsOnePlainTree(t *testing.T) {
	served := string(SchemaJSON())
	if strings.Contains(served, `"$ref"`) || strings.Contains(served, `"$defs"`) {
		t.Fatal("the served schema still has references")
	}
	var root map[string]any
	if err := json.Unmarshal(SchemaJSON(), &root); err != nil {
		t.Fatal(err)
	}
	token := lookup(root, []string{"properties", "gateway", "properties", "auth", "properties", "token"}).(map[string]any)
	if token["x-secret"] != true || token["type"] != "string" {
		t.Fatalf("gateway.auth.token in the served schema = %v", token)
	}
	if marksOf(SchemaJSON()).hints["gateway.port"]["label"] != "Port" {
		t.Fatal("the served schema lost its marks")
	}
}
