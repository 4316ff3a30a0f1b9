package controlui_test

import (
	"fmt"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// operatorViews are the views of this part, in navigation order.
var operatorViews = []string{"sessions", "nodes", "devices", "approvals", "config", "logs"}

// TestOperatorViewsAtBothProtocols walks every operator view through the
// navigation in one page, at protocol 4 and pinned to protocol 3: each
// mounts, loads without an error, and leaves nothing behind when the
// next one replaces it (no console error, one view in the page).
func TestOperatorViewsAtBothProtocols(t *testing.T) {
	for _, version := range []int{4, 3} {
		t.Run(fmt.Sprintf("protocol %d", version), func(t *testing.T) {
			g := gatewaytest.Start(t, gatewaytest.Options{})
			startEchoNode(t, g, "acme-box")
			p := openUIFragment(t, g, "overview", fmt.Sprintf("protocol=%d", version))
			var got int
			p.Eval(`window.__gatewire.gw.protocol`, &got)
			if got != version {
				t.Fatalf("the page runs at protocol %d, want %d", got, version)
			}
			for _, id := range operatorViews {
				press(p, `nav a[data-view="`+id+`"]`)
				st := `document.querySelector(".view-` + id + ` .view-status")`
				p.WaitEval(st + ` && !` + st + `.textContent.startsWith("Loading")`)
				var state struct {
					Error string `json:"error"`
					Views int    `json:"views"`
				}
				p.Eval(`({error: `+st+`.classList.contains("error") ? `+st+`.textContent : "", `+
					`views: document.querySelectorAll("#main > .view").length})`, &state)
				if state.Error != "" || state.Views != 1 {
					t.Fatalf("view %s: error %q, %d views mounted", id, state.Error, state.Views)
				}
			}
			p.WaitText(`.view-logs ol.log-lines`, "gateway listening")
			press(p, `nav a[data-view="nodes"]`)
			p.WaitText(`.view-nodes tbody`, "acme-box")
			p.NoConsoleErrors()
		})
	}
}
