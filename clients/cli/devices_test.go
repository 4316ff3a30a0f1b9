package cli

import (
	"encoding/json"
	"path/filepath"
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

// deviceOf returns the device id of the CLI identity of a state dir.
func deviceOf(t *testing.T, dir string) string {
	t.Helper()
	d, err := gatewire.OpenDevice(filepath.Join(dir, identitySubdir))
	if err != nil {
		t.Fatal(err)
	}
	return d.ID()
}

// twoDevices starts a gateway and a CLI of its host ("admin", with the
// gateway's token) and pairs a second CLI as a device with a state dir of
// its own ("other", with --device-identity, operator.read from status):
// first contact on loopback pairs silently with what was asked for.
func twoDevices(t *testing.T) (admin *cli, other *cli, otherID string) {
	t.Helper()
	g, _ := startGateway(t)
	otherDir := t.TempDir()
	admin = newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	other = newCLI(t, otherDir, envURL, g.URL, envToken, g.Token)
	other.ok("status", "--device-identity")
	return admin, other, deviceOf(t, otherDir)
}

func TestDevicesPairingFlow(t *testing.T) {
	checkLeaks(t)
	admin, other, otherID := twoDevices(t)

	// More scopes than approved: refused, with a request to approve.
	r := other.fails([]string{"call", "config.get", "--device-identity"}, "pairing required", "gatewire devices approve ")
	requestID := r.err.Error()[strings.LastIndex(r.err.Error(), " ")+1:]

	list := deviceList(t, admin)
	if len(list.Pending) != 1 || list.Pending[0].RequestID != requestID || list.Pending[0].DeviceID != otherID {
		t.Fatalf("pending = %+v, want the request %s of %s", list.Pending, requestID, otherID)
	}
	contains(t, "devices list", admin.ok("devices", "list").stdout, "Pending (1)", requestID, "Paired (1)", otherID)

	// The host's CLI approves with the gateway's token; nothing of its own
	// is left pending.
	r = admin.ok("devices", "approve", "--latest")
	contains(t, "approve", r.stdout, "approved request "+requestID, otherID)
	other.ok("call", "config.get", "--device-identity")
	if pending := deviceList(t, admin).Pending; len(pending) != 0 {
		t.Fatalf("pending after approval = %+v", pending)
	}

	// Another device's upgrade, rejected: it stays refused.
	third := newCLI(t, t.TempDir(), envURL, other.env[envURL], envToken, other.env[envToken])
	third.ok("status", "--device-identity")
	third.fails([]string{"call", "config.get", "--device-identity"}, "pairing required")
	pending := deviceList(t, admin).Pending
	if len(pending) != 1 {
		t.Fatalf("pending = %+v, want one request", pending)
	}
	contains(t, "reject", admin.ok("devices", "reject", pending[0].RequestID).stdout, "rejected request "+pending[0].RequestID)
	if pending := deviceList(t, admin).Pending; len(pending) != 0 {
		t.Fatalf("pending after reject = %+v", pending)
	}
	third.fails([]string{"call", "config.get", "--device-identity"}, "pairing required")

	admin.fails([]string{"devices", "approve"}, "give either a request id or --latest")
	admin.fails([]string{"devices", "approve", "no-such-request"}, "device.pair.approve failed")
}

func TestDeviceTokensRotateRevokeRemove(t *testing.T) {
	checkLeaks(t)
	admin, _, otherID := twoDevices(t)

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
