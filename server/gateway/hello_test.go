package gateway_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/version"
)

func TestHelloOkDescribesThisGateway(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := gatewaytest.Dial(t, g.URL)
	res, hello := c.Connect(gatewaytest.ConnectParams(g.Token, "operator", admin))
	if hello == nil {
		t.Fatalf("connect: %s", res.Raw)
	}
	if hello.Type != "hello-ok" || hello.Protocol != 3 || hello.Server.Version != version.Version || hello.Server.ConnID == "" {
		t.Fatalf("hello = %+v", hello)
	}
	wantMethods := []string{"health", "status", "system-presence", "system-event", "logs.tail", "gateway.identity.get",
		"models.list", "models.authStatus", "agents.list", "agent.identity.get", "agents.files.list", "agents.files.get", "channels.status", "skills.status", "last-heartbeat", "set-heartbeats", "wake",
		"device.pair.list", "device.pair.approve", "device.pair.reject", "device.pair.remove", "device.token.rotate", "device.token.revoke",
		"node.pair.request", "node.pair.list", "node.pair.approve", "node.pair.reject", "node.pair.remove", "node.pair.verify", "node.rename",
		"node.list", "node.describe", "node.invoke", "node.invoke.result", "node.event", "node.pending.drain",
		"node.pending.enqueue", "node.pending.pull", "node.pending.ack", "node.canvas.capability.refresh", "skills.bins",
		"exec.approval.request", "exec.approval.resolve", "exec.approval.get", "exec.approval.list", "exec.approval.waitDecision",
		"exec.approvals.get", "exec.approvals.set", "exec.approvals.node.get", "exec.approvals.node.set",
		"commands.list", "agent", "agent.wait", "chat.send", "chat.history", "chat.abort", "send", "sessions.list", "sessions.subscribe", "sessions.unsubscribe", "sessions.patch", "sessions.reset",
		"sessions.delete", "sessions.compact", "usage.cost",
		"config.get", "config.set", "config.patch", "config.apply", "config.schema"}
	if !slices.Equal(hello.Features.Methods, wantMethods) {
		t.Errorf("methods = %v", hello.Features.Methods)
	}
	wantEvents := []string{"connect.challenge", "tick", "shutdown", "presence", "health", "heartbeat",
		"agent", "chat", "sessions.changed", "device.pair.requested", "device.pair.resolved", "node.pair.requested", "node.pair.resolved", "node.invoke.request",
		"exec.approval.requested", "exec.approval.resolved", "voicewake.changed"}
	if !slices.Equal(hello.Features.Events, wantEvents) {
		t.Errorf("events = %v", hello.Features.Events)
	}
	p := hello.Policy
	if p.MaxPayload != 26214400 || p.MaxBufferedBytes != 52428800 || p.TickIntervalMs != 30000 {
		t.Errorf("policy = %+v", p)
	}
	snap := hello.Snapshot
	if snap.ConfigPath == nil || *snap.ConfigPath != g.StateDir.ConfigFile() || snap.StateDir == nil || snap.AuthMode == nil || *snap.AuthMode != "token" {
		t.Errorf("admin snapshot lacks its admin fields: %+v", snap)
	}
	if snap.StateVersion.Presence < 2 || snap.StateVersion.Health < 1 {
		t.Errorf("stateVersion = %+v", snap.StateVersion)
	}
	var health protocol.HealthSummary
	if err := json.Unmarshal(snap.Health, &health); err != nil || !health.Ok {
		t.Errorf("snapshot health = %s", snap.Health)
	}
	modes := []string{}
	for _, e := range snap.Presence {
		modes = append(modes, deref(e.Mode))
	}
	if !slices.Contains(modes, "gateway") || !slices.Contains(modes, "backend") {
		t.Errorf("presence modes = %v", modes)
	}
}

func TestSnapshotHidesAdminFieldsFromReaders(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := gatewaytest.Dial(t, g.URL)
	hello := c.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", read))
	if s := hello.Snapshot; s.ConfigPath != nil || s.StateDir != nil || s.AuthMode != nil {
		t.Fatalf("reader sees admin fields: %+v", s)
	}
}

func TestSecondConnectIsRefusedButSocketStays(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, admin)
	res := c.Call("connect", gatewaytest.ConnectParams(g.Token, "operator", admin))
	if res.OK || res.Error.Message != "connect is only valid as the first request" {
		t.Fatalf("second connect = %s", res.Raw)
	}
	reader := operator(t, g, read)
	res = reader.Call("connect", gatewaytest.ConnectParams(g.Token, "operator", read))
	if res.OK || res.Error.Message != "missing scope: operator.admin" {
		t.Fatalf("second connect without admin = %s", res.Raw)
	}
	c.Result("health", nil, nil)
}

func TestUnimplementedMethodsAreUnknown(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, admin)
	for _, m := range []string{"no.such.method"} { // every manifest method is served now
		res := c.Call(m, map[string]any{})
		if res.OK || res.Error.Code != "INVALID_REQUEST" || res.Error.Message != "unknown method: "+m {
			t.Errorf("%s = %s", m, res.Raw)
		}
	}
}

func TestNodeGetsVoicewakeTriggersDirectly(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ voicewake: { triggers: ["hey gate", "computer"] } }`})
	c := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, "node")
	p.Client.ID, p.Client.Mode = "node-host", "node"
	c.Sign(p, gatewaytest.NewDevice(t))
	c.MustConnect(p)
	ev := c.NextEvent("voicewake.changed")
	if ev.Seq != nil || !strings.Contains(string(ev.Payload), `"triggers":["hey gate","computer"]`) {
		t.Fatalf("voicewake = %s", ev.Raw)
	}
	res := c.Call("status", nil)
	if res.OK || res.Error.Message != "unauthorized role: node" {
		t.Fatalf("node calling status = %s", res.Raw)
	}
	c.Result("health", nil, nil)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestHandshakeTimeoutComesFromTheConfig(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { handshakeTimeoutMs: 200 } }`})
	c := gatewaytest.Dial(t, g.URL)
	if code, reason := c.Closed(); code != 1000 || reason != "" {
		t.Fatalf("close without connect = %d %q", code, reason)
	}
}

func TestTickIntervalComesFromTheConfig(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { tickIntervalMs: 1000 } }`})
	c := gatewaytest.Dial(t, g.URL)
	hello := c.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", read))
	if hello.Policy.TickIntervalMs != 1000 {
		t.Fatalf("policy = %+v", hello.Policy)
	}
	if tick := c.NextEvent("tick"); tick.Seq == nil {
		t.Fatalf("tick = %s", tick.Raw)
	}
}
