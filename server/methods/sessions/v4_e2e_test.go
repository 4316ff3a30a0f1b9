package sessions_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// operatorAt connects a local backend operator at protocol version v.
func (e *env) operatorAt(v int64, scopes ...string) *gatewaytest.Client {
	e.t.Helper()
	c, _ := e.helloAt(v, scopes...)
	return c
}

// helloAt is operatorAt that also returns the hello-ok.
func (e *env) helloAt(v int64, scopes ...string) (*gatewaytest.Client, *protocol.HelloOk) {
	e.t.Helper()
	c := gatewaytest.Dial(e.t, e.g.URL)
	p := gatewaytest.ConnectParams(e.g.Token, string(protocol.RoleOperator), scopes...)
	p.MinProtocol, p.MaxProtocol = v, v
	hello := c.MustConnect(p)
	if hello.Protocol != v {
		e.t.Fatalf("connected at %d, asked for %d", hello.Protocol, v)
	}
	e.t.Cleanup(c.CloseNow)
	return c, hello
}

// TestSessionsChangedInEachVersionsShape: one change reaches a v3 and a
// v4 subscriber; the v4 one gets a frame seq, agentId and the row under
// session, the v3 one exactly the v3 event (no seq, no v4 members), both
// with the row's members flat.
func TestSessionsChangedInEachVersionsShape(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	v3, v4 := e.operatorAt(3, "operator.read"), e.operatorAt(4, "operator.read")
	v3.Result("sessions.subscribe", obj{}, nil)
	v4.Result("sessions.subscribe", obj{}, nil)
	e.admin().Result("sessions.patch", obj{"key": "agent:main:v", "label": "both"}, nil)
	patched := func(f *gatewaytest.Frame) bool {
		return f.Event == protocol.EventSessionsChanged && strings.Contains(string(f.Payload), `"reason":"patch"`)
	}
	old, cur := v3.Next("v3 sessions.changed", patched), v4.Next("v4 sessions.changed", patched)
	if old.Seq != nil || strings.Contains(string(old.Payload), `"agentId"`) || strings.Contains(string(old.Payload), `"session"`) {
		t.Fatalf("v3 event = %s", old.Raw)
	}
	var ev protocol.SessionsChangedEvent
	if err := cur.Decode(&ev); err != nil || cur.Seq == nil || deref(ev.AgentID) != "main" || ev.Session == nil ||
		ev.Session.Key != "agent:main:v" || deref(ev.Session.Label) != "both" || !jsonEqual(string(ev.Extra["label"]), `"both"`) {
		t.Fatalf("v4 event = %s (%v)", cur.Raw, err)
	}
}

// TestSessionsUnsubscribeIsGoneInV4: v4 removed sessions.unsubscribe;
// a v4 caller gets an unknown method and does not see it advertised, a v3
// caller still unsubscribes.
func TestSessionsUnsubscribeIsGoneInV4(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	for _, v := range []int64{3, 4} {
		c, hello := e.helloAt(v, "operator.admin")
		if advertised := slices.Contains(hello.Features.Methods, "sessions.unsubscribe"); advertised != (v == 3) {
			t.Errorf("v%d: sessions.unsubscribe advertised %v", v, advertised)
		}
		res := c.Call("sessions.unsubscribe", obj{})
		if v == 3 && !res.OK {
			t.Fatalf("v3: %s", res.Raw)
		}
		if v == 4 {
			wantError(t, res, "INVALID_REQUEST", "unknown method: sessions.unsubscribe")
		}
	}
}
