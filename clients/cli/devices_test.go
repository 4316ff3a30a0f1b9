package cli

import (
	"encoding/json"
	"strings"
	"testing"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
)

// deviceList runs `devices list --json`.
func deviceList(t *testing.T, c *cli) protocol.DevicePairListResult {
	t.Helper()
	var r protocol.DevicePairListResult
	if err := json.Unmarshal([]byte(c.ok("devices", "list", "--json").stdout), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// deviceOf returns the device id of a state dir.
func deviceOf(t *testing.T, dir string) string {
	t.Helper()
	d, err := gatewire.OpenDevice(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d.ID()
}

// twoDevices starts a gateway and pairs two CLIs with state dirs of their
// own: "admin" with operator.pairing (devices list) and "other" with
// operator.read (status). First contact on loopback pairs silently with
// what was asked for.
func twoDevices(t *testing.T) (admin *cli, adminID string, other *cli, otherID string) {
	t.Helper()
	g, _ := startGateway(t)
	adminDir, otherDir := t.TempDir(), t.TempDir()
	admin = newCLI(t, adminDir, envURL, g.URL, envToken, g.Token)
	other = newCLI(t, otherDir, envURL, g.URL, envToken, g.Token)
	admin.ok("devices", "list")
	other.ok("status")
	return admin, deviceOf(t, adminDir), other, deviceOf(t, otherDir)
}

func TestDevicesPairingFlow(t *testing.T) {
	checkLeaks(t)
	admin, adminID, other, otherID := twoDevices(t)

	// More scopes than approved: refused, with a request to approve.
	r := other.fails([]string{"call", "config.get"}, "pairing required", "gatewire devices approve ")
	requestID := r.err.Error()[strings.LastIndex(r.err.Error(), " ")+1:]

	list := deviceList(t, admin)
	if len(list.Pending) != 1 || list.Pending[0].RequestID != requestID || list.Pending[0].DeviceID != otherID {
		t.Fatalf("pending = %+v, want the request %s of %s", list.Pending, requestID, otherID)
	}
	contains(t, "devices list", admin.ok("devices", "list").stdout, "Pending (1)", requestID, "Paired (2)", adminID, otherID)

	// Approving grants operator.admin, so the approver asks for it too (a
	// scope upgrade of its own device, which falls back to the token).
	r = admin.ok("devices", "approve", "--latest")
	contains(t, "approve", r.stdout, "approved request "+requestID, otherID)
	other.ok("call", "config.get")
	if pending := deviceList(t, admin).Pending; len(pending) != 1 || pending[0].DeviceID != adminID {
		t.Fatalf("pending after approval = %+v, want only the approver's own upgrade", pending)
	}

	// Reject that request.
	own := deviceList(t, admin).Pending[0].RequestID
	contains(t, "reject", admin.ok("devices", "reject", own).stdout, "rejected request "+own)
	if pending := deviceList(t, admin).Pending; len(pending) != 0 {
		t.Fatalf("pending after reject = %+v", pending)
	}

	admin.fails([]string{"devices", "approve"}, "give either a request id or --latest")
	admin.fails([]string{"devices", "approve", "no-such-request"}, "device.pair.approve failed")
}

func TestDeviceTokensRotateRevokeRemove(t *testing.T) {
	checkLeaks(t)
	admin, _, _, otherID := twoDevices(t)

	r := admin.ok("devices", "rotate", "--device", otherID, "--role", "operator")
	contains(t, "rotate", r.stdout, "device:", otherID, "scopes:", "operator.read")
	if strings.Contains(r.stdout, "token:") {
		t.Fatalf("another device's rotated token was shown: %s", r.stdout)
	}
	admin.fails([]string{"devices", "rotate", "--device", otherID}, "--device and --role are required")

	contains(t, "revoke", admin.ok("devices", "revoke", "--device", otherID, "--role", "operator").stdout, "revoked the operator token")
	for _, d := range deviceList(t, admin).Paired {
		if d.DeviceID == otherID && (len(d.Tokens) != 1 || d.Tokens[0].RevokedAtMs == nil) {
			t.Fatalf("tokens after revoke = %+v", d.Tokens)
		}
	}

	contains(t, "remove", admin.ok("devices", "remove", otherID).stdout, "removed device "+otherID)
	for _, d := range deviceList(t, admin).Paired {
		if d.DeviceID == otherID {
			t.Fatal("removed device still listed")
		}
	}
}
