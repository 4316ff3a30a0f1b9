package gateway_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

func TestHealthEventsFollowConnectsAndProbes(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, read)
	first := c.NextEvent("health")
	if first.Seq == nil || *first.Seq != 1 || first.StateVersion == nil {
		t.Fatalf("health after connect = %s", first.Raw)
	}
	var sum protocol.HealthSummary
	c.Result("health", map[string]any{"probe": true}, &sum)
	if !sum.Ok || sum.DefaultAgentID != "main" || len(sum.Agents) != 0 || len(sum.Channels) != 0 || sum.HeartbeatSeconds != 1800 {
		t.Fatalf("summary = %+v", sum)
	}
	probed := c.NextEvent("health")
	if *probed.Seq != 2 || probed.StateVersion.Health != first.StateVersion.Health+1 {
		t.Fatalf("health after probe = %s (first %s)", probed.Raw, first.Raw)
	}
	var cached protocol.HealthSummary
	c.Result("health", nil, &cached)
	if cached.Ts != sum.Ts {
		t.Fatalf("cached summary was rebuilt: %d != %d", cached.Ts, sum.Ts)
	}
}

func connectAs(t *testing.T, g *gatewaytest.Gateway, mode, name, instance string, scopes ...string) (*gatewaytest.Client, *protocol.HelloOk) {
	t.Helper()
	c := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, "operator", scopes...)
	p.Client.ID, p.Client.Mode, p.Client.DisplayName, p.Client.InstanceID = "test", protocol.ClientMode(mode), &name, &instance
	c.Sign(p, gatewaytest.NewDevice(t))
	return c, c.MustConnect(p)
}

func findPresence(list []protocol.PresenceEntry, instance string) *protocol.PresenceEntry {
	for i := range list {
		if deref(list[i].InstanceID) == instance {
			return &list[i]
		}
	}
	return nil
}

func TestPresenceBroadcastOnDisconnectOnly(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	watcher, hello := connectAs(t, g, "ui", "watcher", "inst-w", read)
	other, _ := connectAs(t, g, "ui", "laptop", "inst-1", read)
	connectAs(t, g, "cli", "terminal", "inst-cli", read)
	var list protocol.SystemPresenceResult
	watcher.Result("system-presence", nil, &list)
	e := findPresence(list, "inst-1")
	if e == nil || deref(e.Reason) != "connect" || deref(e.Host) != "laptop" || deref(e.Text) != "Node: laptop · mode ui" || findPresence(list, "inst-cli") != nil {
		t.Fatalf("presence = %+v", list)
	}
	if deref(list[len(list)-1].Mode) != "gateway" && deref(list[0].Mode) != "gateway" {
		t.Fatalf("no gateway entry in %+v", list)
	}
	for _, f := range watcher.Frames() {
		if f.Event == "presence" {
			t.Fatalf("presence broadcast on connect: %s", f.Raw)
		}
	}
	other.Close()
	ev := watcher.NextEvent("presence")
	var payload protocol.PresenceEvent
	if err := json.Unmarshal(ev.Payload, &payload); err != nil {
		t.Fatal(err)
	}
	gone := findPresence(payload.Presence, "inst-1")
	if gone == nil || deref(gone.Reason) != "disconnect" || ev.StateVersion.Presence <= hello.Snapshot.StateVersion.Presence {
		t.Fatalf("presence after disconnect = %s", ev.Raw)
	}
}

func TestSystemEventUpdatesPresenceAndQueue(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, admin)
	c.Result("system-event", map[string]any{"text": "Node: studio is idle", "host": "studio", "lastInputSeconds": 42.7, "tags": []string{"idle", ""}}, nil)
	ev, ok := firstEvent(c.Frames(), "presence")
	if !ok {
		t.Fatal("no presence event before the system-event reply")
	}
	var payload protocol.PresenceEvent
	if err := json.Unmarshal(ev.Payload, &payload); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range payload.Presence {
		if deref(e.Host) == "studio" {
			found = deref(e.Text) == "Node: studio is idle" && e.LastInputSeconds != nil && *e.LastInputSeconds == 42 && len(e.Tags) == 1
		}
	}
	if !found || ev.StateVersion == nil {
		t.Fatalf("presence after system-event = %s", ev.Raw)
	}
	var status protocol.StatusSummary
	c.Result("status", nil, &status)
	if len(status.QueuedSystemEvents) != 1 || status.QueuedSystemEvents[0] != "Node: studio is idle" {
		t.Fatalf("status = %+v", status)
	}
	reader := operator(t, g, read)
	if res := reader.Call("system-event", map[string]any{"text": "x"}); res.OK || res.Error.Message != "missing scope: operator.admin" {
		t.Fatalf("reader system-event = %s", res.Raw)
	}
}

func TestEverySystemEventBroadcastsPresenceBeforeItsReply(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, admin)
	for _, host := range []string{"alpha", "beta", "gamma"} {
		c.Result("system-event", map[string]any{"text": host + " is up", "host": host}, nil)
		ev, ok := firstEvent(c.Frames(), "presence")
		if !ok || !strings.Contains(string(ev.Payload), `"host":"`+host+`"`) {
			t.Fatalf("system-event from %s: presence before the reply = %s (found %v)", host, ev.Raw, ok)
		}
	}
}

// firstEvent returns the first event with the given name among frames.
func firstEvent(frames []gatewaytest.Frame, name string) (gatewaytest.Frame, bool) {
	for _, f := range frames {
		if f.Type == "event" && f.Event == name {
			return f, true
		}
	}
	return gatewaytest.Frame{}, false
}

func TestStatusReportsOnlyRealValues(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ heartbeat: { everyMs: 600000 } }`})
	c := operator(t, g, read)
	var status protocol.StatusSummary
	c.Result("status", nil, &status)
	if status.RuntimeVersion == nil || *status.RuntimeVersion == "" || status.Sessions.Count != 0 || len(status.Heartbeat.Agents) != 0 {
		t.Fatalf("status = %+v", status)
	}
	if string(status.Heartbeat.Extra["every"]) != `"10m"` || string(status.Heartbeat.Extra["enabled"]) != "true" {
		t.Fatalf("heartbeat = %+v", status.Heartbeat)
	}
}

func TestLogsTailReadsTheGatewayLog(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, read)
	var first protocol.LogsTailResult
	c.Result("logs.tail", map[string]any{"limit": 50}, &first)
	if first.File != g.LogFile() || len(first.Lines) == 0 || first.Cursor != first.Size {
		t.Fatalf("tail = %+v", first)
	}
	joined := strings.Join(first.Lines, "\n")
	if !strings.Contains(joined, "gateway listening") || strings.Contains(joined, g.Token) {
		t.Fatalf("lines = %v", first.Lines)
	}
	for _, l := range first.Lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("not a JSON line: %q", l)
		}
	}
	c.Close()
	c2 := operator(t, g, read)
	var next protocol.LogsTailResult
	c2.Result("logs.tail", map[string]any{"cursor": first.Cursor}, &next)
	if next.Cursor < first.Cursor || next.Reset != nil {
		t.Fatalf("next = %+v", next)
	}
	var reset protocol.LogsTailResult
	c2.Result("logs.tail", map[string]any{"cursor": next.Size + 1000}, &reset)
	if reset.Reset == nil || !*reset.Reset {
		t.Fatalf("cursor past end = %+v", reset)
	}
	if res := c2.Call("logs.tail", map[string]any{"limit": 0}); res.OK || !strings.HasPrefix(res.Error.Message, "invalid logs.tail params") {
		t.Fatalf("limit 0 = %s", res.Raw)
	}
}

func TestIdentityIsPersistedAcrossRestarts(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	var id protocol.GatewayIdentityGetResult
	operator(t, g, read).Result("gateway.identity.get", nil, &id)
	stored, err := deviceauth.LoadIdentity(g.StateDir.IdentityFile())
	if err != nil || stored.DeviceID != id.DeviceID || deviceauth.EncodePublicKey(stored.PublicKey) != id.PublicKey {
		t.Fatalf("identity %+v, stored %+v %v", id, stored, err)
	}
	g.Stop()
	again := gatewaytest.Start(t, gatewaytest.Options{StateDir: g.StateDir})
	var id2 protocol.GatewayIdentityGetResult
	operator(t, again, read).Result("gateway.identity.get", nil, &id2)
	if id2 != id {
		t.Fatalf("identity changed across restart: %+v -> %+v", id, id2)
	}
}

func TestHeartbeatsWakeAndSurviveRestart(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, admin)
	if res := c.Call("last-heartbeat", nil); !res.OK || string(res.Payload) != "null" {
		t.Fatalf("last-heartbeat before any = %s", res.Raw)
	}
	c.Result("wake", map[string]any{"mode": "next-heartbeat", "text": "first"}, nil)
	c.Result("wake", map[string]any{"mode": "now", "text": "second"}, nil)
	ev := c.NextEvent("heartbeat")
	var hb protocol.HeartbeatEvent
	json.Unmarshal(ev.Payload, &hb)
	if hb.Status != "skipped" || deref(hb.Reason) != "no-agent" || deref(hb.Preview) != "first\nsecond" || ev.Seq == nil {
		t.Fatalf("heartbeat = %s", ev.Raw)
	}
	var enabled protocol.SetHeartbeatsResult
	c.Result("set-heartbeats", map[string]any{"enabled": false}, &enabled)
	if !enabled.Ok || enabled.Enabled {
		t.Fatalf("set-heartbeats = %+v", enabled)
	}
	var health protocol.HealthSummary
	c.Result("health", map[string]any{"probe": true}, &health)
	if health.HeartbeatSeconds != 0 {
		t.Fatalf("heartbeatSeconds while disabled = %d", health.HeartbeatSeconds)
	}
	g.Stop()
	again := gatewaytest.Start(t, gatewaytest.Options{StateDir: g.StateDir})
	var last protocol.LastHeartbeatResult
	operator(t, again, read).Result("last-heartbeat", nil, &last)
	if last.Ts != hb.Ts || deref(last.Preview) != "first\nsecond" {
		t.Fatalf("last-heartbeat after restart = %+v", last)
	}
}
