package chat_test

import (
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// operatorAt connects a backend operator at protocol version v.
func (e *env) operatorAt(v int64, scopes ...string) *gatewaytest.Client {
	e.t.Helper()
	c := gatewaytest.Dial(e.t, e.g.URL)
	p := gatewaytest.ConnectParams(e.g.Token, string(protocol.RoleOperator), scopes...)
	p.MinProtocol, p.MaxProtocol = v, v
	if hello := c.MustConnect(p); hello.Protocol != v {
		e.t.Fatalf("connected at %d, asked for %d", hello.Protocol, v)
	}
	e.t.Cleanup(c.CloseNow)
	return c
}

// v4Members are members only protocol 4 sends in this domain.
var v4Members = []string{`"deltaText"`, `"replace"`, `"agentId"`, `"isHeartbeat"`}

// TestOneRunInEachVersionsShape: a v4 client runs agent while a v3
// client watches. The v4 accepted reply names the session and agent, its
// first chat delta carries deltaText (the text so far) and its agent and
// chat events agentId (agent events isHeartbeat too); the v3 client's
// frames of the same run hold none of these, and both get the same final.
func TestOneRunInEachVersionsShape(t *testing.T) {
	hold := make(chan struct{})
	e := start(t, fakellm.APIOpenAICompletions, fakellm.Reply{Chunks: []string{"Hi", " there"}, Hold: hold, HoldAfter: 1})
	v3, v4 := e.operatorAt(3, write), e.operatorAt(4, write)
	ack := v4.Call("agent", map[string]any{"sessionKey": "agent:main:v4", "message": "hello", "idempotencyKey": "v4-1"})
	if p := payload(t, ack); p["status"] != "accepted" || p["sessionKey"] != "agent:main:v4" || p["agentId"] != "main" {
		t.Fatalf("v4 accepted = %s", ack.Raw)
	}
	isDelta := func(f *gatewaytest.Frame) bool { return isRunEvent(f, "v4-1") && f.IsEvent("chat") }
	d4, d3 := v4.Next("v4 delta", isDelta), v3.Next("v3 delta", isDelta)
	var ev protocol.ChatEvent
	if err := d4.Decode(&ev); err != nil || ev.State != protocol.ChatEventStateDelta || ev.DeltaText == nil || *ev.DeltaText != "Hi" ||
		ev.Replace != nil || ev.AgentID == nil || *ev.AgentID != "main" {
		t.Fatalf("v4 delta = %s (%v)", d4.Raw, err)
	}
	close(hold)
	run4, run3 := runFrames(t, v4, "v4-1"), runFrames(t, v3, "v4-1")
	final4, final3 := decodeRunEvent(t, run4[len(run4)-1]), decodeRunEvent(t, run3[len(run3)-1])
	if final4.State != "final" || final4.text() != "Hi there" || final3.text() != final4.text() {
		t.Fatalf("finals %s and %s", run4[len(run4)-1].Raw, run3[len(run3)-1].Raw)
	}
	for _, f := range run4 {
		if !strings.Contains(string(f.Payload), `"agentId":"main"`) || f.IsEvent("agent") && !strings.Contains(string(f.Payload), `"isHeartbeat":false`) {
			t.Errorf("v4 event without agentId or isHeartbeat: %s", f.Raw)
		}
	}
	for _, f := range append(run3, d3) {
		for _, m := range v4Members {
			if strings.Contains(string(f.Payload), m) {
				t.Errorf("v3 frame with %s: %s", m, f.Raw)
			}
		}
	}
}

// runFrames reads run id's agent and chat events up to its chat final or
// error.
func runFrames(t *testing.T, c *gatewaytest.Client, id string) []gatewaytest.Frame {
	t.Helper()
	var out []gatewaytest.Frame
	for {
		f := c.Next("event of run "+id, func(f *gatewaytest.Frame) bool { return isRunEvent(f, id) })
		out = append(out, f)
		if ev := decodeRunEvent(t, f); ev.Event == "chat" && (ev.State == "final" || ev.State == "error") {
			return out
		}
	}
}

// TestSlashCommandsAreAuthorizedAtTheCallersVersion: at protocol 4 a
// writer may set a session's model (v4 asks operator.write for
// sessions.patch's model, label and thinking level) by /model as by
// sessions.patch, while /reset still needs operator.admin and is refused
// in v4's shape, FORBIDDEN with MISSING_SCOPE details.
func TestSlashCommandsAreAuthorizedAtTheCallersVersion(t *testing.T) {
	e := start(t, fakellm.APIOpenAICompletions)
	c := e.operatorAt(4, write)
	if got := reply(t, c, "agent:main:auth4", "/model fake/other-model", "m-1"); !strings.Contains(got, "fake/other-model") {
		t.Fatalf("/model by a v4 writer = %q", got)
	}
	if f := c.Call("sessions.patch", map[string]any{"key": "agent:main:auth4", "label": "mine"}); !f.OK {
		t.Fatalf("sessions.patch by a v4 writer = %s", f.Raw)
	}
	f := c.Call("chat.send", map[string]any{"sessionKey": "agent:main:auth4", "message": "/reset", "idempotencyKey": "r-1"})
	if f.OK || f.Error.Code != "FORBIDDEN" || f.Error.Message != "missing scope: operator.admin" ||
		!strings.Contains(string(f.Raw), `"code":"MISSING_SCOPE"`) {
		t.Fatalf("/reset by a v4 writer = %s", f.Raw)
	}
}
