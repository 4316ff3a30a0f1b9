package controlui_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestConfigViewEditsAKeyAndHandlesAConflict drives the config view in a
// real browser: the settings form, built from config.schema's hints,
// changes the log level; then, while the page holds an older hash,
// another operator changes the file, so the next save meets a conflict,
// which the page reports and resolves by applying its edit on top.
func TestConfigViewEditsAKeyAndHandlesAConflict(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ logging: { level: "info" } }`})
	admin := g.Operator(t, string(protocol.OperatorScopeAdmin))
	p := opView(t, g, "config")

	level := `select[data-config-key="logging.level"]`
	p.WaitVisible(level)
	p.WaitText(`label[for="cfg-logging-level"]`, "Log level") // the x-ui label
	setValue(p, level, "debug")
	press(p, `form.config-form button[type="submit"]`)
	p.WaitEval(`document.querySelector('textarea#config-raw').value.includes('"debug"')`)
	if got := parsedConfig(t, admin)["logging"]; !strings.Contains(mustJSON(t, got), `"level":"debug"`) {
		t.Fatalf("logging after the form save = %s", mustJSON(t, got))
	}

	// Another writer moves the file on; the page still holds the old hash.
	var snap protocol.ConfigSnapshot
	admin.Result(protocol.MethodConfigGet, map[string]any{}, &snap)
	admin.Result(protocol.MethodConfigPatch, map[string]any{"raw": `{ heartbeat: { enabled: false } }`, "baseHash": snap.Hash}, nil)

	setValue(p, level, "warn")
	press(p, `form.config-form button[type="submit"]`)
	p.WaitVisible(`.config-conflict [data-conflict="true"]`)
	p.WaitText(`.config-conflict`, "changed since it was loaded")
	if got := parsedConfig(t, admin)["logging"]; !strings.Contains(mustJSON(t, got), `"level":"debug"`) {
		t.Fatalf("a conflicting save was written: logging = %s", mustJSON(t, got))
	}
	press(p, `.config-conflict button.primary`) // apply my edit to the new file
	p.WaitEval(`!document.querySelector('.config-conflict [data-conflict]') && ` +
		`document.querySelector('textarea#config-raw').value.includes('"warn"')`)
	cfg := parsedConfig(t, admin)
	if !strings.Contains(mustJSON(t, cfg["logging"]), `"level":"warn"`) || !strings.Contains(mustJSON(t, cfg["heartbeat"]), `"enabled":false`) {
		t.Fatalf("after applying on top: %s", mustJSON(t, cfg))
	}
	p.NoConsoleErrors()
}

// TestConfigViewRawEditorKeepsSecretsAndReportsInvalidConfig edits the
// raw JSON5 in a real browser: a save that keeps the redacted token text
// keeps the stored token, and an invalid file is refused with the
// gateway's issues shown.
func TestConfigViewRawEditorKeepsSecretsAndReportsInvalidConfig(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { auth: { token: "raw-editor-secret-0123456789" } } }`})
	admin := g.Operator(t, string(protocol.OperatorScopeAdmin))
	p := opView(t, g, "config")

	press(p, `#config-tab-raw`)
	p.WaitVisible(`textarea#config-raw`)
	var raw string
	p.Eval(`document.querySelector('textarea#config-raw').value`, &raw)
	if strings.Contains(raw, "raw-editor-secret") || !strings.Contains(raw, "__OPENCLAW_REDACTED__") {
		t.Fatalf("raw editor shows %q", raw)
	}
	setValue(p, `textarea#config-raw`, `{ gateway: { auth: { token: "__OPENCLAW_REDACTED__" } }, logging: { level: "error" } }`)
	press(p, `#config-raw-panel button.primary`)
	p.WaitText(`#toasts`, "Saved the config file.")
	if got := parsedConfig(t, admin)["logging"]; !strings.Contains(mustJSON(t, got), `"level":"error"`) {
		t.Fatalf("logging after the raw save = %s", mustJSON(t, got))
	}
	if g.Config().Effective().Gateway.Auth.Token != "raw-editor-secret-0123456789" {
		t.Fatal("saving the redacted text changed the stored token")
	}

	setValue(p, `textarea#config-raw`, `{ logging: { level: "loud" } }`)
	press(p, `#config-raw-panel button.primary`)
	p.WaitText(`.config-conflict .callout.error`, "logging.level")
	p.NoConsoleErrors()
}

func parsedConfig(t *testing.T, c *gatewaytest.Client) map[string]any {
	t.Helper()
	var snap protocol.ConfigSnapshot
	c.Result(protocol.MethodConfigGet, map[string]any{}, &snap)
	var doc map[string]any
	if err := json.Unmarshal(snap.Parsed, &doc); err != nil {
		t.Fatalf("config.get parsed: %v", err)
	}
	return doc
}
