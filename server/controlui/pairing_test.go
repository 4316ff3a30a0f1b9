package controlui_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// pairList is the part of device.pair.list the tests read.
type pairList struct {
	Pending []struct {
		RequestID string `json:"requestId"`
		DeviceID  string `json:"deviceId"`
	} `json:"pending"`
	Paired []struct {
		DeviceID string `json:"deviceId"`
		ClientID string `json:"clientId"`
	} `json:"paired"`
}

func devices(t *testing.T, op *gatewaytest.Client) pairList {
	t.Helper()
	f := op.Call(protocol.MethodDevicePairList, map[string]any{})
	var l pairList
	if !f.OK || json.Unmarshal(f.Payload, &l) != nil {
		t.Fatalf("device.pair.list: %s", f.Raw)
	}
	return l
}

// browserDevice is the device id the page made and keeps in localStorage.
func browserDevice(p *browsertest.Page) string {
	var id string
	p.Eval(`window.__gatewire.gw.device.deviceId`, &id)
	return id
}

// TestLocalBrowserPairsSilently: the page's WebCrypto Ed25519 device is
// paired without an operator, keeps the device token the gateway issued,
// and after a reload without the gateway token connects with that token.
func TestLocalBrowserPairsSilently(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	p := openUI(t, g, "")
	id := browserDevice(p)
	if len(id) != 64 {
		t.Fatalf("device id %q", id)
	}
	paired := false
	for _, d := range devices(t, g.Operator(t, string(protocol.OperatorScopeAdmin))).Paired {
		paired = paired || d.DeviceID == id
	}
	if !paired {
		t.Fatalf("the browser's device %s is not paired", id)
	}
	p.Eval(`sessionStorage.clear()`, nil)
	p.Navigate(strings.Split(currentURL(p), "#")[0])
	p.WaitEval(`window.__gatewire.gw.state === "connected"`)
	if again := browserDevice(p); again != id {
		t.Fatalf("device changed across a reload: %s then %s", id, again)
	}
	p.NoConsoleErrors()
}

// TestApproveScreen: a browser the gateway will not pair silently sees
// the approve screen with the exact command, and gets in by itself once
// an operator approves the request.
func TestApproveScreen(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { pairing: { autoApproveLocal: false } } }`})
	b := browsertest.New(t)
	p := b.Page(t, pageURL(g, "")+"#token="+url.QueryEscape(g.Token))
	p.WaitText("#gate-title", "Approve this browser")
	id := browserDevice(p)
	op := g.Operator(t, string(protocol.OperatorScopeAdmin))
	var requestID string
	for _, r := range devices(t, op).Pending {
		if r.DeviceID == id {
			requestID = r.RequestID
		}
	}
	if requestID == "" {
		t.Fatalf("no pending request for the browser's device %s", id)
	}
	p.WaitText("#approve-command", "gatewire devices approve "+requestID)
	if f := op.Call(protocol.MethodDevicePairApprove, map[string]any{"requestId": requestID}); !f.OK {
		t.Fatalf("device.pair.approve: %s", f.Raw)
	}
	p.WaitEval(`window.__gatewire.gw.state === "connected"`)
	p.WaitText("#overview-status", "OK")
}

// TestTokenScreen: a wrong token in the fragment gives the sign-in form;
// the right token typed there connects.
func TestTokenScreen(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	b := browsertest.New(t)
	p := b.Page(t, pageURL(g, "")+"#token=wrong")
	p.WaitText("#gate-title", "Sign in")
	p.Type(".gate-form input[name=token]", g.Token+"\n")
	p.WaitEval(`window.__gatewire.gw.state === "connected"`)
	p.WaitText("#overview-status", "OK")
}
