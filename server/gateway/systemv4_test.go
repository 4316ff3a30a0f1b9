package gateway_test

import (
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// v4Operator connects as the v4 CLI with scopes and closes at the end.
func v4Operator(t *testing.T, g *gatewaytest.Gateway, scopes ...string) *gatewaytest.Client {
	t.Helper()
	c := gatewaytest.Dial(t, g.URL)
	c.MustConnect(v4CLI(g.Token, scopes...))
	t.Cleanup(c.Close)
	return c
}

func TestV4LogsTailSaysHowMuchItSkipped(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	var whole protocol.LogsTailResult
	v4Operator(t, g, read).Result("logs.tail", map[string]any{}, &whole)
	if whole.Size < 200 {
		t.Fatalf("log too short for the test: %+v", whole)
	}
	params := map[string]any{"cursor": 0, "maxBytes": 100}
	var v4 protocol.LogsTailResult
	v4Operator(t, g, read).Result("logs.tail", params, &v4)
	if v4.SkippedBytes == nil || *v4.SkippedBytes != v4.Size-100 || v4.Reset == nil || !*v4.Reset ||
		v4.Truncated == nil || !*v4.Truncated {
		t.Fatalf("v4 re-anchored tail = %+v", v4)
	}
	var v3 protocol.LogsTailResult
	operator(t, g, read).Result("logs.tail", params, &v3)
	if v3.Reset != nil || v3.Truncated == nil || !*v3.Truncated {
		t.Fatalf("v3 re-anchored tail = %+v (v3 sets no reset)", v3)
	}
}

func TestV4PresenceEntriesNameClientAndTimeZone(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	p := v4CLI(g.Token, read)
	p.Client.ID, p.Client.Mode = protocol.ClientIdGatewayClient, protocol.ClientModeBackend // the CLI has no entry
	c := gatewaytest.Dial(t, g.URL)
	c.MustConnect(p)
	var list protocol.SystemPresenceResult
	c.Result("system-presence", nil, &list)
	found := false
	for _, e := range list {
		if e.InstanceID != nil && *e.InstanceID == "cli-instance" {
			found = e.ClientID != nil && *e.ClientID == "gateway-client" && e.TimeZone != nil && *e.TimeZone == "Europe/Berlin"
		}
	}
	if !found {
		raw, _ := json.Marshal(list)
		t.Fatalf("no v4 entry with clientId and timeZone: %s", raw)
	}
}

func TestV4ConfigGetNamesTheAppliedConfig(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	var snap protocol.ConfigSnapshot
	v4Operator(t, g, read).Result("config.get", map[string]any{}, &snap)
	if snap.AppliedConfigHash == nil || *snap.AppliedConfigHash != snap.Hash || snap.ConfigRevisionHash == nil ||
		*snap.ConfigRevisionHash != snap.Hash || snap.IncludedPaths == nil || len(snap.IncludedPaths) != 0 ||
		snap.AgentRosterIncludeOwned == nil || *snap.AgentRosterIncludeOwned || snap.BindingsIncludeOwned == nil {
		t.Fatalf("v4 config.get = %+v", snap)
	}
}

func TestV4ConfigSchemaNeedsOnlyRead(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	if res := v4Operator(t, g, read).Call("config.schema", map[string]any{}); !res.OK {
		t.Fatalf("v4 reader: %s", res.Raw)
	}
	if res := operator(t, g, read).Call("config.schema", map[string]any{}); res.OK || res.Error.Message != "missing scope: operator.admin" {
		t.Fatalf("v3 reader: %s", res.Raw)
	}
}

// presenceKeys returns the members of the entry with instanceId in a
// presence event's raw payload.
func presenceKeys(t *testing.T, payload json.RawMessage, instance string) map[string]json.RawMessage {
	t.Helper()
	var ev struct {
		Presence []map[string]json.RawMessage `json:"presence"`
	}
	if err := json.Unmarshal(payload, &ev); err != nil {
		t.Fatal(err)
	}
	for _, e := range ev.Presence {
		if string(e["instanceId"]) == `"`+instance+`"` {
			return e
		}
	}
	t.Fatalf("no entry %s in %s", instance, payload)
	return nil
}

func TestV3AndV4ClientsGetOnePresenceChangeEachInItsShape(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	v3 := operator(t, g, read)
	v4 := v4Operator(t, g, read)
	v4NoRead := v4Operator(t, g)
	leaving := v4CLI(g.Token, read)
	leaving.Client.ID, leaving.Client.Mode = protocol.ClientIdGatewayClient, protocol.ClientModeBackend
	c := gatewaytest.Dial(t, g.URL)
	c.MustConnect(leaving)
	c.Close()
	old, cur := v3.NextEvent("presence"), v4.NextEvent("presence")
	e3, e4 := presenceKeys(t, old.Payload, "cli-instance"), presenceKeys(t, cur.Payload, "cli-instance")
	if _, has := e3["clientId"]; has || e3["timeZone"] != nil || string(e3["reason"]) != `"disconnect"` {
		t.Errorf("v3 entry = %v", e3)
	}
	if string(e4["clientId"]) != `"gateway-client"` || string(e4["timeZone"]) != `"Europe/Berlin"` || string(e4["reason"]) != `"disconnect"` {
		t.Errorf("v4 entry = %v", e4)
	}
	if *old.Seq < 1 || *cur.Seq < 1 {
		t.Errorf("presence without seq: %s / %s", old.Raw, cur.Raw)
	}
	v4NoRead.Call("health", nil) // a reply after the broadcast: anything sent before it has arrived
	for _, f := range v4NoRead.Frames() {
		if f.Event == "presence" {
			t.Errorf("a v4 connection without operator.read got presence: %s", f.Raw)
		}
	}
}
