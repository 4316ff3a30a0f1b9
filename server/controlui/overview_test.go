package controlui_test

import (
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/version"
)

// TestOverview: a local browser opened with the token in the fragment is
// paired silently, connects at protocol 4, drops the token from the
// address bar, and shows the gateway's version, uptime, health and itself
// among the connected clients.
func TestOverview(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	p := openUI(t, g, "")
	p.WaitText("#overview-version", version.Version)
	p.WaitText("#overview-status", "OK")
	p.WaitText("#overview-protocol", "4")
	p.WaitText("#overview-presence", "webchat")
	var interactive float64
	p.Eval(`performance.getEntriesByName('gw:interactive')[0].startTime`, &interactive)
	t.Logf("first view interactive %.0f ms after navigation start", interactive)
	var hash string
	p.Eval(`location.hash`, &hash)
	if strings.Contains(hash, "token") {
		t.Errorf("the token stayed in the address bar: %q", hash)
	}
	var nav []string
	p.Eval(`[...document.querySelectorAll('#nav a')].map(a => a.textContent)`, &nav)
	if len(nav) < 2 {
		t.Errorf("navigation = %v", nav)
	}
	p.NoConsoleErrors()
}

// TestUnderBasePath: served under gateway.controlUi.basePath, the page
// loads its files and connects from a nested route, and its links stay
// under the base path.
func TestUnderBasePath(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { controlUi: { basePath: "/ops/ui" } } }`})
	p := openUI(t, g, "ops/ui/overview")
	p.WaitText("#overview-status", "OK")
	p.Click(`#nav a[data-view="chat"]`)
	p.WaitEval(`location.pathname === "/ops/ui/chat"`)
	p.WaitVisible("#chat-input")
	p.NoConsoleErrors()
}
