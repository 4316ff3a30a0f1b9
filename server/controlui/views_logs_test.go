package controlui_test

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestLogsViewFollowsTheLogWithAFilter drives the logs view in a real
// browser: it shows the end of the gateway's log, follows lines written
// after it opened, and narrows them with the text filter and the level.
func TestLogsViewFollowsTheLogWithAFilter(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	p := opView(t, g, "logs")
	lines := `div.view-logs ol.log-lines`
	p.WaitText(lines, "gateway listening") // written at start-up, before the page opened

	setValue(p, `#logs-filter`, "config applied")
	p.WaitText(lines, "No line matches the filter.")

	// A config write is logged ("config applied") after the page opened.
	admin := g.Operator(t, string(protocol.OperatorScopeAdmin))
	var snap protocol.ConfigSnapshot
	admin.Result(protocol.MethodConfigGet, map[string]any{}, &snap)
	params := map[string]any{"raw": `{ heartbeat: { enabled: false } }`}
	if snap.Exists {
		params["baseHash"] = snap.Hash
	}
	admin.Result(protocol.MethodConfigPatch, params, nil)
	p.WaitText(lines, "config applied")
	var shown []string
	p.Eval(`[...document.querySelectorAll('`+lines+` li.log-line .msg')].map((e) => e.textContent)`, &shown)
	for _, s := range shown {
		if s != "config applied" {
			t.Fatalf("the filter let %q through (shown: %q)", s, shown)
		}
	}

	setValue(p, `#logs-level`, "WARN")
	p.WaitText(lines, "No line matches the filter.") // "config applied" is info
	setValue(p, `#logs-filter`, "")
	setValue(p, `#logs-level`, "DEBUG")
	p.WaitText(lines, "gateway listening")
	p.NoConsoleErrors()
}
