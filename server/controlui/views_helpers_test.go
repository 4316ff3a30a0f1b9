package controlui_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// opView opens gatewire's own Control UI of g on the view id (its route)
// in a fresh headless browser under the strict CSP (openUI), and waits
// until the view has mounted and its first load has settled. The browser
// is a local page, so it pairs silently.
func opView(t *testing.T, g *gatewaytest.Gateway, id string) *browsertest.Page {
	t.Helper()
	p := openUI(t, g, id)
	st := `document.querySelector(".view-` + id + ` .view-status")`
	p.WaitEval(st + ` && !` + st + `.textContent.startsWith("Loading")`)
	return p
}

// confirmDialog clicks the confirm button of the dialog a destructive
// action opened.
func confirmDialog(p *browsertest.Page) {
	press(p, `dialog.dialog[open] .actions button:last-child`)
}

// press activates the button sel once it is visible, as a keyboard user
// does (Enter on the focused button). A click at the button's position
// could land on a toast the previous action left over it.
func press(p *browsertest.Page, sel string) {
	p.WaitVisible(sel)
	p.Eval(`(() => { const b = document.querySelector(`+jsQuote(sel)+`); b.focus(); b.click(); return true })()`, nil)
}

// pendingDevice makes a device pairing request that waits for an
// operator: a local client with a device identity, as a browser page
// that is not the Control UI (an Origin header), which the gateway never
// pairs silently. It returns the device's id.
func pendingDevice(t *testing.T, g *gatewaytest.Gateway, name string) string {
	t.Helper()
	c, err := gatewaytest.DialHeader(t, g.URL, http.Header{"Origin": {g.HTTPURL}})
	if err != nil {
		t.Fatalf("dial with an origin: %v", err)
	}
	defer c.CloseNow()
	p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleOperator), string(protocol.OperatorScopeRead))
	p.Client.ID, p.Client.Mode, p.Client.DisplayName = protocol.ClientIdCli, protocol.ClientModeCli, &name
	id := gatewaytest.NewDevice(t)
	c.Sign(p, id)
	if res, _ := c.Connect(p); res.OK {
		t.Fatalf("device %s was paired silently: %s", name, res.Raw)
	}
	return id.DeviceID
}

// deviceList lists the gateway's pending and paired devices.
func deviceList(t *testing.T, op *gatewaytest.Client) protocol.DevicePairListResult {
	t.Helper()
	var list protocol.DevicePairListResult
	op.Result(protocol.MethodDevicePairList, map[string]any{}, &list)
	return list
}

// setValue sets a form control's value as a person would and fires the
// events a page listens to.
func setValue(p *browsertest.Page, sel, value string) {
	js := `(() => { const e = document.querySelector(` + jsQuote(sel) + `); e.value = ` + jsQuote(value) +
		`; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); return true })()`
	p.Eval(js, nil)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
