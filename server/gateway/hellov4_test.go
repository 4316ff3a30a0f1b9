package gateway_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// v4CLI returns what the v4 CLI sends with an explicit --token: client
// cli in cli mode, protocol 4..4, the scopes of the command, no device.
func v4CLI(token string, scopes ...string) *protocol.ConnectParams {
	p := gatewaytest.ConnectParams(token, "operator", scopes...)
	p.MinProtocol, p.MaxProtocol = 4, 4
	tz, family, instance := "Europe/Berlin", "Linux", "cli-instance"
	p.Client = protocol.ClientInfo{ID: protocol.ClientIdCli, Version: "2026.9.6", Platform: "linux",
		DeviceFamily: &family, Mode: protocol.ClientModeCli, InstanceID: &instance, TimeZone: &tz}
	p.Caps = []string{}
	return p
}

func TestV4HelloOkCarriesTheV4Fields(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	hello := gatewaytest.Dial(t, g.URL).MustConnect(v4CLI(g.Token, read, "operator.write"))
	if hello.Protocol != 4 || hello.CanvasHostURL != nil {
		t.Fatalf("hello protocol %d canvasHostUrl %v", hello.Protocol, hello.CanvasHostURL)
	}
	s := hello.Server
	if s.BuildID == nil || *s.BuildID == "" || s.BootID == nil || *s.BootID == "" || s.ControlUIBuildSource != nil {
		t.Errorf("server = %+v", s)
	}
	if hello.Features.Capabilities == nil || len(hello.Features.Capabilities) != 0 {
		t.Errorf("features.capabilities = %v, want []", hello.Features.Capabilities)
	}
	a := hello.Auth
	if a.Method == nil || *a.Method != protocol.AuthMethodToken || a.Role != "operator" ||
		!slices.Equal(a.Scopes, []string{read, "operator.write"}) || a.DeviceToken != nil {
		t.Errorf("auth = %+v (the local v4 CLI keeps its scopes without a device)", a)
	}
	p := hello.Policy
	if p.Attachments == nil || p.Attachments.MaxBytes != 19464192 || p.Attachments.MaxImageBytes != 6291456 ||
		p.HasMultipleSessionSharingIdentities == nil || *p.HasMultipleSessionSharingIdentities {
		t.Errorf("policy = %+v", p)
	}
	checkV4Snapshot(t, hello.Snapshot)
	again := gatewaytest.Dial(t, g.URL).MustConnect(v4CLI(g.Token, read))
	if *again.Server.BootID != *s.BootID || again.Server.ConnID == s.ConnID {
		t.Errorf("bootId %q then %q, connId %q then %q", *s.BootID, *again.Server.BootID, s.ConnID, again.Server.ConnID)
	}
}

// checkV4Snapshot checks the v4 additions of a reader's snapshot.
func checkV4Snapshot(t *testing.T, snap protocol.Snapshot) {
	t.Helper()
	if snap.Suspension == nil || snap.Suspension.Phase != protocol.SuspensionPhaseAccepting {
		t.Errorf("suspension = %+v", snap.Suspension)
	}
	if h := snap.AppliedConfigHash; !h.Present || h.Value == nil || len(*h.Value) != 64 {
		t.Errorf("appliedConfigHash = %+v", h)
	}
	if u := snap.UpdateSchedule; u == nil || u.Channel != "stable" || u.AutoEnabled {
		t.Errorf("updateSchedule = %+v", u)
	}
	d := snap.SessionDefaults
	if d == nil || d.DefaultAgentID != "main" || d.MainKey != "main" || d.MainSessionKey != "agent:main:main" ||
		d.Ownership == nil || *d.Ownership != protocol.SessionDefaultsOwnershipSole || d.ModelConfigured == nil ||
		d.SelectionRequired == nil || *d.SelectionRequired || d.Scope == nil || *d.Scope != "per-sender" {
		t.Errorf("sessionDefaults = %+v", d)
	}
	var health protocol.HealthSummary
	if err := json.Unmarshal(snap.Health, &health); err != nil || !health.Ok || health.ConfigReload == nil ||
		health.ConfigReload.HotReloadStatus != protocol.ConfigReloadHealthHotReloadStatusActive {
		t.Errorf("snapshot health = %s", snap.Health)
	}
	if len(snap.Presence) == 0 {
		t.Errorf("a reader's snapshot has no presence")
	}
}

func TestV4SnapshotWithoutReadHasNoPresence(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	hello := gatewaytest.Dial(t, g.URL).MustConnect(v4CLI(g.Token))
	s := hello.Snapshot
	if len(s.Presence) != 0 || s.UpdateSchedule != nil || s.SessionDefaults == nil || s.Suspension == nil {
		t.Fatalf("snapshot without operator.read = %+v", s)
	}
	if res := gatewaytest.Dial(t, g.URL).MustConnect(gatewaytest.ConnectParams(g.Token, "operator")); len(res.Snapshot.Presence) == 0 {
		t.Fatalf("a v3 connection without operator.read lost its presence list")
	}
}

func TestV3HelloOkHasNoV4Members(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := gatewaytest.Dial(t, g.URL)
	res, _ := c.Connect(gatewaytest.ConnectParams(g.Token, "operator", admin))
	raw := string(res.Payload)
	for _, v4 := range []string{`"buildId"`, `"bootId"`, `"capabilities"`, `"method"`, `"attachments"`,
		`"hasMultipleSessionSharingIdentities"`, `"suspension"`, `"appliedConfigHash"`, `"updateSchedule"`,
		`"modelConfigured"`, `"ownership"`, `"selectionRequired"`, `"configReload"`, `"clientId"`} {
		if strings.Contains(raw, v4) {
			t.Errorf("v3 hello-ok carries %s: %s", v4, raw)
		}
	}
	// v3 names the session defaults too (OpenClaw's Control UI resolves
	// "main" with them), with v3's members only.
	if want := `"sessionDefaults":{"defaultAgentId":"main","mainKey":"main","mainSessionKey":"agent:main:main","scope":"per-sender"}`; !strings.Contains(raw, want) {
		t.Errorf("v3 hello-ok lacks %s: %s", want, raw)
	}
	var hello protocol.HelloOk
	if err := json.Unmarshal(res.Payload, &hello); err != nil || hello.Protocol != 3 || len(hello.Snapshot.Presence) == 0 {
		t.Fatalf("v3 hello-ok = %s", raw)
	}
}
