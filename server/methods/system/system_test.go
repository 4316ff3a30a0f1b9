package system

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/health"
	"github.com/gatewire/gatewire/server/heartbeat"
	"github.com/gatewire/gatewire/server/presence"
)

func TestFormatEvery(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Minute: "30m", 2 * time.Hour: "2h", 45 * time.Second: "45s",
		1500 * time.Millisecond: "1500ms", 90 * time.Minute: "90m",
	} {
		if got := FormatEvery(d); got != want {
			t.Errorf("FormatEvery(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestBuildHealthReportsTheHeartbeatPeriodOnlyWhenEnabled(t *testing.T) {
	hb := heartbeat.New(heartbeat.Options{File: filepath.Join(t.TempDir(), "h.json"), Enabled: true, Every: 10 * time.Minute, Now: time.Now})
	s := BuildHealth(hb, time.Now)
	if !s.Ok || s.HeartbeatSeconds != 600 || s.Channels == nil || s.Agents == nil || s.Sessions.Recent == nil {
		t.Fatalf("summary = %+v", s)
	}
	hb.SetEnabled(false)
	if s := BuildHealth(hb, time.Now); s.HeartbeatSeconds != 0 {
		t.Fatalf("disabled heartbeatSeconds = %d", s.HeartbeatSeconds)
	}
	raw, _ := json.Marshal(s)
	var back map[string]any
	json.Unmarshal(raw, &back)
	for _, key := range []string{"channels", "channelOrder", "channelLabels", "agents", "sessions", "defaultAgentId"} {
		if _, ok := back[key]; !ok {
			t.Errorf("summary JSON lacks %s: %s", key, raw)
		}
	}
}

func TestPresenceListDropsEmptyStrings(t *testing.T) {
	list := PresenceList([]presence.Entry{{Host: "h", TS: 5, Text: ""}})
	e := list[0]
	if e.Host == nil || *e.Host != "h" || e.IP != nil || e.Text != nil || e.Ts != 5 {
		t.Fatalf("entry = %+v", e)
	}
}

func TestWakeQueuesAndSetHeartbeatsSwitches(t *testing.T) {
	hb := heartbeat.New(heartbeat.Options{File: filepath.Join(t.TempDir(), "h.json"), Enabled: true, Every: time.Hour, Now: time.Now})
	h := New(Deps{Heartbeat: hb})
	if _, err := h.Wake(context.Background(), testCall(), &protocol.WakeParams{Mode: protocol.WakeParamsModeNextHeartbeat, Text: "later"}); err != nil {
		t.Fatal(err)
	}
	if q := hb.Queued(); len(q) != 1 || q[0] != "later" {
		t.Fatalf("queue = %v", q)
	}
	res, _ := h.SetHeartbeats(context.Background(), testCall(), &protocol.SetHeartbeatsParams{Enabled: false})
	if on, _ := hb.Enabled(); on || !res.Ok || res.Enabled {
		t.Fatalf("set-heartbeats: %+v, enabled %v", res, on)
	}
	if last, err := h.LastHeartbeat(context.Background(), testCall(), nil); last != nil || err != nil {
		t.Fatalf("last before any = %v %v", last, err)
	}
	hb.RunNow()
	last, _ := h.LastHeartbeat(context.Background(), testCall(), nil)
	if last == nil || last.Status != protocol.HeartbeatRunStatusSkipped || *last.Reason != heartbeat.ReasonDisabled || *last.Preview != "later" {
		t.Fatalf("last = %+v", last)
	}
}

func TestFastPathsReplyLikeTheTypedMethods(t *testing.T) {
	hb := heartbeat.New(heartbeat.Options{File: filepath.Join(t.TempDir(), "h.json"), Enabled: true, Every: time.Minute, Now: time.Now})
	cache := health.New(func() protocol.HealthSummary { return BuildHealth(hb, time.Now) }, nil, time.Now)
	now := time.UnixMilli(1_700_000_000_000)
	reg := presence.New(presence.Entry{Host: "gw"}, func() time.Time { return now })
	reg.SetShape(ShapePresence)
	reg.Connect("k", presence.Entry{Host: "laptop", Mode: "ui", Roles: []string{"operator"}, ClientID: "test", TimeZone: "UTC"})
	reg.Connect("cleared", presence.Entry{Host: "tool", Mode: "backend", Roles: []string{"operator"}, Scopes: []string{}, Tags: []string{""}})
	h := New(Deps{Health: cache, Presence: reg, Heartbeat: hb})
	fast := h.FastPaths()
	ctx := context.Background()

	for _, v := range []int{3, 4} {
		call := testCall()
		call.Peer.Protocol = v
		typed, _ := h.Health(ctx, call, &protocol.HealthParams{})
		want, _ := json.Marshal(rpc.Shape(typed, v))
		got, err := fast["health"](ctx, call, json.RawMessage(`{}`))
		if err != nil || string(got.(json.RawMessage)) != string(want) {
			t.Fatalf("v%d health fast = %s, typed = %s (%v)", v, got, want, err)
		}
		list, _ := h.SystemPresence(ctx, call, nil)
		want, _ = json.Marshal(rpc.Shape(list, v))
		got, _ = fast["system-presence"](ctx, call, nil)
		if string(got.(json.RawMessage)) != string(want) {
			t.Fatalf("v%d presence fast = %s, typed = %s", v, got, want)
		}
	}
	probed, _ := fast["health"](ctx, testCall(), json.RawMessage(`{"probe":true,"extra":1}`))
	if cache.Version() != 3 || string(probed.(json.RawMessage)) == "" {
		t.Fatalf("probe did not refresh: version %d", cache.Version())
	}
}

// testCall is a call from an operator admin outside a connection: work
// after the reply runs at once.
func testCall() *rpc.Call {
	return rpc.NewCall("test", "", &rpc.Peer{Role: rpc.RoleOperator, Scopes: []string{"operator.admin"}}, protocol.Manifest.Scopes, nil)
}
