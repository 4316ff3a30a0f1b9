package controlui_test

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestDevicesViewApprovesRejectsRotatesAndRevokes drives the devices view
// in a real browser: a pending request that arrives while the view is
// open is approved from it, another one is rejected, and the approved
// device's operator token is rotated and then revoked, each seen by the
// gateway.
func TestDevicesViewApprovesRejectsRotatesAndRevokes(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	op := g.Operator(t, string(protocol.OperatorScopePairing), string(protocol.OperatorScopeAdmin))
	p := opView(t, g, "devices")

	// The browser itself is listed as paired (silent local pairing).
	p.WaitEval(`document.querySelectorAll("article.device").length >= 1`)

	keep := pendingDevice(t, g, "laptop-keep")
	drop := pendingDevice(t, g, "laptop-drop")
	keepRow := `.devices-pending tr[data-key="` + keep + `"]`
	dropRow := `.devices-pending tr[data-key="` + drop + `"]`
	p.WaitVisible(keepRow) // device.pair.requested reloads the view
	p.WaitVisible(dropRow)
	p.WaitText(keepRow, "laptop-keep")

	press(p, keepRow+` button.primary`)
	p.WaitVisible(`article.device[data-device-id="` + keep + `"]`)
	press(p, dropRow+` button.danger`)
	confirmDialog(p)
	p.WaitEval(`!document.querySelector('` + dropRow + `')`)

	list := deviceList(t, op)
	if len(list.Pending) != 0 {
		t.Fatalf("still pending after approve and reject: %+v", list.Pending)
	}
	paired := pairedDevice(list, keep)
	if paired == nil || pairedDevice(list, drop) != nil {
		t.Fatalf("paired = %+v; want %s paired and %s not", list.Paired, keep, drop)
	}
	if len(paired.Tokens) != 1 || paired.Tokens[0].RotatedAtMs != nil {
		t.Fatalf("tokens of the approved device = %+v", paired.Tokens)
	}

	card := `article.device[data-device-id="` + keep + `"] tr[data-key="operator"]`
	press(p, card+` button:not(.danger)`)
	confirmDialog(p)
	p.WaitVisible(card + ` td:nth-child(4) time`) // the Rotated column has a time now
	if tok := pairedDevice(deviceList(t, op), keep).Tokens[0]; tok.RotatedAtMs == nil {
		t.Fatalf("token not rotated: %+v", tok)
	}

	press(p, card+` button.danger`)
	confirmDialog(p)
	p.WaitText(card, "revoked")
	if tok := pairedDevice(deviceList(t, op), keep).Tokens[0]; tok.RevokedAtMs == nil {
		t.Fatalf("token not revoked: %+v", tok)
	}
	p.NoConsoleErrors()
}

func pairedDevice(list protocol.DevicePairListResult, id string) *protocol.PairedDevice {
	for i := range list.Paired {
		if list.Paired[i].DeviceID == id {
			return &list.Paired[i]
		}
	}
	return nil
}
